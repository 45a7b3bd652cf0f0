"""The dashboard's completeness panel: its rows written in Python, the markup the template
wrote (one `<li>` a unit below the area), without template nodes for each (see
antq/indicators/templatetags/dashboard.py)."""

from django import template
from django.urls import reverse
from django.utils import dateformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def completeness_rows(children, period_query, rank, last_month):
    """Each unit's counts, linked to its dashboard and to its completeness page for the last
    month read."""
    own = format_html(
        '<span class="small text-body-secondary">({})</span>', gettext("held at this unit itself")
    )
    badge = gettext("%(received)s/%(expected)s received, %(on_time)s on time")
    month = dateformat.format(last_month, "Y-m") if last_month else ""
    page = "{}?area={{}}&amp;month={}".format(reverse("reporting:completeness"), month)
    rows = []
    for c in children:
        counts, area = c.counts, c.area
        name = (
            format_html("<span><bdi>{}</bdi> {}</span>", area.name, own)
            if c.own
            else format_html(
                '<a href="?area={}&amp;{}&amp;rank={}"><bdi>{}</bdi></a>',
                area.pk,
                period_query,
                rank,
                area.name,
            )
        )
        rows.append(
            (
                area.code,
                counts.expected,
                counts.received,
                counts.on_time,
                name,
                "text-bg-danger" if counts.missing else "text-bg-success",
                format_html(page, area.pk),
                # as blocktranslate writes it: the catalogue's text as it is
                mark_safe(
                    badge
                    % {
                        "received": counts.received,
                        "expected": counts.expected,
                        "on_time": counts.on_time,
                    }
                ),
            )
        )
    return format_html_join(
        "\n",
        '      <li class="d-flex justify-content-between align-items-center gap-2 py-1 '
        'border-bottom" data-area="{}" data-expected="{}" data-received="{}" data-on-time="{}">\n'
        "        {}\n"
        '        <a class="badge {} text-decoration-none text-nowrap" href="{}">{}</a>\n'
        "      </li>",
        rows,
    )
