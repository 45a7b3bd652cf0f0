"""Every read of the area tree, scoped to what the user may see."""

from datetime import date

from django.db.models import Case, CharField, Count, OuterRef, Q, Subquery, When
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils import timezone

from antq.areas.choices import AreaLevel, counted_units
from antq.areas.models import Area, AreaSuccession
from antq.core.scoping import EVERYWHERE, Action, role_paths, scope_q
from antq.core.text import fold


def area_list(user, action=Action.VIEW):
    return Area.objects.visible_to(user, action)


def area_get(user, pk, action=Action.VIEW) -> Area:
    """One area the user may see; 404 otherwise, so that existence does not leak."""
    try:
        return area_list(user, action).get(pk=pk)
    except (Area.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def area_search(queryset, q: str):
    """Name or code, ignoring diacritics and where the tone mark sits."""
    q = "".join(c for c in (q or "") if c.isprintable()).strip()
    if not q:
        return queryset
    return queryset.filter(Q(name_folded__contains=fold(q)) | Q(code=q))


def with_provinces(areas):
    """Attach `province` (the level-1 ancestor, or None) and `parent_area` (None for a root) to
    each area, in one query, so that namesakes in different provinces can be told apart."""
    areas = list(areas)
    prefix_len = 2 * Area.steplen
    prefixes = {a.path[:prefix_len] for a in areas if a.depth > 2}
    parents = {a.path[: -Area.steplen] for a in areas if a.depth > 1}
    above = {p.path: p for p in Area.objects.filter(path__in=prefixes | parents)}
    for a in areas:
        a.province = above.get(a.path[:prefix_len]) if a.depth > 2 else None
        a.parent_area = above.get(a.path[: -Area.steplen]) if a.depth > 1 else None
    return areas


def with_commune(queryset, field="area", prefix="area_commune"):
    """Annotate each record of `queryset` whose `field` is a village with its commune (the
    village's parent): `<prefix>_name` and `<prefix>_code`, None for a record at another level.
    A village's name alone is ambiguous above its commune ("Thôn 6"); lists and exports name
    both. Two subqueries by the tree path in the records' own query: no query per record."""
    path = f"{field}__path"
    parent = Area.objects.filter(
        path=Substr(OuterRef(path), 1, Length(OuterRef(path)) - Area.steplen)
    )

    def of(column):
        return Case(
            When(
                **{f"{field}__level": AreaLevel.VILLAGE}, then=Subquery(parent.values(column)[:1])
            ),
            default=None,
            output_field=CharField(),
        )

    return queryset.annotate(**{f"{prefix}_name": of("name"), f"{prefix}_code": of("code")})


def area_ancestors(user, area: Area):
    """The chain from the country down to the area's parent.

    An area's ancestors are shown as its address even above the user's jurisdiction; they are
    public administrative units, and showing them leaks nothing the area itself does not.
    """
    return list(Area.objects.get_ancestors(area))


def jurisdiction_roots(user):
    """The topmost areas the user may see as they stand today: where their roles sit (the
    country for superusers). The former units the roles also cover are reached from the units
    they became ("Formed from" on an area's page)."""
    paths = role_paths(user, Action.VIEW)
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
        child.descendant_counts = [
            counted_units(level, n) for level, n in sorted(counts.get(child.path, {}).items())
        ]
    return children


def descendant_counts(area: Area, *, day: date | None = None):
    """The units in force under `area`, counted by level ("12 thôn, tổ dân phố") — one
    GROUP BY."""
    day = day or date.today()
    rows = (
        Area.objects.filter(path__startswith=area.path, depth__gt=area.depth)
        .active_on(day)
        .values("level")
        .annotate(n=Count("id"))
        .order_by("level")
    )
    return [counted_units(r["level"], r["n"]) for r in rows]


def successions_of(user, area: Area):
    """What the area became, and what it was made from: only units the user may see (which, for
    the user's own units, are all the former units they were formed from: core.scoping), the
    newest first."""
    became = (
        AreaSuccession.objects.filter(predecessor=area)
        .filter(scope_q(user, Action.VIEW, "successor__path"))
        .select_related("successor")
        .order_by("-successor__valid_from", "successor__code", "successor__pk")
    )
    came_from = (
        AreaSuccession.objects.filter(successor=area)
        .filter(scope_q(user, Action.VIEW, "predecessor__path"))
        .select_related("predecessor")
        .order_by("-predecessor__valid_to", "predecessor__code", "predecessor__pk")
    )
    return list(became), list(came_from)


def succession_get(user, pk) -> AreaSuccession:
    """One link of the crosswalk whose two units the user may see; 404 otherwise."""
    qs = (
        AreaSuccession.objects.filter(scope_q(user, Action.VIEW, "predecessor__path"))
        .filter(scope_q(user, Action.VIEW, "successor__path"))
        .select_related("predecessor", "successor")
    )
    try:
        return qs.get(pk=pk)
    except (AreaSuccession.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def units_in_box(level: int, south: float, west: float, north: float, east: float, *, limit: int):
    """Today's units of `level` whose centre lies in the box, as (code, name, latitude,
    longitude) rows ordered by code, at most `limit` + 1 of them (one more tells the caller the
    list was cut).

    Not scoped to a user: the maps' base layer and the public portal show them to anyone, as
    the portal's own commune search does. Names and centre points of administrative units are
    public; no record of the movement is read here."""
    rows = (
        Area.objects.filter(
            level=level,
            latitude__gte=south,
            latitude__lte=north,
            longitude__gte=west,
            longitude__lte=east,
        )
        .active_on(timezone.localdate())
        .order_by("code")
        .values_list("code", "name", "latitude", "longitude")
    )
    return list(rows[: limit + 1])
