"""Bounded readers for uploaded CSV and XLSX tables: rows come one at a time, and a file that is
too big in any way (rows, a cell, a line, its decompressed size) is refused before the work it
would cost is done.

An XLSX file is a zip of XML parts. Its entries' uncompressed sizes (which `zipfile` enforces
while inflating) and their compression ratios are checked before anything is parsed; the shared
strings are kept compactly (one UTF-8 buffer and offsets); the sheet's rows are counted by a
byte scan, then parsed row by row with lxml, which refuses any text node over 10 MB.
"""

import codecs
import csv
import re
import zipfile
from array import array

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_COLUMNS = 200
MAX_LINE_BYTES = 1024 * 1024  # one CSV row (all its lines) or one XLSX row's XML
MAX_ENTRIES = 2000
MAX_RATIO = 100  # uncompressed / compressed, for entries over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 48 * 1024 * 1024
MAX_PART_BYTES = 4 * 1024 * 1024  # workbook, relationships, styles: small parts read whole

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")


class TableError(Exception):
    """The file is refused. `row` (1-based, 0 for the whole file) and `column` (0-based index or
    None) say where, for the row/column report."""

    def __init__(self, message, row=0, column=None):
        super().__init__(message)
        self.row = row
        self.column = column


def max_unzipped_bytes():
    return settings.ANTQ_IMPORT_MAX_UNZIPPED_MB * 1024 * 1024


def _too_long(row, column):
    return TableError(
        _("Longer than {limit} characters.").format(limit=MAX_CELL_CHARS), row, column
    )


def _unreadable(exc, row=0):
    """lxml stops at any text over 10 MB (no `huge_tree`): that is a cell far too long."""
    if "huge" in str(exc).lower():
        return _too_long(row, None)
    return TableError(_("This is not a readable XLSX file."))


def _too_wide(row):
    return TableError(_("More than {n} columns.").format(n=MAX_COLUMNS), row)


def _too_many_rows(max_rows):
    return TableError(_("At most {n} rows per file.").format(n=max_rows), 1)


class Table:
    """Rows of an uploaded table: `rows` yields (row number, list of cell values); `estimate`
    is the number of rows expected, for progress."""

    def __init__(self, rows, estimate):
        self.rows = rows
        self.estimate = estimate


def open_table(stream, filename, *, max_rows):
    """A Table over `stream` (a seekable binary file); raises TableError."""
    head = stream.read(4)
    stream.seek(0)
    is_zip = head[:2] == b"PK"
    if (filename or "").lower().endswith(".csv"):
        if is_zip:
            raise TableError(
                _(
                    "This is an XLSX (zip) file, not CSV: upload it with the .xlsx extension, "
                    "or save it as CSV (UTF-8) first."
                )
            )
        return _csv_table(stream, max_rows)
    if not is_zip:
        raise TableError(_("This is not a readable XLSX file."))
    return _xlsx_table(stream, max_rows)


# --- CSV --------------------------------------------------------------------------------


def _csv_table(stream, max_rows):
    estimate = 0
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        estimate += chunk.count(b"\n")
    stream.seek(0)
    return Table(_csv_rows(stream, max_rows), max(estimate - 1, 0))


def _csv_rows(stream, max_rows):
    """Lines are decoded one at a time and a row may span lines (quoted newlines) only up to
    MAX_LINE_BYTES in all, so no line or field is ever held whole beyond that."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    state = {"row_bytes": 0, "line": 0}

    def lines():
        while True:
            raw = stream.readline(MAX_LINE_BYTES + 1)
            if not raw:
                text = decoder.decode(b"", final=True)
                if text:
                    yield text
                return
            state["line"] += 1
            state["row_bytes"] += len(raw)
            if state["row_bytes"] > MAX_LINE_BYTES:
                raise TableError(
                    _("Line {line} is too long (more than {n} MB).").format(
                        line=state["line"], n=MAX_LINE_BYTES // (1024 * 1024)
                    ),
                    state["line"],
                )
            try:
                yield decoder.decode(raw)
            except UnicodeDecodeError as exc:
                raise TableError(_("The file is not UTF-8 text.")) from exc

    reader = csv.reader(lines())
    body = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise TableError(
                _("The CSV file cannot be read at line {line}.").format(line=reader.line_num),
                reader.line_num,
            ) from exc
        state["row_bytes"] = 0
        rownum = reader.line_num
        if len(cells) > MAX_COLUMNS:
            raise _too_wide(rownum)
        if cells and max(map(len, cells)) > MAX_CELL_CHARS:
            for i, cell in enumerate(cells):
                if len(cell) > MAX_CELL_CHARS:
                    raise _too_long(rownum, i)
        # a cell not only white space (joined, the cells hold one exactly when one of them does)
        if rownum > 1 and "".join(cells).strip():
            body += 1
            if body > max_rows:
                raise _too_many_rows(max_rows)
        yield rownum, cells


# --- XLSX -------------------------------------------------------------------------------


def _xlsx_table(stream, max_rows):
    try:
        zf = zipfile.ZipFile(stream)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableError(_("This is not a readable XLSX file.")) from exc
    _check_entries(infos)
    try:
        sheet, epoch = _first_sheet(zf)
        date_styles = _date_styles(zf)
        shared = _shared_strings(zf)
        count = _count_rows(zf, sheet)
    except etree.XMLSyntaxError as exc:
        raise _unreadable(exc) from exc
    except (KeyError, zipfile.BadZipFile, EOFError, OSError) as exc:
        raise TableError(_("This is not a readable XLSX file.")) from exc
    if count > max_rows + 1:
        raise _too_many_rows(max_rows)
    return Table(_xlsx_rows(zf, sheet, shared, date_styles, epoch, max_rows), max(count - 1, 0))


def _check_entries(infos):
    """Refuse on the sizes the zip declares (zipfile stops inflating at the declared size, so
    they cannot be exceeded) before any entry is inflated."""
    if len(infos) > MAX_ENTRIES:
        raise TableError(_("This is not a readable XLSX file."))
    limit = max_unzipped_bytes()
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise TableError(
                _(
                    "The file unpacks to far more data than it holds (a part is compressed more "
                    "than {ratio} times); it is refused."
                ).format(ratio=MAX_RATIO)
            )
        if info.filename.lower() == "xl/sharedstrings.xml" and (
            info.file_size > MAX_SHARED_STRINGS_BYTES
        ):
            raise TableError(
                _("The file's shared text is larger than {n} MB once unpacked.").format(
                    n=MAX_SHARED_STRINGS_BYTES // (1024 * 1024)
                )
            )
    if total > limit:
        raise TableError(
            _("The file is larger than {n} MB once unpacked.").format(
                n=settings.ANTQ_IMPORT_MAX_UNZIPPED_MB
            )
        )


def _parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _read_part(zf, name):
    info = zf.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise TableError(_("This is not a readable XLSX file."))
    return etree.fromstring(zf.read(info), _parser())


def _first_sheet(zf):
    """The first sheet's part name and the workbook's date epoch."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

    workbook = _read_part(zf, "xl/workbook.xml")
    pr = workbook.find(f"{{{NS}}}workbookPr")
    mac = pr is not None and pr.get("date1904") in ("1", "true")
    first = workbook.find(f"{{{NS}}}sheets/{{{NS}}}sheet")
    if first is None:
        raise KeyError("sheet")
    rid = first.get(f"{{{REL_NS}}}id")
    rels = _read_part(zf, "xl/_rels/workbook.xml.rels")
    for rel in rels.iter(f"{{{PKG_REL_NS}}}Relationship"):
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            zf.getinfo(name)
            return name, CALENDAR_MAC_1904 if mac else CALENDAR_WINDOWS_1900
    raise KeyError(rid)


def _date_styles(zf):
    """Indexes of the cell styles that show a number as a date (as openpyxl reads them)."""
    from openpyxl.styles.numbers import builtin_format_code, is_date_format

    try:
        styles = _read_part(zf, "xl/styles.xml")
    except KeyError:
        return frozenset()
    custom = {
        int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in styles.iter(f"{{{NS}}}numFmt")
    }
    xfs = styles.find(f"{{{NS}}}cellXfs")
    found = set()
    for index, xf in enumerate(() if xfs is None else xfs.iterfind(f"{{{NS}}}xf")):
        fmt_id = int(xf.get("numFmtId", "0"))
        fmt = custom.get(fmt_id) or builtin_format_code(fmt_id)
        if fmt and is_date_format(fmt):
            found.add(index)
    return frozenset(found)


class SharedStrings:
    """The workbook's shared strings in one UTF-8 buffer with offsets: a few bytes per string
    instead of a Python object each. A string over MAX_CELL_CHARS is kept as None (refused
    when a cell uses it)."""

    def __init__(self):
        self.buffer = bytearray()
        self.offsets = array("Q", [0])
        self.too_long = set()

    def add(self, text):
        if len(text) > MAX_CELL_CHARS:
            self.too_long.add(len(self.offsets) - 1)
            text = ""
        self.buffer += text.encode("utf-8")
        self.offsets.append(len(self.buffer))

    def __len__(self):
        return len(self.offsets) - 1

    def get(self, index):
        """The string, or None when it is too long; IndexError when there is none."""
        if index < 0 or index >= len(self):
            raise IndexError(index)
        if index in self.too_long:
            return None
        return self.buffer[self.offsets[index] : self.offsets[index + 1]].decode("utf-8")


def _text_of(element):
    """The text of a shared or inline string: its <t>, or its rich-text runs' <t>s."""
    parts = [
        t.text or "" for t in element.iter(f"{{{NS}}}t") if t.getparent().tag != f"{{{NS}}}rPh"
    ]
    return "".join(parts)


def _shared_strings(zf):
    shared = SharedStrings()
    try:
        stream = zf.open("xl/sharedStrings.xml")
    except KeyError:
        return shared
    with stream:
        for _event, si in etree.iterparse(
            stream,
            events=("end",),
            tag=f"{{{NS}}}si",
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
        ):
            shared.add(_text_of(si))
            si.clear()
            while si.getprevious() is not None:
                del si.getparent()[0]
    return shared


def _count_rows(zf, sheet):
    """Row elements in the sheet, by a scan of the inflated bytes (no parsing)."""
    count = 0
    tail = b""
    with zf.open(sheet) as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            data = tail + chunk
            count += len(_ROW_START.findall(data, 0, max(len(data) - 64, 0)))
            tail = data[max(len(data) - 64, 0) :]
    return count + len(_ROW_START.findall(tail))


def _column_index(ref, fallback):
    m = _CELL_REF.match(ref or "")
    if not m:
        return fallback
    index = 0
    for ch in m.group(1):
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def _cell_value(c, rownum, column, shared, date_styles, epoch):
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    kind = c.get("t", "n")
    if kind == "inlineStr":
        inline = c.find(f"{{{NS}}}is")
        return None if inline is None else _text_of(inline)
    v = c.find(f"{{{NS}}}v")
    raw = None if v is None else v.text
    if raw is None:
        return None
    if kind == "s":
        try:
            value = shared.get(int(raw))
        except (ValueError, IndexError) as exc:
            raise TableError(_("This is not a readable XLSX file."), rownum, column) from exc
        if value is None:
            raise _too_long(rownum, column)
        return value
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "d":
        try:
            return from_ISO8601(raw)
        except ValueError:
            return raw
    if kind in ("str", "e"):
        return raw
    try:
        number = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
    except ValueError:
        return raw
    if int(c.get("s", "0") or 0) in date_styles:
        try:
            return from_excel(number, epoch)
        except (OverflowError, ValueError):
            return raw
    return number


# elements that hold a cell's content: kept until their row ends; every other element is
# dropped as soon as it ends, so no part of the sheet outside the current row stays in memory
_IN_ROW = frozenset(f"{{{NS}}}{t}" for t in ("row", "c", "is", "r", "rPr", "rPh", "f", "v", "t"))


def _xlsx_rows(zf, sheet, shared, date_styles, epoch, max_rows):
    row_tag = f"{{{NS}}}row"
    cell_tag = f"{{{NS}}}c"
    body = 0
    last = 0
    with zf.open(sheet) as stream:
        events = etree.iterparse(
            stream, events=("end",), resolve_entities=False, no_network=True, huge_tree=False
        )
        try:
            for _event, element in events:
                if element.tag != row_tag:
                    parent = element.getparent()
                    if parent is not None and parent.tag not in _IN_ROW:
                        parent.remove(element)
                    continue
                try:
                    rownum = int(element.get("r") or last + 1)
                except ValueError:
                    rownum = last + 1
                # openpyxl numbers rows by their place in the sheet: keep that numbering
                if rownum <= last:
                    rownum = last + 1
                last = rownum
                cells = _row_cells(element, cell_tag, rownum, shared, date_styles, epoch)
                element.getparent().remove(element)
                if rownum > 1 and any(not blank(c) for c in cells):
                    body += 1
                    if body > max_rows:
                        raise _too_many_rows(max_rows)
                yield rownum, cells
        except etree.XMLSyntaxError as exc:
            raise _unreadable(exc, last + 1) from exc
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise TableError(_("This is not a readable XLSX file.")) from exc


def blank(cell):
    """An empty cell: nothing, or only white space."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _row_cells(row, cell_tag, rownum, shared, date_styles, epoch):
    cells = []
    size = 0
    for c in row.iterfind(cell_tag):
        column = _column_index(c.get("r"), len(cells))
        if column >= MAX_COLUMNS:
            raise _too_wide(rownum)
        value = _cell_value(c, rownum, column, shared, date_styles, epoch)
        if isinstance(value, str):
            if len(value) > MAX_CELL_CHARS:
                raise _too_long(rownum, column)
            size += len(value)
            if size > MAX_LINE_BYTES:
                raise TableError(
                    _("Row {row} is too long (more than {n} MB).").format(
                        row=rownum, n=MAX_LINE_BYTES // (1024 * 1024)
                    ),
                    rownum,
                )
        if column >= len(cells):
            cells.extend([None] * (column - len(cells) + 1))
        cells[column] = value
    return cells
