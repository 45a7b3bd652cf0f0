"""Table columns shared by the record types' lists (`<app>/tables.py`).

django-tables2's own DateColumn and DateTimeColumn are TemplateColumns: they build and render a
Django template for every cell, which was most of a list page's time. These format the value
directly, with the same `date` filter formats.
"""

import django_tables2 as tables
from django.templatetags.l10n import unlocalize
from django.utils import formats, timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from antq.areas.choices import AreaLevel

# the annotation `with_commune` adds: the commune (the parent) of a village-level record's area
COMMUNE_NAME = "area_commune_name"


class DateColumn(tables.Column):
    """A date, formatted as the `date` template filter does (`format`: its format string)."""

    def __init__(self, *args, format="Y-m-d", **kwargs):
        self.format = format
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return formats.date_format(value, self.format)

    def value(self, value):
        return value.isoformat()


class DateTimeColumn(DateColumn):
    """A date and time in the site's time zone, formatted as the `date` template filter does."""

    def render(self, value):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, self.format)


class AreaColumn(tables.Column):
    """The record's area by name, ordered by the tree. A village-level record's area also names
    its commune ("Thôn 6 · Xã Minh Hòa"): a village's name alone is ambiguous above the commune.
    The commune is read from the list's annotation (`antq.core.paging.with_commune`, one
    subquery in the page's own query), never one query per row."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("Area"))
        kwargs.setdefault("accessor", "area__name")
        kwargs.setdefault("order_by", "area__path")
        kwargs.setdefault("attrs", {"td": {"dir": "auto"}})
        super().__init__(*args, **kwargs)

    def render(self, value, record):
        commune = getattr(record, COMMUNE_NAME, None)
        if commune and record.area.level == AreaLevel.VILLAGE:
            return format_html('{} <span class="text-body-secondary">· {}</span>', value, commune)
        return value

    def value(self, value, record):
        commune = getattr(record, COMMUNE_NAME, None)
        if commune and record.area.level == AreaLevel.VILLAGE:
            return f"{value} · {commune}"
        return value


def rows_html(table):
    """The rows of the table's page as HTML: each cell as django-tables2 renders it (its
    `render_*` methods, linkify, empty values, the cell's attributes), and written out as its
    template would (localised, escaped), without the template's lookups for every cell, which
    cost as much as the cells themselves."""
    # a cell's attributes are the column's unless one of them is computed from the record
    fixed = {
        column.name: column.attrs["td"].as_html()
        for column in table.columns
        if not any(callable(v) for v in column.column.attrs.get("td", {}).values())
    }
    labels = {
        column.name: strip_tags(str(column.header))
        for column in table.columns
        if column.name != "selected"
    }
    out = []
    for row in table.paginated_rows:
        cells = []
        for column, cell in row.items():
            if column.localize is False:
                shown = unlocalize(cell)
            else:
                shown = formats.localize(timezone.template_localtime(cell))
            attrs = fixed.get(column.name)
            if attrs is None:
                attrs = column.attrs["td"].as_html()
            # the column's name on each cell: a phone shows every row as a card of labelled
            # lines (antq.css, .record-cards); the row's checkbox needs none
            label = labels.get(column.name)
            if label is None:
                cells.append(format_html("<td {}>{}</td>", attrs, shown))
            else:
                cells.append(
                    format_html(
                        '<td {} data-label="{}"><span class="cell">{}</span></td>',
                        attrs,
                        label,
                        shown,
                    )
                )
        out.append(format_html("<tr {}>{}</tr>", row.attrs.as_html(), mark_safe("".join(cells))))
    return mark_safe("\n".join(out))
