"""The dashboard's overdue-tips panel: its rows written in Python, the markup the template
wrote (one `<li>` a unit below the area), without template nodes for each (see
antq/indicators/templatetags/dashboard.py)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.simple_tag
def overdue_rows(flags, period_query, rank):
    """Each unit's overdue tips, linked to its dashboard and to its list of overdue tips."""
    own = format_html(
        '<span class="small text-body-secondary">({})</span>', gettext("held at this unit itself")
    )
    tips = reverse("tips:tip-list")
    rows = []
    for f in flags:
        area = f.area
        name = (
            format_html("<span><bdi>{}</bdi> {}</span>", area.name, own)
            if f.own
            else format_html(
                '<a href="?area={}&amp;{}&amp;rank={}"><bdi>{}</bdi></a>',
                area.pk,
                period_query,
                rank,
                area.name,
            )
        )
        # as blocktranslate writes it: the catalogue's text as it is
        badge = mark_safe(
            ngettext("%(n)s overdue tip", "%(n)s overdue tips", f.overdue) % {"n": f.overdue}
        )
        rows.append((area.code, f.overdue, name, tips, area.pk, badge))
    return format_html_join(
        "\n",
        '      <li class="d-flex justify-content-between align-items-center gap-2 py-1 '
        'border-bottom" data-area="{}" data-overdue="{}">\n'
        "        {}\n"
        '        <a class="badge text-bg-danger text-decoration-none text-nowrap" '
        'href="{}?area={}&amp;overdue=true">{}</a>\n'
        "      </li>",
        rows,
    )
