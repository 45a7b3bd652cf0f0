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


_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
    ),
}


def _esc(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sheet_row(number, cells):
    """The XML of one row of inline strings (None leaves a cell out)."""
    from openpyxl.utils import get_column_letter

    parts = [f'<row r="{number}">']
    for i, value in enumerate(cells):
        if value is None:
            continue
        ref = f"{get_column_letter(i + 1)}{number}"
        parts.append(f'<c r="{ref}" t="inlineStr"><is><t>{_esc(value)}</t></is></c>')
    parts.append("</row>")
    return "".join(parts)


def raw_xlsx(path_or_buffer, rows_xml, shared_strings=None, level=9):
    """Write an XLSX file part by part, so that a test or a benchmark can build files far larger
    once unpacked than memory would hold: `rows_xml` is an iterable of row XML strings (see
    `sheet_row`), `shared_strings` an optional iterable of the strings' XML chunks."""
    import zipfile

    with zipfile.ZipFile(
        path_or_buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level
    ) as zf:
        for name, text in _PARTS.items():
            zf.writestr(name, text)
        if shared_strings is not None:
            with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
                out.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_NS}">'.encode())
                for chunk in shared_strings:
                    out.write(chunk.encode())
                out.write(b"</sst>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_NS}"><sheetData>'
            out.write(head.encode())
            for row in rows_xml:
                out.write(row.encode())
            out.write(b"</sheetData></worksheet>")
    return path_or_buffer
