import django_tables2 as tables
from django.template.defaultfilters import truncatechars
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from antq.core.tables import AreaColumn
from antq.tallies.choices import TallyStatus
from antq.tallies.models import MonthlyTally
from antq.tallies.months import month_text

_NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


class MonthlyTallyTable(tables.Table):
    month = tables.Column(verbose_name=_("Month"), linkify=True, order_by=("month", "area__path"))
    area = AreaColumn()
    status = tables.Column(verbose_name=_("Status"))
    criminal_cases_registered = tables.Column(verbose_name=_("Criminal cases"), attrs=_NUMBER)
    criminal_cases_clarified = tables.Column(verbose_name=_("Clarified"), attrs=_NUMBER)
    social_order_cases_occurred = tables.Column(verbose_name=_("Social-order cases"), attrs=_NUMBER)
    social_order_cases_detected = tables.Column(verbose_name=_("Detected"), attrs=_NUMBER)
    drug_cases = tables.Column(verbose_name=_("Drug cases"), attrs=_NUMBER)
    notes = tables.Column(verbose_name=_("Notes"), orderable=False, attrs={"td": {"dir": "auto"}})

    class Meta:
        model = MonthlyTally
        fields = (
            "month",
            "area",
            "status",
            "criminal_cases_registered",
            "criminal_cases_clarified",
            "social_order_cases_occurred",
            "social_order_cases_detected",
            "drug_cases",
            "notes",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_month(self, value):
        return month_text(value)

    def render_status(self, record, value):
        """A returned tally says why, so the commune sees it in its list."""
        if record.status == TallyStatus.RETURNED and record.return_reason:
            return format_html(
                '{} <span class="d-block small text-body-secondary" dir="auto">{}</span>',
                value,
                record.return_reason,
            )
        return value

    def render_notes(self, value):
        return truncatechars(value, 60)
