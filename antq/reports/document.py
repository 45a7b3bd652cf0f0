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


@dataclass
class Table:
    columns: list
    rows: list


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
    issuer: list  # lines of the issuing unit's block
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
    signature: str = ""

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
