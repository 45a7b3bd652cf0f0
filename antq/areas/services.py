"""Every write to the area tree: package loads, units added by users, imports of former units
and of villages, successions."""

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from antq.areas import imports, loaders, map_base
from antq.areas.choices import VILLAGE_TYPES, AreaLevel, AreaType
from antq.areas.models import Area, AreaSuccession
from antq.areas.resolution import pick
from antq.core.imports import CellError, parse_date
from antq.core.scoping import Action, can, can_anywhere
from antq.core.services import require_area_right, save_with_history
from antq.indicators import rollup

_UPDATABLE = ("name", "area_type", "latitude", "longitude", "valid_from", "valid_to", "code")


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    successions_created: int = 0
    crosswalk_unmatched: int = 0


def _next_steps(parents):
    """For each parent Area already in the database, the last step used by its children."""
    steps = {}
    for parent in parents:
        last = Area.objects.filter(depth=parent.depth + 1, path__startswith=parent.path).aggregate(
            last=Max("path")
        )["last"]
        steps[parent.key] = Area._str2int(last[-Area.steplen :]) if last else 0
    return steps


def insert_units(units, *, acting_user, reason):
    """Insert new units (parents listed before children) with their tree paths, in bulk.

    Parents may be in the same batch or already in the database. Returns the created Areas.
    """
    if not units:
        return []
    batch_keys = {u.key for u in units}
    outside_keys = {u.parent_key for u in units if u.parent_key and u.parent_key not in batch_keys}
    db_parents = {a.key: a for a in Area.objects.filter(key__in=outside_keys)}
    missing = outside_keys - db_parents.keys()
    if missing:
        raise ValidationError(
            {"parent": _("Unknown parent unit: {keys}").format(keys=", ".join(sorted(missing)))}
        )
    last_step = _next_steps(db_parents.values())
    nodes = {}
    added_to_db_parent = Counter()
    objs = []
    for u in units:
        parent = nodes.get(u.parent_key) or db_parents.get(u.parent_key)
        area = Area(
            code=u.code,
            name=u.name,
            level=u.level,
            area_type=u.area_type,
            latitude=u.latitude,
            longitude=u.longitude,
            valid_from=u.valid_from,
            valid_to=u.valid_to,
            source=u.source,
            numchild=0,
        )
        if parent is None:
            root_last = Area.objects.get_last_root_node()
            step = (
                (Area._str2int(root_last.path) if root_last else 0)
                + len([n for n in nodes.values() if n.depth == 1])
                + 1
            )
            area.depth, area.path = 1, Area._get_path(None, 1, step)
        else:
            step = last_step.get(parent.key, 0) + 1
            last_step[parent.key] = step
            area.depth = parent.depth + 1
            area.path = Area._get_path(parent.path, area.depth, step)
            parent.numchild += 1
            if parent.key in db_parents:
                added_to_db_parent[parent.pk] += 1
        area.fill_derived(parent)
        if u.key and area.key != u.key:
            area.key = u.key
        nodes[area.key] = area
        objs.append(area)
    created = bulk_create_with_history(
        objs, Area, batch_size=2000, default_user=acting_user, default_change_reason=reason
    )
    rollup.records_created(Area, created)
    map_base.forget()  # bulk_create sends no post_save
    for pk, n in added_to_db_parent.items():  # no indicator reads numchild: no rollup to keep
        Area.objects.filter(pk=pk).update(numchild=F("numchild") + n)
    return created


@transaction.atomic
def areas_load_from_package(*, acting_user=None) -> LoadReport:
    """Load (or refresh) today's and the pre-2025 units and the crosswalk. Safe to run again."""
    units, current, legacy = loaders.read_units()
    reason = "source:vietnamadminunits"  # a code, read in the reader's language (reason_text)
    report = LoadReport()
    existing = {a.key: a for a in Area.objects.filter(key__in=[u.key for u in units])}
    new_units, changed = [], []
    for u in units:
        area = existing.get(u.key)
        if area is None:
            new_units.append(u)
            continue
        if any(getattr(area, f) != getattr(u, f) for f in _UPDATABLE):
            for f in _UPDATABLE:
                setattr(area, f, getattr(u, f))
            area.fill_derived()
            area.key = u.key
            changed.append(area)
        else:
            report.unchanged += 1
    report.created = len(insert_units(new_units, acting_user=acting_user, reason=reason))
    if changed:
        fields = [*_UPDATABLE, "name_folded"]
        with rollup.bulk_change(Area.objects.filter(pk__in=[a.pk for a in changed]), fields):
            bulk_update_with_history(
                changed,
                Area,
                fields,
                batch_size=2000,
                default_user=acting_user,
                default_change_reason=reason,
            )
        map_base.forget()  # bulk_update sends no post_save
    report.updated = len(changed)

    pairs, report.crosswalk_unmatched = loaders.read_crosswalk(current, legacy)
    ids = dict(Area.objects.filter(source=loaders.SOURCE).values_list("key", "pk"))
    have = set(AreaSuccession.objects.values_list("predecessor_id", "successor_id"))
    new_links = []
    for p in pairs:
        link = (ids[p.predecessor_key], ids[p.successor_key])
        if link not in have:
            have.add(link)
            new_links.append(
                AreaSuccession(
                    predecessor_id=link[0],
                    successor_id=link[1],
                    kind=p.kind,
                    is_default=p.is_default,
                    effective_on=loaders.REFORM_START,
                    source=loaders.SOURCE,
                )
            )
    bulk_create_with_history(
        new_links,
        AreaSuccession,
        batch_size=2000,
        default_user=acting_user,
        default_change_reason=reason,
    )
    report.successions_created = len(new_links)
    return report


def _right_for_level(level):
    """Villages are editors' everyday work; provinces, districts, communes are administrators'."""
    return Action.CHANGE if level == AreaLevel.VILLAGE else Action.ADMINISTER


@transaction.atomic
def area_create(
    *,
    acting_user,
    parent: Area,
    level: int,
    code: str,
    name: str,
    area_type: str,
    valid_from: date | None = None,
    valid_to: date | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Area:
    """Add a unit under `parent`: a village by an editor, or (administrators) a unit that no
    longer exists, with its validity dates, so old figures have somewhere to live."""
    require_area_right(acting_user, _right_for_level(level), parent, field="parent")
    area = Area(
        code=(code or "").strip(),
        name=(name or "").strip(),
        level=level,
        area_type=area_type,
        valid_from=valid_from,
        valid_to=valid_to,
        latitude=latitude,
        longitude=longitude,
    )
    area.check_parent(parent)
    area.fill_derived(parent)
    area.full_clean(exclude=["path", "depth", "numchild"], validate_unique=False)
    if Area.objects.filter(key=area.key).exists():
        raise ValidationError({"code": _("A unit with this code already exists here.")})
    area._history_user = acting_user
    # lock the parent: two adds at once would otherwise pick the same tree path
    parent = Area.objects.select_for_update().get(pk=parent.pk)
    return Area.objects.add_child(parent, instance=area)


@transaction.atomic
def area_update(*, acting_user, area: Area, reason: str = "", **changes) -> Area:
    require_area_right(acting_user, _right_for_level(area.level), area)
    allowed = {"name", "code", "area_type", "valid_from", "valid_to", "latitude", "longitude"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in unknown})
    for f, v in changes.items():
        setattr(area, f, v.strip() if isinstance(v, str) else v)
    old_key = Area.objects.filter(pk=area.pk).values_list("key", flat=True).first()
    area.fill_derived(Area.objects.get_parent(area))
    if Area.objects.filter(key=area.key).exclude(pk=area.pk).exists():
        raise ValidationError({"code": _("A unit with this code already exists here.")})
    save_with_history(area, acting_user=acting_user, reason=reason)
    if area.key != old_key and area.level == AreaLevel.COMMUNE:
        # villages are keyed by their commune's key
        villages = list(Area.objects.get_children(area).filter(level=AreaLevel.VILLAGE))
        for v in villages:
            v.fill_derived(area)
        Area.objects.bulk_update(villages, ["key"])  # no indicator reads the key
    return area


@transaction.atomic
def succession_create(
    *,
    acting_user,
    predecessor: Area,
    successor: Area,
    kind: str,
    is_default: bool = True,
    effective_on: date | None = None,
) -> AreaSuccession:
    """Record that `predecessor` became (part of) `successor`. Administrators only."""
    require_area_right(acting_user, Action.ADMINISTER, predecessor, field="predecessor")
    require_area_right(acting_user, Action.ADMINISTER, successor, field="successor")
    if AreaSuccession.objects.filter(predecessor=predecessor, successor=successor).exists():
        raise ValidationError({"successor": _("This succession is recorded already.")})
    link = AreaSuccession(
        predecessor=predecessor,
        successor=successor,
        kind=kind,
        is_default=is_default,
        effective_on=effective_on,
    )
    return save_with_history(link, acting_user=acting_user)


@transaction.atomic
def succession_delete(*, acting_user, succession: AreaSuccession, reason: str = "") -> None:
    """Remove a link of the crosswalk. Administrators of both units only, as for its creation."""
    for area in (succession.predecessor, succession.successor):
        if not can(acting_user, Action.ADMINISTER, area):
            raise PermissionDenied(_("Your role does not allow this action here."))
    succession._history_user = acting_user
    if reason:
        succession._change_reason = reason
    succession.delete()


# --- import of former units -------------------------------------------------------------


@dataclass
class UnitsImportResult:
    created: list = field(default_factory=list)
    unchanged: int = 0
    successions_created: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


@transaction.atomic
def units_import(
    *, acting_user, data: bytes, filename: str, today: date | None = None
) -> UnitsImportResult:
    """Import provinces, districts and communes that no package lists, with their validity and
    successors (antq/areas/imports.py says how a file is read and resolved). All of it or
    nothing; a unit already written (same key) is kept, and its links are not repeated, so the
    same file imported again changes nothing. The new units count for the indicators'
    rollup (insert_units); the crosswalk that reports on today's units read is the succession
    table itself, so the links written here count from the commit on."""
    if not can_anywhere(acting_user, Action.ADMINISTER):
        raise PermissionDenied(_("Your role does not allow this action here."))
    plan = imports.check_units(
        acting_user=acting_user, stream=io.BytesIO(data), filename=filename, today=today
    )
    result = UnitsImportResult(errors=plan.errors)
    if plan.errors:
        return result
    reason = _("Imported from {name}").format(name=filename)
    new = sorted(
        (u for u in plan.units if u.existing is None),
        key=lambda u: (u.level, u.valid_from or date.min, u.row),
    )
    result.unchanged = len(plan.units) - len(new)
    batch = [
        loaders.Unit(
            u.level,
            u.code,
            u.name,
            u.area_type,
            u.parent.key,
            valid_from=u.valid_from,
            valid_to=u.valid_to,
            source="import",
            key=u.key,
        )
        for u in new
    ]
    result.created = insert_units(batch, acting_user=acting_user, reason=reason)
    areas = {a.key: a for a in result.created}

    def area_of(unit):
        return imports.written(unit) or areas[unit.key]

    links = [
        AreaSuccession(
            predecessor=area_of(u),
            successor=area_of(successor),
            kind=u.kind,
            is_default=is_main,
            effective_on=u.effective_on,
            source="import",
        )
        for u in plan.units
        for successor, is_main in u.successors
    ]
    have = set(
        AreaSuccession.objects.filter(
            predecessor__in=[link.predecessor for link in links]
        ).values_list("predecessor_id", "successor_id")
    )
    links = [link for link in links if (link.predecessor.pk, link.successor.pk) not in have]
    for link in links:
        link.full_clean(
            exclude=["predecessor", "successor"], validate_unique=False, validate_constraints=False
        )
    bulk_create_with_history(
        links,
        AreaSuccession,
        batch_size=2000,
        default_user=acting_user,
        default_change_reason=reason,
    )
    result.successions_created = len(links)
    return result


# --- CSV import of villages -------------------------------------------------------------

VILLAGE_CSV_COLUMNS = ("code", "name", "parent_code", "type")
# optional: the village's own validity, and a day its commune was in force
VILLAGE_DATE_COLUMNS = ("valid_from", "valid_to", "valid_on")


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def _read_csv(data):
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError({"file": _("The file is not UTF-8 text.")}) from exc
    reader = csv.DictReader(io.StringIO(data))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ValidationError(
            {"file": _("The CSV file cannot be read at line {line}.").format(line=reader.line_num)}
        ) from exc
    return reader.fieldnames, rows


@transaction.atomic
def villages_import(*, acting_user, data, today: date | None = None) -> ImportResult:
    """Import villages/residential groups from CSV (code, name, parent_code[, type, valid_from,
    valid_to, valid_on]).

    The parent commune is the one with that code in force on `valid_on`, else on the village's
    last day (`valid_to`), else on its first (`valid_from`), else today: a former commune's code
    that today's unit reuses is resolved by date, and where none or several communes fit, the
    error names them. A village under a former commune ends with it unless it ended before.

    The whole file is checked first; if any row is wrong nothing is written and every
    wrong row is reported with its line and reason.
    """
    today = today or date.today()
    fieldnames, raw_rows = _read_csv(data)
    result = ImportResult()
    headers = [h.strip() for h in (fieldnames or [])]
    missing = [c for c in VILLAGE_CSV_COLUMNS[:3] if c not in headers]
    if missing:
        result.errors.append(
            RowError(1, ", ".join(missing), _("Required column missing from the header."))
        )
        return result
    rows = [
        (i, {k.strip(): (v or "").strip() for k, v in r.items() if k})
        for i, r in enumerate(raw_rows, start=2)
    ]
    if not rows:
        result.errors.append(RowError(1, "", _("The file has no rows.")))
        return result

    parent_codes = {r["parent_code"] for _line, r in rows if r["parent_code"]}
    communes = defaultdict(list)
    for a in Area.objects.visible_to(acting_user).filter(
        level=AreaLevel.COMMUNE, code__in=parent_codes
    ):
        communes[a.code].append(a)

    seen_keys = {}
    units = []
    for line, r in rows:
        errs = []
        if not r.get("code"):
            errs.append(RowError(line, "code", _("The code is empty.")))
        if not r.get("name"):
            errs.append(RowError(line, "name", _("The name is empty.")))
        for column, limit in (("code", 20), ("name", 200)):
            if len(r.get(column, "")) > limit:
                errs.append(
                    RowError(
                        line,
                        column,
                        _("Longer than {limit} characters.").format(limit=limit),
                    )
                )
        vtype = r.get("type") or AreaType.VILLAGE
        if vtype not in VILLAGE_TYPES:
            errs.append(
                RowError(
                    line,
                    "type",
                    _("Unknown type “{value}”; use one of: {choices}.").format(
                        value=vtype, choices=", ".join(VILLAGE_TYPES)
                    ),
                )
            )
        dates = _village_dates(line, r, errs)
        parent = None
        if not r["parent_code"]:
            errs.append(RowError(line, "parent_code", _("The parent commune code is empty.")))
        elif dates is not None:
            day = dates["valid_on"] or dates["valid_to"] or dates["valid_from"] or today
            parent, reason = pick(communes.get(r["parent_code"], []), r["parent_code"], day)
            if reason:
                errs.append(RowError(line, "parent_code", reason))
            elif not can(acting_user, Action.CHANGE, parent):
                parent = None  # nothing more is said about another jurisdiction's villages
                errs.append(
                    RowError(
                        line,
                        "parent_code",
                        _("You do not have the right to change records in this area."),
                    )
                )
            else:
                _village_within(line, dates, parent, errs)
        if parent and r.get("code") and not errs:
            key = Area.make_key(AreaLevel.VILLAGE, r["code"], dates["valid_to"], parent.key)
            if key in seen_keys:
                errs.append(
                    RowError(
                        line,
                        "code",
                        _("The same code is already on line {line}.").format(line=seen_keys[key]),
                    )
                )
            seen_keys.setdefault(key, line)
            units.append((line, key, parent, r, vtype, dates))
        result.errors.extend(errs)

    existing = set(Area.objects.filter(key__in=list(seen_keys)).values_list("key", flat=True))
    for line, key, _p, r, _t, _d in units:
        if key in existing:
            result.errors.append(
                RowError(
                    line,
                    "code",
                    _("A unit with the code “{code}” already exists in this commune.").format(
                        code=r["code"]
                    ),
                )
            )
    if result.errors:
        result.errors.sort(key=lambda e: (e.line, e.column))
        return result

    batch = [
        loaders.Unit(
            AreaLevel.VILLAGE,
            r["code"],
            r["name"],
            vtype,
            parent.key,
            valid_from=dates["valid_from"],
            valid_to=dates["valid_to"],
            source="import",
            key=key,
        )
        for _line, key, parent, r, vtype, dates in units
    ]
    result.created = insert_units(batch, acting_user=acting_user, reason=_("Imported from CSV"))
    return result


def _village_dates(line, row, errs):
    """The row's dates ({column: date or None}); None, with the errors, if one is not a date."""
    dates, ok = {}, True
    for column in VILLAGE_DATE_COLUMNS:
        dates[column] = None
        if row.get(column):
            try:
                dates[column] = parse_date(row[column])
            except CellError as exc:
                errs.append(RowError(line, column, str(exc)))
                ok = False
    if ok and dates["valid_from"] and dates["valid_to"] and dates["valid_from"] > dates["valid_to"]:
        errs.append(RowError(line, "valid_to", _("The end date is before the start date.")))
        ok = False
    return dates if ok else None


def _village_within(line, dates, commune, errs):
    """A village lies within its commune's validity; one under a former commune ends with it."""
    if dates["valid_to"] is None:
        dates["valid_to"] = commune.valid_to
    if commune.valid_from and dates["valid_from"] and dates["valid_from"] < commune.valid_from:
        errs.append(
            RowError(
                line,
                "valid_from",
                _("The commune began on {day}; a village under it cannot begin before.").format(
                    day=commune.valid_from.isoformat()
                ),
            )
        )
    if commune.valid_to and dates["valid_to"] > commune.valid_to:
        errs.append(
            RowError(
                line,
                "valid_to",
                _("The commune ended on {day}; a village under it cannot last longer.").format(
                    day=commune.valid_to.isoformat()
                ),
            )
        )
