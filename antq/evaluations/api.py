"""The evaluations at /api/v1/evaluations: registrations, assessments (with their answers,
completion, recognition and reopening), results by area and year, classifications (and the weak
units), improvement plans, the new-rural criterion (and its sub-criteria), and the criteria
sets (and a province's own criteria). Every write goes through antq.evaluations.services."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from antq.areas import selectors as area_selectors
from antq.core.api_crud import ERRORS, crud_router
from antq.evaluations import selectors, windows
from antq.evaluations.records import ASSESSMENTS, CLASSIFICATIONS, PLANS, REGISTRATIONS, RURAL
from antq.evaluations.schemas import (
    AnswerOut,
    AnswersIn,
    AssessmentIn,
    AssessmentOut,
    AssessmentPatch,
    AssessmentReasonIn,
    ClassificationIn,
    ClassificationOut,
    ClassificationPatch,
    CriteriaSetOut,
    CriterionOut,
    LocalCriterionIn,
    PlanIn,
    PlanOut,
    PlanPatch,
    RecogniseIn,
    RegistrationIn,
    RegistrationOut,
    RegistrationPatch,
    ResultsOut,
    RuralIn,
    RuralOut,
    RuralPatch,
    RuralSubCriterionOut,
    WeakUnitOut,
)
from antq.evaluations.services import standard as standard_services

router = Router(tags=["evaluations"])

registrations = crud_router(
    REGISTRATIONS,
    out_schema=RegistrationOut,
    in_schema=RegistrationIn,
    patch_schema=RegistrationPatch,
    tag="evaluation registrations",
)
assessments = crud_router(
    ASSESSMENTS,
    out_schema=AssessmentOut,
    in_schema=AssessmentIn,
    patch_schema=AssessmentPatch,
    tag="evaluation assessments",
)
classifications = crud_router(
    CLASSIFICATIONS,
    out_schema=ClassificationOut,
    in_schema=ClassificationIn,
    patch_schema=ClassificationPatch,
    tag="movement classification",
)
plans = crud_router(
    PLANS, out_schema=PlanOut, in_schema=PlanIn, patch_schema=PlanPatch, tag="improvement plans"
)
rural = crud_router(
    RURAL,
    out_schema=RuralOut,
    in_schema=RuralIn,
    patch_schema=RuralPatch,
    tag="new-rural criterion",
)


@assessments.get(
    "/{int:pk}/answers",
    response={200: list[AnswerOut], **ERRORS},
    operation_id="assessment_answers",
    summary="An assessment's answers, with what the records suggest",
    description="For a draft, `suggested`, `suggestion_evidence` and `data_sufficient` are what "
    "the records say now; for an assessed one, what they said when it was answered.",
)
def answers(request, pk: int):
    assessment = ASSESSMENTS.get(request.user, pk)
    if assessment.is_draft:
        return selectors.current_answers(assessment)
    return list(selectors.answers_of(assessment))


@assessments.post(
    "/{int:pk}/answers",
    response={200: AssessmentOut, **ERRORS},
    operation_id="assessment_answer",
    summary="Answer criteria of a draft assessment, and optionally complete it",
    description="Answers are by criterion code; an answer against records that suggest "
    "otherwise needs `override_reason`. With `complete`, every criterion must be answered and "
    "`assessed_on` lie within the window; the result is then derived. Errors are keyed "
    "`answers.<code>.<field>`; nothing is written on any error.",
)
def answer(request, pk: int, data: AnswersIn):
    assessment = ASSESSMENTS.get(request.user, pk)
    given = {}
    for item in data.answers:
        given[item.criterion] = item.dict(exclude={"criterion"}, exclude_unset=True)
    return standard_services.assessment_answer(
        acting_user=request.user,
        instance=assessment,
        answers=given,
        assessed_on=data.assessed_on,
        notes=data.notes,
        complete=data.complete,
    )


@assessments.post(
    "/{int:pk}/recognise",
    response={200: AssessmentOut, **ERRORS},
    operation_id="assessment_recognise",
    summary="Recognise an assessed subject that meets the standard (approvers above it)",
)
def recognise(request, pk: int, data: RecogniseIn):
    assessment = ASSESSMENTS.get(request.user, pk)
    authority = None
    if data.authority_id is not None:
        authority = area_selectors.area_list(request.user).filter(pk=data.authority_id).first()
        if authority is None:
            raise ValidationError({"authority_id": _("No such area in your jurisdiction.")})
    return standard_services.assessment_recognise(
        acting_user=request.user,
        instance=assessment,
        decision_number=data.decision_number,
        decision_date=data.decision_date,
        authority=authority,
    )


@assessments.post(
    "/{int:pk}/reopen",
    response={200: AssessmentOut, **ERRORS},
    operation_id="assessment_reopen",
    summary="Reopen an assessed (not recognised) assessment for correction, with a reason",
)
def reopen(request, pk: int, data: AssessmentReasonIn):
    assessment = ASSESSMENTS.get(request.user, pk)
    return standard_services.assessment_reopen(
        acting_user=request.user, instance=assessment, reason=data.reason
    )


def _year(year):
    if year is None:
        return selectors.default_year()
    if not windows.valid_year(year):
        raise ValidationError({"year": _("Not a year antq evaluates.")})
    return year


def _place(request, area):
    return area_selectors.area_get(request.user, area) if area is not None else None


@router.get(
    "/results",
    response={200: ResultsOut, **ERRORS},
    operation_id="evaluation_results",
    summary="Results of an area (and below) for a year",
    description="area: an area id (default: everything you may see); year (default: this "
    "year). The standard by kind of subject (registered, late, assessed, met, recognised, "
    "share met/assessed), units by class, communes meeting the new-rural criterion.",
)
def results(request, area: int | None = None, year: int | None = None):
    place, year = _place(request, area), _year(year)
    return {
        "area_id": place.pk if place else None,
        "year": year,
        "standard": selectors.results_by_kind(request.user, place, year),
        "classes": selectors.class_counts(request.user, place, year),
        "rural": selectors.rural_counts(request.user, place, year),
    }


@classifications.get(
    "/weak",
    response={200: list[WeakUnitOut], **ERRORS},
    operation_id="classification_weak_units",
    summary="Units classified weak in a year, with their improvement plans",
)
def weak(request, area: int | None = None, year: int | None = None):
    place, year = _place(request, area), _year(year)
    return [
        {"classification": c, "plans": list(c.plans.all())}
        for c in selectors.weak_units(request.user, place, year)
    ]


@router.get(
    "/criteria-sets",
    response={200: list[CriteriaSetOut], **ERRORS},
    operation_id="criteria_sets",
    summary="The criteria sets of the standard, with the criteria that concern you",
)
def criteria_sets(request):
    return [
        {
            "code": s.code,
            "subject_kind": s.subject_kind,
            "name": s.label,
            "legal_basis": s.legal_basis,
            "valid_from": s.valid_from,
            "valid_to": s.valid_to,
            "min_optional_met": s.min_optional_met,
            "source_note": s.source_note,
            "criteria": list(selectors.criteria_visible(request.user, s)),
        }
        for s in selectors.criteria_sets()
    ]


@rural.get(
    "/sub-criteria",
    response={200: list[RuralSubCriterionOut], **ERRORS},
    operation_id="rural_sub_criteria",
    summary="The new-rural criterion's sub-criteria, by set",
    description="area: a commune id, for the set in force there in `year` (default: this "
    "year); without it, every set that concerns you (in force at the end of `year` if given). "
    "`code` is what a rural assessment's `answers` name.",
)
def rural_sub_criteria(request, area: int | None = None, year: int | None = None):
    place = _place(request, area)
    if year is not None or place is not None:
        year = _year(year)
    return list(selectors.rural_sub_criteria(request.user, place, year))


@router.post(
    "/criteria",
    response={201: CriterionOut, **ERRORS},
    operation_id="local_criterion_create",
    summary="Add a province's own criterion to a criteria set",
    description="Administrators of the province (or above); it applies to the subjects under "
    "the province from `valid_from`.",
)
def create_local_criterion(request, data: LocalCriterionIn):
    values = data.dict()
    code = values.pop("criteria_set_code")
    criteria_set = selectors.criteria_sets().filter(code=code).first()
    if criteria_set is None:
        raise ValidationError(
            {"criteria_set_code": _("No criteria set has the code “{code}”.").format(code=code)}
        )
    area = area_selectors.area_list(request.user).filter(pk=values.pop("area_id")).first()
    try:
        criterion = standard_services.local_criterion_create(
            acting_user=request.user, criteria_set=criteria_set, area=area, **values
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "area" in exc.error_dict:
            exc.error_dict["area_id"] = exc.error_dict.pop("area")
        raise
    return Status(201, criterion)


router.add_router("/registrations", registrations)
router.add_router("/assessments", assessments)
router.add_router("/classifications", classifications)
router.add_router("/plans", plans)
router.add_router("/rural", rural)
