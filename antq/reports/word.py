"""A `document.Report` as a Word document laid out as a Vietnamese administrative document
(văn bản hành chính), after Decree 30/2020/NĐ-CP on clerical work, Appendix I, Part I:
- I.1–I.3: A4 paper, portrait, margins 20–25 mm top and bottom, 30–35 mm left, 15–20 mm right;
- I.4–I.5: Times New Roman, black, the sizes each element is given below;
- I.7: page numbers from 1, centred in the top margin, not shown on the first page;
- II.1–II.9: the national title and motto, the issuing body, the number, the place and date,
  the type and title, the text, the signer and the recipients, each where and as written there.
English and Arabic reports keep the same layout with translated labels; Arabic runs right to left
(`w:bidi` paragraphs, `w:rtl` runs, `w:bidiVisual` tables).

The paragraphs and tables are written as WordprocessingML directly (python-docx makes the
package, the styles and the section): a province's report holds thousands of cells, and
python-docx's cell API costs more per cell than the whole XML.
"""

import io
import re
from copy import deepcopy

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

FONT = "Times New Roman"  # I.4
BODY_PT = 13  # II.6: the text, 13 to 14
HEAD_PT = 12  # II.1.a, II.2: the national title and the bodies' names, 12 to 13
MOTTO_PT = 13  # II.1.b: the motto, 13 to 14 (one point above the title)
TITLE_PT = 14  # II.5: the type and the title, 13 to 14
RECIPIENT_LABEL_PT = 12  # II.9.b: "Nơi nhận:", 12, bold italic
RECIPIENT_PT = 11  # II.9.b: the recipients, 11
TABLE_PT = 11  # the tables by unit: smaller than the text, as reports' tables are set
TABLE_DENSE_PT = 10  # tables of many columns
TABLE_DENSER_PT = 8  # and of very many

PAGE_W, PAGE_H = 210, 297  # I.1, mm
TOP, BOTTOM, LEFT, RIGHT = 20, 20, 30, 15  # I.3, mm (the narrow end of each range: more room)
TEXT_W = PAGE_W - LEFT - RIGHT  # 165 mm
TWIPS_PER_MM = 1440 / 25.4
LEFT_BLOCK, RIGHT_BLOCK = 66, TEXT_W - 66  # I.6: the issuing body left, the national title right


_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _twips(mm):
    return int(round(mm * TWIPS_PER_MM))


def _el(tag, **attrs):
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NSMAP = {"w": _W[1:-1]}
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _bare(tag):
    """An element of the main namespace with no attributes, made by lxml itself: the
    paragraphs, runs and cells of the tables, many thousands of them."""
    return etree.Element(_W + tag, nsmap=_NSMAP)


def _copied(make):
    """`make(*args)` built once per arguments, then copied (lxml copies an element far faster
    than python-docx builds one: a province's report holds tens of thousands of them)."""
    built = {}

    def copy(*args):
        if args not in built:
            built[args] = make(*args)
        return deepcopy(built[args])

    return copy


@_copied
def _run_props(size, bold=False, italic=False, rtl=False):
    rpr = _el("w:rPr")
    rpr.append(_el("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT))
    if bold:
        rpr.append(_el("w:b"))
        rpr.append(_el("w:bCs"))
    if italic:
        rpr.append(_el("w:i"))
        rpr.append(_el("w:iCs"))
    rpr.append(_el("w:sz", val=int(size * 2)))
    rpr.append(_el("w:szCs", val=int(size * 2)))
    if rtl:
        rpr.append(_el("w:rtl"))
    return rpr


@_copied
def _para_props(rtl, align, before, after, first_line, keep_next, rule):
    ppr = _el("w:pPr")
    if keep_next:
        ppr.append(_el("w:keepNext"))
    if rule:
        borders = _el("w:pBdr")
        borders.append(_el("w:bottom", val="single", sz=6, space=1, color="000000"))
        ppr.append(borders)
    if rtl:
        ppr.append(_el("w:bidi"))
    ppr.append(
        _el("w:spacing", before=int(before * 20), after=int(after * 20), line=240,
            lineRule="auto")
    )  # fmt: skip
    if rule:
        length, block = rule
        side = _twips((block - length) / 2)
        ppr.append(_el("w:ind", left=side, right=side))
    elif first_line:
        ppr.append(_el("w:ind", firstLine=_twips(first_line)))
    ppr.append(_el("w:jc", val=align))
    if rule:
        ppr.append(_run_props(2))
    return ppr


@_copied
def _cell_props(width, span, header):
    tcpr = _el("w:tcPr")
    tcpr.append(_el("w:tcW", w=width, type="dxa"))
    if span > 1:
        tcpr.append(_el("w:gridSpan", val=span))
    tcpr.append(_el("w:vAlign", val="center" if header else "top"))
    return tcpr


class Writer:
    """Appends paragraphs and tables to a container (the body, a cell), in one direction."""

    def __init__(self, rtl):
        self.rtl = rtl

    def para(
        self,
        parent,
        text="",
        *,
        size=BODY_PT,
        bold=False,
        italic=False,
        align="center",
        before=0,
        after=0,
        first_line=None,
        keep_next=False,
        rule=None,
    ):
        """A paragraph; `rule` (mm) makes it a horizontal line of that length, centred in a
        block `rule[1]` mm wide (the lines under the motto, the body and the title)."""
        p = _bare("p")
        p.append(_para_props(self.rtl, align, before, after, first_line, keep_next, rule))
        if text:
            run = _bare("r")
            run.append(_run_props(size, bold, italic, self.rtl))
            t = _bare("t")
            # control characters (a pasted name can hold one) are not allowed in XML
            t.text = _XML_UNSAFE.sub("", str(text))
            t.set(_SPACE, "preserve")
            run.append(t)
            p.append(run)
        parent.append(p)
        return p

    def table(self, parent, widths_mm, *, borders=True):
        """An empty table of fixed column widths; rows are added with `row`."""
        tbl = _el("w:tbl")
        tpr = _el("w:tblPr")
        if self.rtl:
            tpr.append(_el("w:bidiVisual"))
        tpr.append(_el("w:tblW", w=sum(_twips(w) for w in widths_mm), type="dxa"))
        tpr.append(_el("w:jc", val="center"))
        edges = _el("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            if borders:
                edges.append(_el(f"w:{edge}", val="single", sz=4, space=0, color="000000"))
            else:
                edges.append(_el(f"w:{edge}", val="nil"))
        tpr.append(edges)
        tpr.append(_el("w:tblLayout", type="fixed"))
        margins = _el("w:tblCellMar")
        margins.append(_el("w:left", w=57, type="dxa"))
        margins.append(_el("w:right", w=57, type="dxa"))
        tpr.append(margins)
        tbl.append(tpr)
        grid = _el("w:tblGrid")
        for width in widths_mm:
            grid.append(_el("w:gridCol", w=_twips(width)))
        tbl.append(grid)
        parent.append(tbl)
        return tbl

    def row(self, tbl, widths_mm, *, header=False):
        """A row of cells, each (width in mm, span); returns the cells to fill."""
        tr = _bare("tr")
        if header:
            trpr = _el("w:trPr")
            trpr.append(_el("w:tblHeader"))  # repeated at the top of each page
            tr.append(trpr)
        cells = []
        for width, span in widths_mm:
            tc = _bare("tc")
            tc.append(_cell_props(_twips(width), span, header))
            tr.append(tc)
            cells.append(tc)
        tbl.append(tr)
        return cells


def column_widths(header, rows, total_mm, size_pt):
    """Widths (mm) that follow the content: each column as wide as its longest cell, or its
    header set on up to three lines (never narrower than the header's longest word), then all
    scaled to fill the text width."""
    char_mm = size_pt * 0.5 * 25.4 / 72  # an average character of Times at that size
    pad = 2.5
    need = []
    for i, head in enumerate(header):
        words = max((len(w) for w in str(head).split()), default=1)
        longest = max((len(str(r[i])) for r in rows if i < len(r)), default=0)
        need.append(max(words, -(-len(str(head)) // 3), longest, 2) * char_mm + pad)
    if need:
        need[0] = min(need[0], total_mm * 0.4)  # the names of units wrap beyond two fifths
    scale = total_mm / sum(need)
    return [n * scale for n in need]


def _style(doc, lang):
    style = doc.styles["Normal"]
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    rpr.insert(0, _el("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT))
    style.font.size = Pt(BODY_PT)
    rpr.append(_el("w:szCs", val=BODY_PT * 2))
    rpr.append(_el("w:lang", val={"vi": "vi-VN", "en": "en-GB"}.get(lang, "ar-SA"),
                   bidi="ar-SA"))  # fmt: skip


def _page(doc, writer):
    """I.1–I.3 (A4, portrait, margins) and I.7 (page numbers, centred at the top, not on page
    one: the first page has a header of its own, left empty)."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    for p in list(header._element):
        header._element.remove(p)
    p = writer.para(header._element, size=BODY_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):  # fmt: skip
        run = _el("w:r")
        run.append(_run_props(BODY_PT))
        if kind:
            run.append(_el("w:fldChar", fldCharType=kind))
        elif text.strip() == "PAGE":
            code = _el("w:instrText")
            code.text = text
            run.append(code)
        else:
            t = _el("w:t")
            t.text = text
            run.append(t)
        p.append(run)
    first = section.first_page_header
    first.is_linked_to_previous = False


def _cell(writer, tc, lines):
    """Fill a cell with (text, options) paragraphs; a cell needs at least one."""
    for text, options in lines or [("", {})]:
        writer.para(tc, text, **options)


def _heading_block(writer, body, report):
    """II.1–II.4 in the two blocks of the first page (I.6): on the left the body above (capitals)
    and the issuing body (capitals, bold) over a short line, then the number; on the right the
    national title (capitals, bold) and the motto (bold) over a line as long as it, then the
    place and date (italic)."""
    superior, issuer = report.issuer
    left, right = writer.row(
        writer.table(body, [LEFT_BLOCK, RIGHT_BLOCK], borders=False),
        [(LEFT_BLOCK, 1), (RIGHT_BLOCK, 1)],
    )
    if superior:
        writer.para(left, superior, size=HEAD_PT)
    writer.para(left, issuer, size=HEAD_PT, bold=True)
    # II.2: a line under the issuing body, a third to a half of its length
    writer.para(left, rule=(min(LEFT_BLOCK * 0.45, 25), LEFT_BLOCK), after=4)
    writer.para(left, report.number, size=BODY_PT)  # II.3: 13, upright, centred
    writer.para(right, report.national[0], size=HEAD_PT, bold=True)
    writer.para(right, report.national[1], size=MOTTO_PT, bold=True)
    # II.1.b: a line under the motto as long as it
    writer.para(right, rule=(len(report.national[1]) * MOTTO_PT * 0.18, RIGHT_BLOCK), after=4)
    writer.para(right, report.place_date, size=BODY_PT, italic=True)


def _data_table(writer, body, header, rows, *, quiet_kinds=("quiet",), bold_kinds=("total",)):
    """A table by unit (or a list): columns sized to their content, the header repeated on each
    page, numbers aligned to the end of their cells."""
    texts = [[r[1], *r[2]] for r in rows if r[0] not in quiet_kinds]
    size = TABLE_DENSER_PT if len(header) > 12 else TABLE_DENSE_PT if len(header) > 7 else TABLE_PT
    widths = column_widths(header, texts, TEXT_W, size)
    tbl = writer.table(body, widths)
    cells = writer.row(tbl, [(w, 1) for w in widths], header=True)
    for tc, text in zip(cells, header, strict=True):
        writer.para(tc, str(text), size=size, bold=True)
    for kind, name, values, numeric in rows:
        if kind in quiet_kinds:
            (tc,) = writer.row(tbl, [(TEXT_W, len(widths))])
            writer.para(tc, name, size=size, italic=True, align="left")
            continue
        cells = writer.row(tbl, [(w, 1) for w in widths])
        bold = kind in bold_kinds
        writer.para(cells[0], str(name), size=size, bold=bold, align="left")
        for tc, text in zip(cells[1:], values, strict=True):
            writer.para(tc, str(text), size=size, bold=bold, align="right" if numeric else "left")


def _closing(writer, body, report):
    """II.9 (recipients, left) and II.7 (the signer, right) side by side after the text."""
    half = TEXT_W / 2
    left, right = writer.row(
        writer.table(body, [half, half], borders=False), [(half, 1), (half, 1)]
    )
    writer.para(left, report.recipients_label, size=RECIPIENT_LABEL_PT, bold=True, italic=True,
                align="left")  # fmt: skip
    for line in report.recipients:
        writer.para(left, line, size=RECIPIENT_PT, align="left")
    writer.para(right, report.signer_position, size=BODY_PT, bold=True)
    for _blank in range(4):  # room for the signature and the seal
        writer.para(right, size=BODY_PT)
    writer.para(right, report.signer_name, size=BODY_PT, bold=True)


def to_docx(report) -> bytes:
    doc = Document()
    writer = Writer(report.bidi)
    _style(doc, report.lang)
    _page(doc, writer)
    body = doc.element.body
    section_properties = body[-1]
    body.remove(section_properties)  # appended again last, as the schema wants

    _heading_block(writer, body, report)
    # II.5: the type (capitals, bold) and the title (bold) under it, centred, over a short line
    writer.para(body, report.title, size=TITLE_PT, bold=True, before=18)
    writer.para(body, report.subtitle, size=TITLE_PT, bold=True)
    writer.para(body, rule=(45, TEXT_W), after=6)
    writer.para(body, report.boundaries, size=BODY_PT - 1, italic=True, after=6)
    if report.signature:
        writer.para(body, report.signature, size=BODY_PT, bold=True, after=6)
    # II.6: the text justified, its first lines indented 1 cm, 6 pt between paragraphs
    text = {"align": "both", "first_line": 10, "after": 6}
    for paragraph in report.introduction:
        writer.para(body, paragraph, **text)
    for number, section in enumerate(report.sections, 1):
        writer.para(body, f"{number}. {section.heading}", bold=True, align="both", before=6,
                    after=6, keep_next=True)  # fmt: skip
        for paragraph in section.paragraphs:
            writer.para(body, paragraph, **text)
        table = section.table
        rows = [(r.kind, r.name, r.cells, True) for r in table.laid_out()]
        _data_table(writer, body, [report.unit_label, *(c.name for c in table.columns)], rows)
        writer.para(body, after=6)
    for number, listing in enumerate(report.listings, len(report.sections) + 1):
        writer.para(body, f"{number}. {listing.heading}", bold=True, align="both", before=6,
                    after=6, keep_next=True)  # fmt: skip
        if listing.rows:
            rows = [("row", r[0], r[1:], False) for r in listing.rows]
            _data_table(writer, body, listing.headers, rows)
        for note in listing.notes:
            writer.para(body, note, **text)
    writer.para(body, after=6)
    _closing(writer, body, report)
    body.append(section_properties)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
