import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from antq.activities.tables import ATTRS, area_column, date_column
from antq.honours.models import Commendation, EmulationAgreement


class EmulationAgreementTable(tables.Table):
    signed_on = date_column(_("Signed on"))
    title = tables.Column(verbose_name=_("Title"), linkify=True, attrs={"a": {"dir": "auto"}})
    area = area_column()
    period_from = date_column(_("Period from"))
    period_to = date_column(_("Period to"))

    class Meta:
        model = EmulationAgreement
        fields = ("signed_on", "title", "area", "period_from", "period_to")
        attrs = ATTRS


class CommendationTable(tables.Table):
    recipient = tables.Column(
        verbose_name=_("Recipient"),
        accessor="collective_name",
        order_by=("collective_name", "recipient_name"),
        linkify=True,
        attrs={"a": {"dir": "auto"}},
        empty_values=(),
    )
    award_form = tables.Column(verbose_name=_("Form"))
    area = area_column()
    authority_name = tables.Column(
        verbose_name=_("Issuing authority"), attrs={"td": {"dir": "auto"}}
    )
    decision = tables.Column(
        verbose_name=_("Decision"),
        accessor="decision_number",
        order_by=("decision_date",),
        empty_values=(),
    )
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Commendation
        fields = ("recipient", "award_form", "area", "authority_name", "decision", "status")
        attrs = ATTRS

    def render_recipient(self, record):
        return record.recipient_label or "—"

    def render_award_form(self, record):
        return record.form_label

    def render_decision(self, record):
        if not record.decision_number:
            return "—"
        return format_html(
            '<bdi dir="ltr">{}</bdi> · <bdi dir="ltr">{}</bdi>',
            record.decision_number,
            record.decision_date.strftime("%d/%m/%Y"),
        )
