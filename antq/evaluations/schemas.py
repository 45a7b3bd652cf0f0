from datetime import datetime
from decimal import Decimal

from django.db.models import prefetch_related_objects
from ninja import Field, Schema

from antq.core.api import IsoDate, choice_of
from antq.evaluations import selectors
from antq.evaluations.choices import (
    AssessmentStatus,
    MovementClass,
    PlanStatus,
    SubjectKind,
    UnitKind,
)


class SubjectOut(Schema):
    id: int
    year: int
    subject_kind: choice_of(SubjectKind)
    subject_kind_label: str = Field(alias="get_subject_kind_display")
    subject_name: str
    area_id: int
    area_name: str = Field(alias="area.name")
    organisation_id: int | None


class RegistrationOut(SubjectOut):
    registered_on: IsoDate
    plan_adopted_on: IsoDate | None
    is_late: bool
    notes: str
    updated_at: datetime


class RegistrationIn(Schema):
    area_id: int
    organisation_id: int | None = None
    year: int
    registered_on: IsoDate
    plan_adopted_on: IsoDate | None = None
    notes: str = Field("", max_length=4000)


class RegistrationPatch(Schema):
    registered_on: IsoDate | None = None
    plan_adopted_on: IsoDate | None = None
    notes: str | None = Field(None, max_length=4000)
    reason: str = ""


class DecisionOut(Schema):
    number: str
    decided_on: IsoDate
    authority_id: int
    authority_name: str = Field(alias="authority.name")


class AssessmentOut(SubjectOut):
    criteria_set_code: str = Field(alias="criteria_set.code")
    window_start: IsoDate
    window_end: IsoDate
    assessed_on: IsoDate | None
    status: choice_of(AssessmentStatus)
    status_label: str = Field(alias="get_status_display")
    meets_standard: bool | None
    decision: DecisionOut | None
    notes: str
    updated_at: datetime


class AssessmentIn(Schema):
    area_id: int
    organisation_id: int | None = None
    year: int
    notes: str = Field("", max_length=4000)


class AssessmentPatch(Schema):
    notes: str | None = Field(None, max_length=4000)
    reason: str = ""


class AnswerAttachmentOut(Schema):
    id: int
    original_name: str
    kind: str
    size: int
    sha256: str


class AnswerOut(Schema):
    criterion: str = Field(alias="criterion.code")
    number: str = Field(alias="criterion.number")
    name: str = Field(alias="criterion.label")
    text: str = Field(alias="criterion.text")
    required: bool = Field(alias="criterion.required")
    local: bool = Field(alias="criterion.is_local")
    met: bool | None
    evidence: str
    suggested: bool | None
    suggestion_evidence: str
    data_sufficient: bool
    overridden: bool
    override_reason: str
    attachments: list[AnswerAttachmentOut]

    @staticmethod
    def resolve_attachments(obj):
        return list(obj.attachments.all()) if obj.pk else []


class AnswerIn(Schema):
    criterion: str = Field(max_length=50)
    met: bool | None = None
    evidence: str = Field("", max_length=4000)
    override_reason: str = Field("", max_length=4000)


class AnswersIn(Schema):
    answers: list[AnswerIn] = []
    assessed_on: IsoDate | None = None
    notes: str | None = Field(None, max_length=4000)
    complete: bool = False


class RecogniseIn(Schema):
    decision_number: str = Field(max_length=60)
    decision_date: IsoDate
    authority_id: int | None = None


class AssessmentReasonIn(Schema):
    reason: str = Field(max_length=2000)


class KindResultOut(Schema):
    kind: str
    label: str
    registered: int
    late: int
    assessed: int
    met: int
    recognised: int
    share: Decimal | None


class RuralCountsOut(Schema):
    assessed: int
    met: int
    share: Decimal | None


class ResultsOut(Schema):
    area_id: int | None
    year: int
    standard: list[KindResultOut]
    classes: dict[str, int]
    rural: RuralCountsOut


class ScoreOut(Schema):
    criterion: str = Field(alias="criterion.code")
    name: str = Field(alias="criterion.label")
    points: int
    max_points: int = Field(alias="criterion.max_points")


class ClassificationOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    unit_kind: choice_of(UnitKind)
    year: int
    scheme_code: str = Field(alias="scheme.code")
    points: int
    movement_class: choice_of(MovementClass)
    movement_class_label: str = Field(alias="get_movement_class_display")
    period_end: IsoDate
    notes: str
    scores: list[ScoreOut]

    @staticmethod
    def resolve_scores(obj):
        prefetch_related_objects([obj], selectors.SCORES)  # a no-op where the list did it
        return list(obj.scores.all())


class ClassificationIn(Schema):
    area_id: int
    year: int
    scores: dict[str, int]
    notes: str = Field("", max_length=4000)


class ClassificationPatch(Schema):
    scores: dict[str, int] | None = None
    notes: str | None = Field(None, max_length=4000)
    reason: str = ""


class PlanOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    classification_id: int
    year: int = Field(alias="classification.year")
    measures: str
    responsible: str
    due_on: IsoDate
    status: choice_of(PlanStatus)
    done_on: IsoDate | None
    notes: str


class PlanIn(Schema):
    classification_id: int
    measures: str = Field(max_length=4000)
    responsible: str = Field(max_length=255)
    due_on: IsoDate
    status: choice_of(PlanStatus) = "planned"
    done_on: IsoDate | None = None
    notes: str = Field("", max_length=4000)


class PlanPatch(Schema):
    measures: str | None = Field(None, max_length=4000)
    responsible: str | None = Field(None, max_length=255)
    due_on: IsoDate | None = None
    status: choice_of(PlanStatus) | None = None
    done_on: IsoDate | None = None
    notes: str | None = Field(None, max_length=4000)
    reason: str = ""


class WeakUnitOut(Schema):
    classification: ClassificationOut
    plans: list[PlanOut]


class RuralAnswerIn(Schema):
    met: bool | None = None
    evidence: str = Field("", max_length=4000)


class RuralAnswerOut(Schema):
    sub_criterion: str = Field(alias="sub_criterion.code")
    number: str = Field(alias="sub_criterion.number")
    met: bool
    evidence: str


class RuralOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    year: int
    set_code: str = Field(alias="criteria_set.code")
    assessed_on: IsoDate
    meets: bool
    period_end: IsoDate
    notes: str
    answers: list[RuralAnswerOut]

    @staticmethod
    def resolve_answers(obj):
        prefetch_related_objects([obj], selectors.ANSWERS)  # a no-op where the list did it
        return list(obj.answers.all())


class RuralIn(Schema):
    area_id: int
    year: int
    assessed_on: IsoDate
    answers: dict[str, RuralAnswerIn]
    notes: str = Field("", max_length=4000)


class RuralPatch(Schema):
    assessed_on: IsoDate | None = None
    answers: dict[str, RuralAnswerIn] | None = None
    notes: str | None = Field(None, max_length=4000)
    reason: str = ""


class LocalCriterionIn(Schema):
    """A province's own criterion (administrators of the province, or above), as the page
    /evaluations/criteria/new/ adds it: the set by its code (see GET /criteria-sets)."""

    criteria_set_code: str = Field(max_length=50)
    area_id: int
    code: str = Field(max_length=50)
    name: str = Field(max_length=200)
    name_en: str = Field("", max_length=200)
    name_ar: str = Field("", max_length=200)
    text: str = Field(max_length=4000)
    required: bool = True
    valid_from: IsoDate
    valid_to: IsoDate | None = None


class CriterionOut(Schema):
    code: str
    number: str
    name: str = Field(alias="label")
    text: str
    required: bool
    threshold: Decimal | None
    area_id: int | None
    valid_from: IsoDate | None
    valid_to: IsoDate | None


class RuralSubCriterionOut(Schema):
    """A sub-criterion of the new-rural criterion on defence and security, with the set (the
    criterion's version) it belongs to: `code` is what a rural assessment's answers name."""

    code: str
    number: str
    name: str = Field(alias="label")
    text: str
    criteria_set_code: str = Field(alias="criteria_set.code")
    criteria_set_name: str = Field(alias="criteria_set.label")
    criteria_set_area_id: int | None = Field(alias="criteria_set.area_id")
    valid_from: IsoDate | None = Field(alias="criteria_set.valid_from")
    valid_to: IsoDate | None = Field(alias="criteria_set.valid_to")


class CriteriaSetOut(Schema):
    code: str
    subject_kind: choice_of(SubjectKind)
    name: str
    legal_basis: str
    valid_from: IsoDate | None
    valid_to: IsoDate | None
    min_optional_met: int
    source_note: str
    criteria: list[CriterionOut]
