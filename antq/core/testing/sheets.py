"""Spreadsheets for import tests."""

import io

from openpyxl import Workbook


def xlsx_bytes(header, rows):
    """An XLSX file with one sheet: the header row, then the rows."""
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
