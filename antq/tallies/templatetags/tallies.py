from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def percent(value):
    """A rate (0.8772) as a percentage in the reader's number format ("87,7%"); "—" without
    one."""
    if value is None or value == "":
        return "—"
    return f"{floatformat(value * 100, -1)}%"
