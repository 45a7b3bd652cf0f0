import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from antq.core.tables import AreaColumn, DateColumn
from antq.evaluations.models import (
    Assessment,
    Classification,
    ImprovementPlan,
    Registration,
    RuralAssessment,
)

ATTRS = {"class": "table table-sm table-hover align-middle"}


def _area():
    return AreaColumn()


MET, NOT_MET = _("Met"), _("Not met")


def yes_no(value, yes=MET, no=NOT_MET):
    if value is None:
        return "—"
    css = "text-bg-success" if value else "text-bg-danger"
    return format_html('<span class="badge {}">{}</span>', css, yes if value else no)


class SubjectColumns(tables.Table):
    subject = tables.Column(
        verbose_name=_("Subject"),
        accessor="pk",
        order_by=("area__path", "organisation__name"),
        linkify=lambda record: record.get_absolute_url(),
        attrs={"a": {"dir": "auto"}},
    )
    subject_kind = tables.Column(verbose_name=_("Kind"))
    area = _area()
    year = tables.Column(verbose_name=_("Year"))

    def render_subject(self, record):
        return record.subject_name


class RegistrationTable(SubjectColumns):
    registered_on = DateColumn(verbose_name=_("Registered on"))
    plan_adopted_on = DateColumn(verbose_name=_("Plan adopted on"))
    is_late = tables.Column(verbose_name=_("Late"))

    class Meta:
        model = Registration
        fields = (
            "subject",
            "subject_kind",
            "area",
            "year",
            "registered_on",
            "plan_adopted_on",
            "is_late",
        )
        attrs = ATTRS

    def render_is_late(self, value):
        return (
            format_html('<span class="badge text-bg-warning">{}</span>', _("late")) if value else ""
        )


class AssessmentTable(SubjectColumns):
    status = tables.Column(verbose_name=_("Status"))
    meets_standard = tables.Column(verbose_name=_("Result"))
    assessed_on = DateColumn(verbose_name=_("Assessed on"))
    decision = tables.Column(verbose_name=_("Recognition"), accessor="decision__number")

    class Meta:
        model = Assessment
        fields = (
            "subject",
            "subject_kind",
            "area",
            "year",
            "status",
            "meets_standard",
            "assessed_on",
            "decision",
        )
        attrs = ATTRS

    def render_meets_standard(self, value):
        return yes_no(value, _("Meets the standard"), _("Does not meet it"))

    def render_decision(self, record):
        d = record.decision
        return f"\u2066{d.number}\u2069 · {d.decided_on:%d/%m/%Y} · {d.authority.name}"


class ClassificationTable(tables.Table):
    area = tables.Column(
        verbose_name=_("Unit"),
        accessor="area__name",
        order_by="area__path",
        linkify=lambda record: record.get_absolute_url(),
        attrs={"a": {"dir": "auto"}},
    )
    unit_kind = tables.Column(verbose_name=_("Kind"))
    year = tables.Column(verbose_name=_("Year"))
    points = tables.Column(verbose_name=_("Points"), attrs={"td": {"class": "text-end"}})
    movement_class = tables.Column(verbose_name=_("Class"))
    scheme = tables.Column(verbose_name=_("Scheme"), accessor="scheme__name")

    class Meta:
        model = Classification
        fields = ("area", "unit_kind", "year", "points", "movement_class", "scheme")
        attrs = ATTRS

    def render_scheme(self, record):
        return record.scheme.label


class PlanTable(tables.Table):
    unit = tables.Column(
        verbose_name=_("Unit"),
        accessor="area__name",
        order_by="area__path",
        linkify=lambda record: record.get_absolute_url(),
        attrs={"a": {"dir": "auto"}},
    )
    year = tables.Column(verbose_name=_("Year"), accessor="classification__year")
    responsible = tables.Column(verbose_name=_("Responsible unit"))
    due_on = DateColumn(verbose_name=_("Due on"))
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = ImprovementPlan
        fields = ("unit", "year", "responsible", "due_on", "status")
        attrs = ATTRS


class RuralTable(tables.Table):
    area = tables.Column(
        verbose_name=_("Commune"),
        accessor="area__name",
        order_by="area__path",
        linkify=lambda record: record.get_absolute_url(),
        attrs={"a": {"dir": "auto"}},
    )
    year = tables.Column(verbose_name=_("Year"))
    meets = tables.Column(verbose_name=_("Result"))
    assessed_on = DateColumn(verbose_name=_("Assessed on"))
    notes = tables.Column(verbose_name=_("Notes"), attrs={"td": {"dir": "auto"}})

    class Meta:
        model = RuralAssessment
        fields = ("area", "year", "meets", "assessed_on", "notes")
        attrs = ATTRS

    def render_meets(self, value):
        return yes_no(value)

    def render_notes(self, value):
        return value if len(value) <= 80 else value[:79] + "…"
