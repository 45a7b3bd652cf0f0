from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

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


@register.simple_tag
def weak_rows(units, period_query, rank):
    """The dashboard's weak-units panel: each unit with where it lies, its points and its
    improvement plans, written in Python (the markup the template wrote, one `<li>` a unit;
    see antq/indicators/templatetags/dashboard.py)."""
    plan_label, no_plan = gettext("Improvement plan"), gettext("no plan yet")
    rows = []
    for w in units:
        c = w.classification
        where = ""
        if w.parent or w.under:
            where = format_html(
                ' <span class="small text-body-secondary">·{}{}{}</span>',
                format_html(" <bdi>{}</bdi>", w.parent.name) if w.parent else "",
                " ·" if w.parent and w.under else "",
                format_html(" <bdi>{}</bdi>", w.under.name) if w.under else "",
            )
        # as blocktranslate writes it: the catalogue's text as it is, the count localised
        points = mark_safe(
            ngettext("%(n)s point", "%(n)s points", c.points)
            % {"n": conditional_escape(str(localize(c.points)))}
        )
        plans = [
            format_html(
                '<a class="badge {} text-decoration-none" href="{}" data-plan>{} · {}</a> ',
                "text-bg-success" if p.status == "done" else "text-bg-secondary",
                p.get_absolute_url(),
                plan_label,
                p.get_status_display(),
            )
            for p in c.plans.all()
        ]
        rows.append(
            (
                c.area.code,
                c.area.pk,
                period_query,
                rank,
                c.area.name,
                where,
                c.get_absolute_url(),
                points,
                mark_safe("".join(plans))
                if plans
                else format_html('<span class="badge text-bg-danger">{}</span>', no_plan),
            )
        )
    return format_html_join(
        "\n",
        '      <li class="d-flex flex-wrap justify-content-between align-items-center column-gap-2 '
        'py-1 border-bottom" data-area="{}">\n'
        '        <span><a href="?area={}&amp;{}&amp;rank={}"><bdi>{}</bdi></a>{}\n'
        '          <a class="small text-body-secondary" href="{}">{}</a></span>\n'
        '        <span class="ms-auto">{}</span>\n'
        "      </li>",
        rows,
    )
