"""Every read of the area tree, scoped to what the user may see."""

from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext as _

from antq.areas.choices import AreaLevel
from antq.areas.models import Area, AreaSuccession
from antq.core.scoping import EVERYWHERE, Action, jurisdiction_paths, scope_q
from antq.core.text import fold


def area_list(user, action=Action.VIEW):
    return Area.objects.visible_to(user, action)


def area_get(user, pk, action=Action.VIEW) -> Area:
    """One area the user may see; 404 otherwise, so that existence does not leak."""
    try:
        return area_list(user, action).get(pk=pk)
    except (Area.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


class UnitCodeError(ValueError):
    """No unit with a code was in force on a day, or more than one was: the message names
    every unit with that code (code, name, level, validity), so that the person can choose.
    `ambiguous` tells the two apart."""

    def __init__(self, message, *, ambiguous=False):
        super().__init__(message)
        self.ambiguous = ambiguous


def day_text(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def unit_text(area: Area) -> str:
    """“10001 Xã Hòa Bình (Commune, from 01/01/2019 to 30/06/2025)”: enough to tell units
    with the same code apart. Administrative units are public: this leaks nothing."""
    start, end = area.valid_from, area.valid_to
    if start and end:
        validity = _("from {start} to {end}").format(start=day_text(start), end=day_text(end))
    elif start:
        validity = _("from {start}").format(start=day_text(start))
    elif end:
        validity = _("until {end}").format(end=day_text(end))
    else:
        validity = _("no known start or end")
    return _("{code} {name} ({level}, {validity})").format(
        code=area.code, name=area.name, level=AreaLevel(area.level).label, validity=validity
    )


def unit_in_force(units, code, day: date, *, level=None) -> Area:
    """The one unit of `units` (those with `code`) at `level` (any, if None) in force on `day`;
    UnitCodeError naming them all when there is none or more than one. Never a guess: today's
    units reuse some old codes."""
    if not units:
        raise UnitCodeError(_("No unit has the code “{code}”.").format(code=code))
    in_force = [a for a in units if (level is None or a.level == level) and a.is_active_on(day)]
    if len(in_force) == 1:
        return in_force[0]
    listed = "; ".join(unit_text(a) for a in sorted(units, key=_unit_order))
    if not in_force:
        raise UnitCodeError(
            _(
                "No unit with the code “{code}” was in force on {day}. Units with this code: "
                "{units}."
            ).format(code=code, day=day_text(day), units=listed)
        )
    raise UnitCodeError(
        _("More than one unit with the code “{code}” was in force on {day}: {units}.").format(
            code=code, day=day_text(day), units=listed
        ),
        ambiguous=True,
    )


def _unit_order(area):
    return (area.level, area.valid_from or date.min, area.pk)


def area_by_code(user, code, *, level=None, day=None) -> Area:
    """The unit with this code (at `level`, if given) in force on `day` (today by default).
    UnitCodeError, naming the units with that code, when none or several were in force then;
    Http404 when it is outside the user's jurisdiction."""
    units = Area.objects.filter(code=code)
    if level is not None:
        units = units.filter(level=level)
    area = unit_in_force(list(units), code, day or date.today())
    if not area_list(user).filter(pk=area.pk).exists():
        raise Http404
    return area


def area_search(queryset, q: str):
    """Name or code, ignoring diacritics and where the tone mark sits."""
    q = "".join(c for c in (q or "") if c.isprintable()).strip()
    if not q:
        return queryset
    return queryset.filter(Q(name_folded__contains=fold(q)) | Q(code=q))


def with_provinces(areas):
    """Attach `province` (the level-1 ancestor, or None) to each area, in one query, so that
    namesakes in different provinces can be told apart."""
    areas = list(areas)
    prefix_len = 2 * Area.steplen
    prefixes = {a.path[:prefix_len] for a in areas if a.depth > 2}
    provinces = {p.path: p for p in Area.objects.filter(path__in=prefixes)}
    for a in areas:
        a.province = provinces.get(a.path[:prefix_len]) if a.depth > 2 else None
    return areas


def area_ancestors(user, area: Area):
    """The chain from the country down to the area's parent.

    An area's ancestors are shown as its address even above the user's jurisdiction; they are
    public administrative units, and showing them leaks nothing the area itself does not.
    """
    return list(Area.objects.get_ancestors(area))


def jurisdiction_roots(user):
    """The topmost areas the user may see: where their roles sit (the country for superusers)."""
    paths = jurisdiction_paths(user, Action.VIEW)
    if paths is EVERYWHERE:
        return list(Area.objects.get_root_nodes())
    return list(Area.objects.filter(path__in=paths))


def children_with_counts(user, area: Area, *, day: date | None = None, include_historical=False):
    """The area's children (in force on `day` unless historical ones are asked for), each with
    the number of its descendants by level, from one GROUP BY over path prefixes."""
    day = day or date.today()
    children = area_list(user).filter(depth=area.depth + 1, path__startswith=area.path)
    descendants = Area.objects.filter(path__startswith=area.path, depth__gt=area.depth + 1)
    if not include_historical:
        children = children.active_on(day)
        descendants = descendants.active_on(day)
    prefix_len = (area.depth + 1) * Area.steplen
    counts = {}
    for row in (
        descendants.annotate(prefix=Substr("path", 1, prefix_len))
        .values("prefix", "level")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts.setdefault(row["prefix"], {})[row["level"]] = row["n"]
    children = list(children)
    for child in children:
        child.descendant_counts = {
            AreaLevel(level).label: n for level, n in sorted(counts.get(child.path, {}).items())
        }
    return children


def descendant_counts(area: Area, *, day: date | None = None):
    """{level label: number of units in force under `area`} — one GROUP BY."""
    day = day or date.today()
    rows = (
        Area.objects.filter(path__startswith=area.path, depth__gt=area.depth)
        .active_on(day)
        .values("level")
        .annotate(n=Count("id"))
        .order_by("level")
    )
    return {AreaLevel(r["level"]).label: r["n"] for r in rows}


def successions_of(user, area: Area):
    """What the area became, and what it was made from: only units the user may see."""
    became = (
        AreaSuccession.objects.filter(predecessor=area)
        .filter(scope_q(user, Action.VIEW, "successor__path"))
        .select_related("successor")
    )
    came_from = (
        AreaSuccession.objects.filter(successor=area)
        .filter(scope_q(user, Action.VIEW, "predecessor__path"))
        .select_related("predecessor")
    )
    return list(became), list(came_from)
