"""A unit code resolved to the unit in force on a day.

Old and new units share codes (today's communes reuse some of the codes of the communes they
replaced), so a code alone never names a unit: the unit is the one with that code in force on
the record's day. When none or several were, the error names every unit with the code (code,
name, level, validity), and nothing is filed under a unit the person did not mean.

Works on Areas and on units not yet written (an import's rows): anything with `code`, `name`,
`level`, `valid_from` and `valid_to`. `area_by_code` takes the candidates the person may see,
so that its errors name no unit outside their jurisdiction; the record imports
(core/imports.py) take every unit with the code, since administrative units are public (code,
name, level, validity), and refuse a unit outside the person's jurisdiction with the rights
error.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from antq.areas.choices import AreaLevel
from antq.areas.models import Area, AreaSuccession, in_force_on


def describe(unit) -> str:
    """How a candidate is named in an error: code, name, level and validity."""
    start = unit.valid_from.isoformat() if unit.valid_from else "…"
    end = unit.valid_to.isoformat() if unit.valid_to else _("today")
    return _("{code} “{name}” ({level}, {start} – {end})").format(
        code=unit.code, name=unit.name, level=AreaLevel(unit.level).label, start=start, end=end
    )


def _ordered(units):
    return sorted(units, key=lambda u: (u.valid_from or date.min, u.level, u.code))


def pick(units, code: str, day: date, *, level=None):
    """(the unit with `code` (at `level`, if given) in force on `day`, None) or (None, the
    reason there is none): `units` are the candidates with that code."""
    matches = [u for u in units if (level is None or u.level == level) and in_force_on(u, day)]
    if len(matches) == 1:
        return matches[0], None
    if matches:
        return None, _(
            "Several units with the code “{code}” were in force on {day}: {candidates}. "
            "Give the level or a “valid on” date that tells them apart."
        ).format(
            code=code,
            day=day.isoformat(),
            candidates="; ".join(describe(u) for u in _ordered(matches)),
        )
    # the units at the level the row named, when it named one that has any
    pool = [u for u in units if level is None or u.level == level] or units
    if pool:
        return None, _(
            "No unit with the code “{code}” was in force on {day}. Units with this code: "
            "{candidates}."
        ).format(
            code=code,
            day=day.isoformat(),
            candidates="; ".join(describe(u) for u in _ordered(pool)),
        )
    return None, _("No unit has the code “{code}”.").format(code=code)


def area_by_code(user, code: str, day: date, *, levels, field: str) -> Area:
    """The Area with `code` (at one of `levels`) in force on `day`, among those `user` may see;
    a ValidationError on `field` naming the candidates otherwise. Whether the user may act on
    the one found is for the caller's rights check."""
    units = list(Area.objects.visible_to(user).filter(code=code, level__in=levels))
    area, reason = pick(units, code, day)
    if area is None:
        raise ValidationError({field: reason})
    return area


def in_force_instead(unit, day: date, *, hops: int = 6) -> list:
    """The units in force on `day` in `unit`'s place, when `unit` itself was not: through the
    successions, forward to what it became when it had ended by `day`, back to what it came
    from when it had not yet begun (FA0 → FA → A: two hops). Main successors first; empty when
    no succession leads to one. A query a hop, for an error only."""
    forward = unit.valid_to is not None and day > unit.valid_to
    found, seen, frontier = [], {unit.pk}, [unit.pk]
    for _hop in range(hops):
        if not frontier:
            break
        if forward:
            links = AreaSuccession.objects.filter(predecessor__in=frontier).select_related(
                "successor"
            )
            steps = [(not s.is_default, s.successor) for s in links]
        else:
            links = AreaSuccession.objects.filter(successor__in=frontier).select_related(
                "predecessor"
            )
            steps = [(not s.is_default, s.predecessor) for s in links]
        frontier = []
        for _rank, step in sorted(steps, key=lambda s: (s[0], s[1].code, s[1].pk)):
            if step.pk in seen:
                continue
            seen.add(step.pk)
            if in_force_on(step, day):
                found.append(step)
            else:
                frontier.append(step.pk)
    return found


def not_in_force_reason(area, day: date) -> str | None:
    """Why a record dated `day` cannot be filed under `area` (a village with its commune): the
    unit was not in force on that day; the message names its validity and the units in force
    in its place (in_force_instead). None when it was."""
    units = [area]
    if area.level == AreaLevel.VILLAGE:
        commune = Area.objects.filter(path=area.path[: -Area.steplen]).first()
        units += [commune] if commune is not None else []
    unit = next((u for u in units if not in_force_on(u, day)), None)
    if unit is None:
        return None
    if unit.valid_to is not None and day > unit.valid_to:
        reason = _(
            "{unit} ceased to exist on {end}; a record dated {day} cannot be filed under it."
        )
    else:
        reason = _(
            "{unit} came into force on {start}; a record dated {day} cannot be filed under it."
        )
    reason = reason.format(
        unit=describe(unit),
        end=unit.valid_to.isoformat() if unit.valid_to else "",
        start=unit.valid_from.isoformat() if unit.valid_from else "",
        day=day.isoformat(),
    )
    instead = in_force_instead(unit, day)
    if instead:
        reason += " " + _("In force on {day} in its place: {units}.").format(
            day=day.isoformat(), units="; ".join(describe(u) for u in instead)
        )
    return reason
