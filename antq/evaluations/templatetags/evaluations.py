from django import template

from antq.tallies.templatetags.tallies import percent

register = template.Library()


@register.filter
def share(value):
    """A share as a percentage (percent), kept left to right inside Arabic sentences."""
    return f"\u2066{percent(value)}\u2069"


@register.filter
def ltr(value):
    """A number such as "101/QĐ-UBND" kept left to right inside Arabic text."""
    return f"\u2066{value}\u2069" if value not in (None, "") else value
