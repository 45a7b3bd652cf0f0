"""The dashboard's repeated parts written in Python: over a hundred figures (and the flags' rows)
through template nodes were a third of the national page's time. Each helper writes the same
markup the template wrote, with the same formats: `intcomma` (the language's grouping, from
antq.formats through Django's format modules) and `widthratio` for a rate as a percentage."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

register = template.Library()


def grouper():
    """`intcomma` for one page: an int grouped with the language's separator read once (what
    Django's number_format writes for an int), anything else through `intcomma` itself."""
    sep = get_format("THOUSAND_SEPARATOR")

    def grouped(value):
        if type(value) is int:
            text = f"{abs(value):,}".replace(",", sep)
            return f"-{text}" if value < 0 else text
        return intcomma(value)

    return grouped


def percent(rate):
    """`{% widthratio rate 1 100 %}`: the rate as a whole percentage, rounded half to even."""
    try:
        return str(round(float(rate) * 100))
    except (ValueError, TypeError, OverflowError):
        return ""


@register.simple_tag
def figure_items(figures, here_query):
    """The `<li>` of each figure of a group: its value (with its denominator and rate), name and
    change against the previous period, linked to the ranking by it."""
    grouped = grouper()
    not_reported = gettext("not reported")
    items = []
    for f in figures:
        link = format_html(
            '<a href="?{}&amp;rank={}#ranking" class="text-decoration-none text-body">',
            here_query,
            f.key,
        )
        if f.value is None:
            shown = format_html(
                '<span class="fw-semibold" data-value>–</span>\n        {} <span class="small '
                'text-body-secondary" data-not-reported>({})</span></a>',
                f.name,
                not_reported,
            )
        else:
            ratio = ""
            if f.denominator is not None:
                ratio = "/" + grouped(f.denominator)
                if f.rate is not None:
                    ratio += f" ({percent(f.rate)}%)"
            shown = format_html(
                '<span class="fw-semibold" data-value>{}</span>{}\n        {}</a>',
                grouped(f.value),
                ratio,
                f.name,
            )
        change = f.change
        moved = (
            format_html(
                '<span class="small {}">{}{}</span>',
                "text-success" if change > 0 else "text-danger",
                "+" if change > 0 else "",
                grouped(change),
            )
            if change
            else ""
        )
        items.append((f.key, link, shown, moved))
    return format_html_join(
        "\n",
        '      <li class="mb-1" data-indicator="{}">\n        {}\n        {}\n        {}\n'
        "      </li>",
        items,
    )
