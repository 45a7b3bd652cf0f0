from datetime import date, datetime
from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key` — a dict value by a key that is a variable."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def person(user):
    """`user|person` — who acted, as people are named in the movement's papers: rank, full name,
    position (User.person_label); "" for no one, so that `|default:` can say "system"."""
    return user.person_label if user is not None else ""


@register.filter
def num(value, places=None):
    """`value|num` — a number grouped as the language writes it (antq.formats.format_number:
    15.000.000 in Vietnamese); `value|num:1` with one decimal. Anything else as it is."""
    from antq.formats import format_number

    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return "" if value is None else value
    return format_number(value, places=None if places in (None, "") else int(places))


@register.filter
def day(value):
    """`value|day` — a date (or date and time) as the language writes it
    (antq.formats.format_date: 06/12/2026 in Vietnamese). Anything else as it is."""
    from antq.formats import format_date

    if not isinstance(value, (date, datetime)):
        return "" if value is None else value
    return format_date(value)


@register.filter
def area_label(area):
    """`area|area_label` — a unit by name, a village with its commune ("Thôn 6 · Xã Minh Hòa"):
    a village's name alone is ambiguous above its commune. One query for a village; none
    otherwise (a picker shows one chosen unit)."""
    from antq.areas.choices import AreaLevel
    from antq.areas.models import Area

    if area is None:
        return ""
    if area.level != AreaLevel.VILLAGE:
        return area.name
    parent = getattr(area, "parent_area", None) or (
        Area.objects.filter(path=area.path[: -Area.steplen]).first()
    )
    return f"{area.name} · {parent.name}" if parent else area.name
