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
from antq.areas.models import Area, in_force_on


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
    if units:
        return None, _(
            "No unit with the code “{code}” was in force on {day}. Units with this code: "
            "{candidates}."
        ).format(
            code=code,
            day=day.isoformat(),
            candidates="; ".join(describe(u) for u in _ordered(units)),
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
