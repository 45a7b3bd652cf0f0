import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy

from antq.core.cells import overdue_date
from antq.core.tables import AreaColumn, DateColumn
from antq.formats import format_date
from antq.tips import deadlines
from antq.tips.models import Tip
from antq.tips.selectors import REMIND_WITHIN_DAYS


class TipTable(tables.Table):
    """The inbox. No summary and no identity: a list is seen over shoulders and on screens."""

    code = tables.Column(verbose_name=_lazy("Code"), linkify=True, attrs={"a": {"dir": "ltr"}})
    received_on = DateColumn(verbose_name=_lazy("Received on"))
    area = AreaColumn(verbose_name=_lazy("Unit"))
    category = tables.Column(
        verbose_name=pgettext_lazy("tip", "Category"), order_by="category__sort_order"
    )
    legal_kind = tables.Column(verbose_name=_lazy("Legal kind"))
    channel = tables.Column(verbose_name=_lazy("Channel"))
    status = tables.Column(verbose_name=_lazy("Status"))
    due_on = tables.Column(verbose_name=_lazy("Due on"), empty_values=(), order_by="due_on")
    assigned_to = tables.Column(verbose_name=_lazy("Assigned to"), order_by="assigned_to__username")

    class Meta:
        model = Tip
        fields = (
            "code",
            "received_on",
            "area",
            "category",
            "legal_kind",
            "channel",
            "status",
            "due_on",
            "assigned_to",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        row_attrs = {"data-tip": lambda record: record.code}

    def render_category(self, record):
        return record.category.label

    def render_due_on(self, record):
        if record.due_on is None:
            return "—"
        today = timezone.localdate()
        left = deadlines.days_left(record.due_on, today)
        if left < 0:
            return overdue_date(record.due_on, today)
        if left <= REMIND_WITHIN_DAYS:
            badge = format_html(
                '<span class="badge text-bg-warning">{}</span>', _("{n} d left").format(n=left)
            )
        else:
            badge = format_html(
                '<span class="text-body-secondary small">{}</span>', _("{n} d left").format(n=left)
            )
        return format_html("{} {}", format_date(record.due_on), badge)

    def render_assigned_to(self, record):
        return record.assigned_to.person_label
