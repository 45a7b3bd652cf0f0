"""How a record type is imported (`ImportSpec`): its columns, after the unit's code and village
and before the optional unit level and valid-on day that choose among units; and the empty
template file of a spec. Re-exported by core/imports.py."""

import io
from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antq.areas.choices import AreaLevel
from antq.core.exports import SafeCsvWriter, append_row
from antq.core.import_cells import Column, _level_names, parse_date, parse_level, parse_text

_UNIT_CODE = gettext_lazy("commune code")
_VALID_ON = gettext_lazy("valid on")


def _area_columns(spec):
    """The columns that place a row: the unit's code and its village (where villages hold
    records of the type); then the optional unit level and day by which the code is read."""
    unit_levels = spec.unit_levels
    if spec.date_column:
        day = {c.key: c.label for c in spec.columns}[spec.date_column]
        code_help = format_lazy(
            gettext_lazy(
                "the official code of the unit in force on the date in “{column}” (or on "
                "“{valid_on}”, when filled)"
            ),
            column=day,
            valid_on=_VALID_ON,
        )
        valid_on_help = format_lazy(
            gettext_lazy(
                "optional, DD/MM/YYYY: the unit code is read as of this day instead of the "
                "date in “{column}”"
            ),
            column=day,
        )
    else:
        code_help = format_lazy(
            gettext_lazy(
                "the official code of the unit in force today (or on “{valid_on}”, when filled)"
            ),
            valid_on=_VALID_ON,
        )
        valid_on_help = gettext_lazy(
            "optional, DD/MM/YYYY: the unit code is read as of this day instead of today"
        )
    if unit_levels == (AreaLevel.COMMUNE,):
        code = Column("commune_code", _UNIT_CODE, parse_text(20), required=True, help=code_help)
    else:
        code = Column(
            "commune_code",
            gettext_lazy("unit code"),
            parse_text(20),
            required=True,
            help=code_help,
            aliases=(_UNIT_CODE,),
        )
    village = Column("village_code", gettext_lazy("village code"), parse_text(20))
    level_help = format_lazy(
        gettext_lazy("optional: {levels}; only where the code names units at two levels"),
        levels=lazy(_level_names, str)(unit_levels),
    )
    place = [code, village] if AreaLevel.VILLAGE in spec.levels else [code]
    choice = [
        Column("unit_level", gettext_lazy("unit level"), parse_level(unit_levels), help=level_help),
        Column("valid_on", _VALID_ON, parse_date, help=valid_on_help),
    ]
    return place, choice


@dataclass
class ImportSpec:
    """How one record type is imported: its columns (after the unit's code and village, and
    before the optional unit level and valid-on day), how a parsed row becomes a model
    instance, and the cross-row lookups it needs.

    A row's unit code is read as the unit with that code in force on the record's date: the
    value of `date_column` (a date, or a year, read as its last day), today where the spec has
    none or the cell is empty, or the row's "valid on" date when it is filled."""

    model: type
    columns: list
    build: object  # callable(row: dict, area, context) -> unsaved instance; raises CellError
    # the record type's bulk service, callable(records=, acting_user=, reason=): the rules of a
    # create that are not the row's own (defaults, first status rows, links, locks) live there
    write: object
    prepare: object = None  # callable(rows: list[dict], user) -> context (bulk lookups)
    basename: str = "records"
    # records placed by commune/village code; without them, `build` finds its parent (a team,
    # say) in the context and checks the user's right itself
    uses_area: bool = True
    # rows are checked a chunk at a time and `prepare` runs once per chunk: these keys of its
    # context (sets, dicts or single values) hold what earlier chunks saw, such as the keys
    # already met in the file, and are carried from chunk to chunk
    carry: tuple = ()
    # `prepare` is given the context the earlier chunks carried, as a third argument (None for
    # the first chunk), so that it looks up only what they did not already find
    prepare_sees_carried: bool = False
    # callable(header cells) -> [(header text, message)]: headers that refuse the whole file
    # before any row is read (a column the record type must never receive)
    refuse_header: object = None
    # the key of the column that holds the record's date (or year), by which its unit is chosen
    date_column: str | None = None
    # the levels a row's unit may be at; VILLAGE adds the village code column (a village of
    # the unit the code names)
    levels: tuple = (AreaLevel.COMMUNE, AreaLevel.VILLAGE)

    def __post_init__(self):
        # the optional columns that choose among units with the same code come last
        place, choice = _area_columns(self) if self.uses_area else ([], [])
        self.all_columns = place + self.columns + choice

    @property
    def unit_levels(self):
        """The levels the unit code may name, from the top down."""
        return tuple(sorted(level for level in self.levels if level != AreaLevel.VILLAGE))


def write_template(spec: ImportSpec, fmt: str):
    """An empty file with the headers in the active language, and a sheet of allowed values."""
    headers = [str(c.label) for c in spec.all_columns]
    if fmt == "csv":
        out = io.StringIO()
        SafeCsvWriter(out).writerow(headers)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = spec.basename[:31]
    append_row(ws, headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    notes = wb.create_sheet(_("Guide")[:31])
    append_row(notes, [_("Column"), _("Required"), _("What to write")])
    for c in spec.all_columns:
        append_row(notes, [c.label, _("yes") if c.required else "", c.help or ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
