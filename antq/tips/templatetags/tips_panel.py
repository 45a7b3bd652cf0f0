"""The dashboard's overdue-tips panel: its rows written in Python, the markup the template
wrote (one `<li>` a unit below the area), without template nodes for each (see
antq/indicators/templatetags/dashboard.py)."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from antq.formats import format_number
from antq.indicators.templatetags.dashboard import esc

register = template.Library()


@register.simple_tag
def overdue_rows(flags, period_query, rank):
    """Each unit's overdue tips, linked to its dashboard and to its list of overdue tips."""
    own = esc(gettext("held at this unit itself"))
    own = f'<span class="small text-body-secondary">({own})</span>'
    tips = esc(reverse("tips:tip-list"))
    query, rank = esc(period_query), esc(rank)
    rows = []
    for f in flags:
        area = f.area
        pk, name = esc(area.pk), esc(area.name)
        unit = (
            f"<span><bdi>{name}</bdi> {own}</span>"
            if f.own
            else f'<a href="?area={pk}&amp;{query}&amp;rank={rank}"><bdi>{name}</bdi></a>'
        )
        # as blocktranslate writes it: the catalogue's text as it is
        badge = ngettext("%(n)s overdue tip", "%(n)s overdue tips", f.overdue) % {
            "n": esc(format_number(f.overdue))
        }
        rows.append(
            '      <li class="d-flex justify-content-between align-items-center gap-2 py-1 '
            f'border-bottom" data-area="{esc(area.code)}" data-overdue="{f.overdue}">\n'
            f"        {unit}\n"
            '        <a class="badge text-bg-danger text-decoration-none text-nowrap" '
            f'href="{tips}?area={pk}&amp;overdue=true">{badge}</a>\n'
            "      </li>"
        )
    return mark_safe("\n".join(rows))
