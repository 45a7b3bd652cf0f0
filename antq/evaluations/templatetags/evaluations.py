from django import template
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from antq.indicators.templatetags.dashboard import esc
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
    plan_label, no_plan = esc(gettext("Improvement plan")), esc(gettext("no plan yet"))
    query, rank = esc(period_query), esc(rank)
    rows = []
    for w in units:
        c = w.classification
        where = ""
        if w.parent or w.under:
            parent = f" <bdi>{esc(w.parent.name)}</bdi>" if w.parent else ""
            both = " ·" if w.parent and w.under else ""
            under = f" <bdi>{esc(w.under.name)}</bdi>" if w.under else ""
            where = f' <span class="small text-body-secondary">·{parent}{both}{under}</span>'
        # as blocktranslate writes it: the catalogue's text as it is, the count localised
        points = ngettext("%(n)s point", "%(n)s points", c.points) % {"n": esc(localize(c.points))}
        plans = "".join(
            f'<a class="badge {"text-bg-success" if p.status == "done" else "text-bg-secondary"}'
            f' text-decoration-none" href="{esc(p.get_absolute_url())}" data-plan>'
            f"{plan_label} · {esc(p.get_status_display())}</a> "
            for p in c.plans.all()
        )
        plans = plans or f'<span class="badge text-bg-danger">{no_plan}</span>'
        rows.append(
            '      <li class="d-flex flex-wrap justify-content-between align-items-center '
            f'column-gap-2 py-1 border-bottom" data-area="{esc(c.area.code)}">\n'
            f'        <span><a href="?area={esc(c.area.pk)}&amp;{query}&amp;rank={rank}"><bdi>'
            f"{esc(c.area.name)}</bdi></a>{where}\n"
            f'          <a class="small text-body-secondary" href="{esc(c.get_absolute_url())}">'
            f"{points}</a></span>\n"
            f'        <span class="ms-auto">{plans}</span>\n'
            "      </li>"
        )
    return mark_safe("\n".join(rows))
