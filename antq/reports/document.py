"""The document a period report is: its title block, narrative sections with their tables,
and the lists after the tables, every text already in the report's language. `writing` makes
one; the renderers lay it out as Markdown, DOCX, XLSX or CSV."""

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Column:
    key: str
    name: str
    is_rate: bool


@dataclass
class Row:
    """One line of a table: a child area, the area's own records, or the total."""

    code: str
    name: str
    kind: str  # "child" | "own" | "total"
    values: dict  # key → number (value), rates under "<key>%" as Decimal fractions or None
    cells: list  # formatted, one per column

    @property
    def has_figures(self):
        return any(self.values.values())


@dataclass
class Table:
    columns: list
    rows: list
    # the line that stands for the child units with no figure at all ("12 other units: no
    # figures"), written by `writing` in the report's language when there are two or more
    quiet_label: str = ""

    @property
    def quiet(self):
        return [r for r in self.rows if r.kind == "child" and not r.has_figures]

    def laid_out(self):
        """The rows a document shows: the child units with a figure, one line (kind "quiet",
        no cells) for those without any, then the unit's own records and the total. XLSX and
        CSV keep every row: they are data."""
        if len(self.quiet) < 2:  # one line for one unit saves nothing and loses its name
            return self.rows
        shown = [r for r in self.rows if r.kind != "child" or r.has_figures]
        at = next((i for i, r in enumerate(shown) if r.kind != "child"), len(shown))
        line = Row("", self.quiet_label, "quiet", {}, [])
        return [*shown[:at], line, *shown[at:]]


@dataclass
class Section:
    group: str
    heading: str
    paragraphs: list
    table: Table


@dataclass
class Report:
    lang: str
    bidi: bool
    title: str
    subtitle: str
    issuer: list  # the body above (or "") and the issuing body, in capitals
    national: list  # the national title and motto (or their translation)
    place_date: str
    unit: str
    unit_code: str
    date_from: date
    date_to: date
    period: str
    boundaries: str
    introduction: list
    sections: list = field(default_factory=list)
    unit_label: str = ""
    total_label: str = ""
    commendations: object = None  # a Listing: the commendations after the tables
    folded: object = None  # a Listing: former communes by today's unit (today's boundaries)
    signature: str = ""  # the sign-off note of a signed report
    number: str = ""  # "Số: 05/BC-CATQT"
    recipients_label: str = ""  # "Nơi nhận:"
    recipients: list = field(default_factory=list)  # "- Bộ Công an (để báo cáo);" … "- Lưu: VT."
    signer_position: str = ""
    signer_name: str = ""
    letterhead: object = None  # the letterhead.Resolved it was written with

    @property
    def listings(self):
        """The lists after the tables, in order."""
        return [x for x in (self.commendations, self.folded) if x is not None]


@dataclass
class Listing:
    """A list after the tables (the commendations; the former communes folded): a heading,
    column names (and machine-readable ones for CSV), formatted rows, notes."""

    key: str
    heading: str
    headers: list
    columns: tuple
    rows: list
    notes: list
