"""The dashboard's completeness panel: its rows written in Python, the markup the template
wrote (one `<li>` a unit below the area), without template nodes for each (see
antq/indicators/templatetags/dashboard.py)."""

from django import template
from django.urls import reverse
from django.utils import dateformat
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from antq.formats import format_number
from antq.indicators.templatetags.dashboard import esc

register = template.Library()


@register.simple_tag
def completeness_rows(children, period_query, rank, last_month):
    """Each unit's counts, linked to its dashboard and to its completeness page for the last
    month read."""
    own = esc(gettext("held at this unit itself"))
    own = f'<span class="small text-body-secondary">({own})</span>'
    # as blocktranslate writes it: the catalogue's text as it is
    badge = gettext("%(received)s/%(expected)s received, %(on_time)s on time")
    page = esc(reverse("reporting:completeness"))
    month = esc(dateformat.format(last_month, "Y-m") if last_month else "")
    query, rank = esc(period_query), esc(rank)
    rows = []
    for c in children:
        counts, area = c.counts, c.area
        pk, name = esc(area.pk), esc(area.name)
        unit = (
            f"<span><bdi>{name}</bdi> {own}</span>"
            if c.own
            else f'<a href="?area={pk}&amp;{query}&amp;rank={rank}"><bdi>{name}</bdi></a>'
        )
        received, expected, on_time = counts.received, counts.expected, counts.on_time
        css = "text-bg-danger" if counts.missing else "text-bg-success"
        text = badge % {
            "received": format_number(received),
            "expected": format_number(expected),
            "on_time": format_number(on_time),
        }
        rows.append(
            '      <li class="d-flex justify-content-between align-items-center gap-2 py-1 '
            f'border-bottom" data-area="{esc(area.code)}" data-expected="{expected}" '
            f'data-received="{received}" data-on-time="{on_time}">\n'
            f"        {unit}\n"
            f'        <a class="badge {css} text-decoration-none text-nowrap" '
            f'href="{page}?area={pk}&amp;month={month}">{text}</a>\n'
            "      </li>"
        )
    return mark_safe("\n".join(rows))
