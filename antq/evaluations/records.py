"""The evaluations' record types: list, detail, export (and import for registrations) and the
API, from one declaration each. Assessments, classifications and rural assessments are
answered on their own pages (views.py); their generic pages are lists, exports and deletes."""

from antq.core.records import RecordType
from antq.core.scoping import Action, can, can_at_higher_level
from antq.evaluations import selectors
from antq.evaluations.exports import (
    ASSESSMENT_COLUMNS,
    CLASSIFICATION_COLUMNS,
    PLAN_COLUMNS,
    REGISTRATION_COLUMNS,
    RURAL_COLUMNS,
)
from antq.evaluations.filtersets import (
    AssessmentFilterSet,
    ClassificationFilterSet,
    PlanFilterSet,
    RegistrationFilterSet,
    RuralFilterSet,
)
from antq.evaluations.forms import (
    AssessmentStartForm,
    PlanForm,
    RegistrationForm,
    UnitYearForm,
)
from antq.evaluations.imports import REGISTRATION_IMPORT
from antq.evaluations.models import (
    Assessment,
    Classification,
    ImprovementPlan,
    Registration,
    RuralAssessment,
)
from antq.evaluations.services import classification as classification_services
from antq.evaluations.services import rural as rural_services
from antq.evaluations.services import standard as standard_services
from antq.evaluations.tables import (
    AssessmentTable,
    ClassificationTable,
    PlanTable,
    RegistrationTable,
    RuralTable,
)

NS = "evaluations"


def _registration_detail(request, reg):
    assessment = (
        selectors.assessment_list(request.user)
        .filter(year=reg.year, area=reg.area, organisation=reg.organisation)
        .first()
    )
    return {"extra_template": "evaluations/_registration_extra.html", "assessment": assessment}


REGISTRATIONS = RecordType(
    slug="registration",
    namespace=NS,
    model=Registration,
    selector=selectors.registration_list,
    filterset=RegistrationFilterSet,
    table=RegistrationTable,
    form=RegistrationForm,
    export_columns=REGISTRATION_COLUMNS,
    import_spec=REGISTRATION_IMPORT,
    create=standard_services.registration_create,
    update=standard_services.registration_update,
    delete=standard_services.registration_delete,
    detail_fields=[
        "subject_kind",
        "organisation",
        "year",
        "registered_on",
        "is_late",
        "plan_adopted_on",
        "notes",
    ],
    detail_extra=_registration_detail,
)


ASSESSMENTS = RecordType(
    slug="assessment",
    namespace=NS,
    model=Assessment,
    selector=selectors.assessment_list,
    filterset=AssessmentFilterSet,
    table=AssessmentTable,
    form=AssessmentStartForm,
    export_columns=ASSESSMENT_COLUMNS,
    create=standard_services.assessment_start,
    update=standard_services.assessment_update,
    delete=standard_services.assessment_delete,
)


def _classification_update(*, acting_user, instance, reason="", scores=None, notes=None, **_rest):
    current = {s.criterion.code: s.points for s in instance.scores.select_related("criterion")}
    return classification_services.classification_save(
        acting_user=acting_user,
        area=instance.area,
        year=instance.year,
        scores=current | (scores or {}),
        notes=instance.notes if notes is None else notes,
        reason=reason,
    )


def _classification_detail(request, classification):
    return {
        "extra_template": "evaluations/_classification_extra.html",
        "scores": list(classification.scores.select_related("criterion")),
        "plans": list(selectors.plan_list(request.user).filter(classification=classification)),
        "can_plan": can(request.user, Action.CHANGE, classification.area),
        "can_classify": can_at_higher_level(request.user, Action.CHANGE, classification.area),
    }


CLASSIFICATIONS = RecordType(
    slug="classification",
    namespace=NS,
    model=Classification,
    selector=selectors.classification_list,
    filterset=ClassificationFilterSet,
    table=ClassificationTable,
    form=UnitYearForm,
    export_columns=CLASSIFICATION_COLUMNS,
    create=classification_services.classification_save,
    update=_classification_update,
    delete=classification_services.classification_delete,
    detail_fields=[
        "unit_kind",
        "year",
        "scheme",
        "points",
        "movement_class",
        "period_end",
        "notes",
    ],
    detail_extra=_classification_detail,
)


PLANS = RecordType(
    slug="improvementplan",
    namespace=NS,
    model=ImprovementPlan,
    selector=selectors.plan_list,
    filterset=PlanFilterSet,
    table=PlanTable,
    form=PlanForm,
    export_columns=PLAN_COLUMNS,
    create=classification_services.plan_create,
    update=classification_services.plan_update,
    delete=classification_services.plan_delete,
    detail_fields=[
        "classification",
        "measures",
        "responsible",
        "due_on",
        "status",
        "done_on",
        "notes",
    ],
)


def _rural_update(*, acting_user, instance, reason="", answers=None, **changes):
    current = {
        a.sub_criterion.code: {"met": a.met, "evidence": a.evidence}
        for a in instance.answers.select_related("sub_criterion")
    }
    return rural_services.rural_save(
        acting_user=acting_user,
        area=instance.area,
        year=instance.year,
        assessed_on=changes.get("assessed_on") or instance.assessed_on,
        answers=current | (answers or {}),
        notes=changes["notes"] if changes.get("notes") is not None else instance.notes,
        reason=reason,
    )


def _rural_detail(request, rural):
    return {
        "extra_template": "evaluations/_rural_extra.html",
        "answers": list(rural.answers.select_related("sub_criterion")),
    }


RURAL = RecordType(
    slug="ruralassessment",
    namespace=NS,
    model=RuralAssessment,
    selector=selectors.rural_list,
    filterset=RuralFilterSet,
    table=RuralTable,
    form=UnitYearForm,
    export_columns=RURAL_COLUMNS,
    create=rural_services.rural_save,
    update=_rural_update,
    delete=rural_services.rural_delete,
    detail_fields=["year", "criteria_set", "assessed_on", "meets", "period_end", "notes"],
    detail_extra=_rural_detail,
)
