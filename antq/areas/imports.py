"""Import of units that no package lists: provinces, districts and communes that no longer exist
(the merger waves of 2019–2021 and 2023–2024), with their validity and what they became.

A file is read by the spreadsheet reader of every import (CSV or XLSX, headers in vi, en or ar),
but checked as a whole rather than a chunk at a time: a unit's parent and successors may be rows
of the same file (a commune of 2019 that became one of 2021 that became today's). Every code is
resolved to the unit in force on its day (antq/areas/resolution.py): the parent on the unit's
last day (or on `parent valid on`), each successor on the day after the unit ended. The service
(`services.units_import`) writes the result, or nothing when any row is wrong.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antq.areas.choices import (
    ALLOWED_PARENT_LEVELS,
    LEVEL_TYPES,
    AreaLevel,
    AreaType,
    SuccessionKind,
)
from antq.areas.models import Area
from antq.areas.resolution import pick
from antq.core.imports import (
    CellError,
    Column,
    ImportOutcome,
    ImportSpec,
    RowError,
    parse_choice,
    parse_date,
    parse_text,
    parsed_rows,
)
from antq.core.scoping import Action, can

MAX_UPLOAD_MB = 20  # a file of units is small: the page and the API read it at once

# a level by its English name, or by its label in vi, en or ar ("Cấp xã")
LEVELS_BY_NAME = {
    "province": AreaLevel.PROVINCE,
    "district": AreaLevel.DISTRICT,
    "commune": AreaLevel.COMMUNE,
}
DEFAULT_TYPES = {
    AreaLevel.PROVINCE: AreaType.PROVINCE,
    AreaLevel.DISTRICT: AreaType.RURAL_DISTRICT,
    AreaLevel.COMMUNE: AreaType.COMMUNE,
}


def parse_codes(value):
    """One or more codes separated by “;”."""
    codes = []
    for part in str(value).split(";"):
        code = parse_text(20)(part)
        if code and code not in codes:
            codes.append(code)
    if not codes:
        raise CellError(_("Write one or more codes separated by “;”."))
    return codes


COLUMNS = [
    Column("code", gettext_lazy("code"), parse_text(20), required=True),
    Column("name", gettext_lazy("name"), parse_text(200), required=True),
    Column(
        "level",
        gettext_lazy("level"),
        parse_choice([(name, lv.label) for name, lv in LEVELS_BY_NAME.items()]),
        required=True,
        help=gettext_lazy("Province, district or commune."),
    ),
    Column(
        "type",
        gettext_lazy("type"),
        parse_choice(AreaType.choices),
        help=gettext_lazy("Empty: a province, a rural district or a commune."),
    ),
    Column(
        "parent_code",
        gettext_lazy("parent code"),
        parse_text(20),
        required=True,
        help=gettext_lazy("The unit it stood under: the country (VN), a province or a district."),
    ),
    Column(
        "parent_valid_on",
        gettext_lazy("parent valid on"),
        parse_date,
        help=gettext_lazy("A day the parent was in force; empty: the unit's last day."),
    ),
    Column("valid_from", gettext_lazy("valid from"), parse_date),
    Column(
        "valid_to",
        gettext_lazy("valid to"),
        parse_date,
        help=gettext_lazy("The unit's last day; required for a unit that no longer exists."),
    ),
    Column(
        "successor_codes",
        gettext_lazy("successor codes"),
        parse_codes,
        help=gettext_lazy(
            "The units it became, separated by “;”: those in force on the day after it ended."
        ),
    ),
    Column(
        "succession_kind",
        gettext_lazy("kind of change"),
        parse_choice(SuccessionKind.choices),
        help=gettext_lazy("Empty: merged for one successor, divided for several."),
    ),
    Column(
        "main_successor",
        gettext_lazy("main successor"),
        parse_text(20),
        help=gettext_lazy("The successor its figures are counted under; empty: the first."),
    ),
    Column(
        "effective_on",
        gettext_lazy("effective on"),
        parse_date,
        help=gettext_lazy("Empty: the day after the unit ended."),
    ),
]

# the reader's spec: rows are checked and written as a whole here, not by core's run_import
SPEC = ImportSpec(
    model=Area, columns=COLUMNS, build=None, write=None, basename="units", uses_area=False
)


@dataclass
class PlannedUnit:
    """A unit of the file: written unless `existing` (the same unit, by key) is there already."""

    row: int
    code: str
    name: str
    level: int
    area_type: str
    valid_from: date | None
    valid_to: date | None
    parent_code: str
    parent_on: date | None
    successor_codes: list
    kind: str | None
    main_code: str | None
    effective_on: date | None
    key: str = ""
    parent: object = None  # an Area or a PlannedUnit
    successors: list = field(default_factory=list)  # (Area or PlannedUnit, is_default)
    existing: Area | None = None


@dataclass
class UnitsPlan:
    units: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def check_units(*, acting_user, stream, filename, today: date | None = None) -> UnitsPlan:
    """Every row read, checked and resolved; `errors` lists what is wrong, by row and column."""
    today = today or date.today()
    labels = {c.key: str(c.label) for c in COLUMNS}
    outcome = ImportOutcome()
    plan = UnitsPlan()
    for rownum, row, errs in parsed_rows(SPEC, stream, filename, outcome):
        if not errs:
            unit = _planned(rownum, row, errs, labels)
            if unit is not None:
                plan.units.append(unit)
        plan.errors.extend(errs)
    plan.errors.extend(outcome.errors)
    if outcome.errors:  # the file itself was refused
        return plan
    _check_keys(plan, labels)
    _resolve(plan, acting_user, labels, today)
    _check_rights(plan, acting_user, labels)
    _check_existing(plan, labels)
    plan.errors.sort(key=lambda e: (e.row, e.column))
    return plan


def _planned(rownum, row, errs, labels):
    level = LEVELS_BY_NAME[row["level"]]
    area_type = row["type"] or DEFAULT_TYPES[level]
    if area_type not in LEVEL_TYPES[level]:
        errs.append(RowError(rownum, labels["type"], _("This type does not fit the level.")))
    if row["valid_from"] and row["valid_to"] and row["valid_from"] > row["valid_to"]:
        errs.append(
            RowError(rownum, labels["valid_to"], _("The end date is before the start date."))
        )
    successors = row["successor_codes"] or []
    if successors and not row["valid_to"]:
        errs.append(
            RowError(
                rownum, labels["valid_to"], _("A unit with successors needs the day it ended.")
            )
        )
    if not successors:
        for key in ("succession_kind", "main_successor", "effective_on"):
            if row[key]:
                errs.append(
                    RowError(
                        rownum,
                        labels[key],
                        _("Give the successor codes this applies to."),
                    )
                )
    if row["main_successor"] and successors and row["main_successor"] not in successors:
        errs.append(
            RowError(
                rownum,
                labels["main_successor"],
                _("The main successor must be one of the successor codes."),
            )
        )
    if errs:
        return None
    unit = PlannedUnit(
        row=rownum,
        code=row["code"],
        name=row["name"],
        level=level,
        area_type=area_type,
        valid_from=row["valid_from"],
        valid_to=row["valid_to"],
        parent_code=row["parent_code"],
        parent_on=row["parent_valid_on"],
        successor_codes=successors,
        kind=row["succession_kind"],
        main_code=row["main_successor"],
        effective_on=row["effective_on"],
    )
    unit.key = Area.make_key(level, unit.code, unit.valid_to)
    return unit


def _check_keys(plan, labels):
    """A unit twice in the file is an error; a unit already written is kept (re-import)."""
    first = {}
    kept = []
    for unit in plan.units:
        if unit.key in first:
            plan.errors.append(
                RowError(
                    unit.row,
                    labels["code"],
                    _("The same unit (code and end date) is already on row {row}.").format(
                        row=first[unit.key]
                    ),
                )
            )
            continue
        first[unit.key] = unit.row
        kept.append(unit)
    plan.units = kept
    existing = {a.key: a for a in Area.objects.filter(key__in=list(first))}
    for unit in plan.units:
        unit.existing = existing.get(unit.key)


def _candidates(plan, user):
    """Units by code: the file's, and those written that the user may see and the file does not
    hold (one query)."""
    codes = {u.parent_code for u in plan.units}
    codes.update(c for u in plan.units for c in u.successor_codes)
    in_file = {u.key for u in plan.units}
    by_code = defaultdict(list)
    written_units = Area.objects.visible_to(user).filter(
        code__in=codes, level__lte=AreaLevel.COMMUNE
    )
    for area in written_units:
        if area.key not in in_file:
            by_code[area.code].append(area)
    for unit in plan.units:
        by_code[unit.code].append(unit)
    return by_code


def _resolve(plan, user, labels, today):
    by_code = _candidates(plan, user)
    for unit in plan.units:
        allowed = ALLOWED_PARENT_LEVELS[AreaLevel(unit.level)]
        named = by_code.get(unit.parent_code, [])
        fitting = [c for c in named if c.level in allowed]
        if named and not fitting:
            reason = _("A unit of this level cannot be placed there.")
        else:
            day = unit.parent_on or unit.valid_to or unit.valid_from or today
            unit.parent, reason = pick(fitting, unit.parent_code, day)
        if reason:
            plan.errors.append(RowError(unit.row, labels["parent_code"], reason))
        if not unit.successor_codes:
            continue
        main = unit.main_code or unit.successor_codes[0]
        day = unit.valid_to + timedelta(days=1)
        for code in unit.successor_codes:
            same_level = [c for c in by_code.get(code, []) if c.level == unit.level]
            successor, reason = pick(same_level, code, day)
            if reason:
                plan.errors.append(RowError(unit.row, labels["successor_codes"], reason))
            else:
                unit.successors.append((successor, code == main))
        if not unit.kind:
            unit.kind = (
                SuccessionKind.MERGED if len(unit.successor_codes) == 1 else SuccessionKind.DIVIDED
            )
        unit.effective_on = unit.effective_on or day


def written(unit):
    """The Area a unit of the file is (or an Area itself); None for one not yet written."""
    return unit if isinstance(unit, Area) else unit.existing


def _check_rights(plan, user, labels):
    """Administrators of the parent add units under it, and name as successors only units they
    administer. A parent that is a new unit of the file is checked on its own row."""
    refused = _("You do not have the right to administer units here.")
    for unit in plan.units:
        parent = written(unit.parent) if unit.parent is not None else None
        if parent is not None and not can(user, Action.ADMINISTER, parent):
            plan.errors.append(RowError(unit.row, labels["parent_code"], refused))
        for successor, _main in unit.successors:
            area = written(successor)
            if area is not None and not can(user, Action.ADMINISTER, area):
                plan.errors.append(RowError(unit.row, labels["successor_codes"], refused))
                break


def _check_existing(plan, labels):
    """A unit written before must be the one the row describes (a re-import); another unit with
    the same code and end date is an error, not a silent match."""
    for unit in plan.units:
        area = unit.existing
        if area is None or unit.parent is None:
            continue
        differs = [
            labels[column]
            for column, same in (
                ("name", area.name == unit.name),
                ("type", area.area_type == unit.area_type),
                ("valid_from", area.valid_from == unit.valid_from),
                ("parent_code", _parent_path(unit) == area.path[: -Area.steplen]),
            )
            if not same
        ]
        if differs:
            plan.errors.append(
                RowError(
                    unit.row,
                    labels["code"],
                    _("This unit exists already, with another {columns}.").format(
                        columns=", ".join(differs)
                    ),
                )
            )


def _parent_path(unit):
    parent = written(unit.parent)
    return parent.path if parent is not None else None
