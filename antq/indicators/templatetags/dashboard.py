"""The dashboard's repeated parts written in Python: over a hundred figures (and the flags'
rows, in their apps' tags) through template nodes were a third of the national page's time.
Each helper writes the same markup the template wrote, with the same formats: `intcomma` (the
language's grouping, from antq.formats through Django's format modules) and `widthratio` for a
rate as a percentage; values escaped as the template escapes them (`esc`), with f-strings
rather than format_html, whose lazy-string checks on every argument cost as much again."""

import html

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.templatetags.l10n import unlocalize
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def esc(value):
    """What the template writes for a value: Django's `escape` (html.escape of its text), a
    string already safe as it is."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


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
    not_reported = esc(gettext("not reported"))
    query = esc(here_query)
    items = []
    for f in figures:
        key = esc(f.key)
        if f.value is None:
            shown = (
                '<span class="fw-semibold" data-value>–</span>\n'
                f"        {esc(f.name)} <span "
                f'class="small text-body-secondary" data-not-reported>({not_reported})</span></a>'
            )
        else:
            ratio = ""
            if f.denominator is not None:
                ratio = "/" + esc(grouped(f.denominator))
                if f.rate is not None:
                    ratio += f" ({percent(f.rate)}%)"
            shown = (
                f'<span class="fw-semibold" data-value>{esc(grouped(f.value))}</span>{ratio}\n'
                f"        {esc(f.name)}</a>"
            )
        change = f.change
        moved = ""
        if change:
            css = "text-success" if change > 0 else "text-danger"
            sign = "+" if change > 0 else ""
            moved = f'<span class="small {css}">{sign}{esc(grouped(change))}</span>'
        items.append(
            f'      <li class="mb-1" data-indicator="{key}">\n'
            f'        <a href="?{query}&amp;rank={key}#ranking" '
            'class="text-decoration-none text-body">\n'
            f"        {shown}\n"
            f"        {moved}\n"
            "      </li>"
        )
    return mark_safe("\n".join(items))


@register.simple_tag
def ranking(ranked, period_query, rank):
    """The ranking of the units below: what the chart reads (`names` and `values`, "|"-joined:
    the rate as a percentage, else the value unlocalised) and the table's rows."""
    grouped = grouper()
    not_reported = esc(gettext("not reported"))
    query, rank = esc(period_query), esc(rank)
    names, values, rows = [], [], []
    for n, (child, value, rate) in enumerate(ranked, start=1):
        name = esc(child.name)
        names.append(name)
        if rate is not None:
            values.append(percent(rate))
        elif value is not None:
            values.append(esc(value if type(value) is int else unlocalize(value)))
        else:
            values.append("")
        shown = (
            f'– <span class="small text-body-secondary">({not_reported})</span>'
            if value is None
            else esc(grouped(value))
        )
        if rate is not None:
            shown += f" ({percent(rate)}%)"
        rows.append(
            f"      <tr><td>{n}</td>\n"
            f'          <td><a href="?area={esc(child.pk)}&amp;{query}&amp;rank={rank}"><bdi>'
            f"{name}</bdi></a></td>\n"
            f'          <td class="text-end">{shown}</td></tr>'
        )
    return {
        "names": mark_safe("|".join(names)),
        "values": mark_safe("|".join(values)),
        "rows": mark_safe("\n".join(rows)),
    }


@register.simple_tag
def group_cards(groups, here_query, bidi):
    """A card for each indicator group: its heading, its figures (`figure_items`) and the place
    of its chart, named for screen readers."""
    # as blocktranslate writes it: the catalogue's text as it is
    label = gettext("%(name)s: this period against the previous period")
    rtl = "1" if bidi else "0"
    cards = []
    for key, name, figures in groups:
        key, shown = esc(key), esc(name)
        cards.append(
            f'  <section class="card" data-group="{key}" aria-labelledby="group-{key}">'
            '<div class="card-body">\n'
            '    <h2 class="h6 card-title text-uppercase text-body-secondary" '
            f'id="group-{key}">{shown}</h2>\n'
            '    <ul class="list-unstyled mb-2">\n'
            f"{figure_items(figures, here_query)}\n"
            "    </ul>\n"
            f'    <div class="group-chart" id="chart-{key}" data-group-chart="{key}" dir="ltr" '
            f'data-rtl="{rtl}"\n'
            f'         role="img" aria-label="{label % {"name": shown}}"></div>\n'
            "  </div></section>"
        )
    return mark_safe("\n".join(cards))
