"""Small builders shared by the evaluation tests."""

from datetime import date

from antq.core.testing.factories import make_user
from antq.evaluations import selectors
from antq.evaluations.models import Criterion
from antq.evaluations.services import standard as standard_services
from antq.registry.models import Organisation


def org(area, org_type="school", name=None):
    return Organisation.objects.create(area=area, org_type=org_type, name=name or f"{org_type}")


def register(
    user, area=None, organisation=None, year=2025, on=date(2025, 2, 1), plan=date(2025, 2, 15)
):
    return standard_services.registration_create(
        acting_user=user,
        area=area or organisation.area,
        organisation=organisation,
        year=year,
        registered_on=on,
        plan_adopted_on=plan,
    )


def start(user, area=None, organisation=None, year=2025):
    return standard_services.assessment_start(
        acting_user=user, area=area or organisation.area, organisation=organisation, year=year
    )


def answer_all(user, assessment, *, met=True, overrides=None, reasons=None, on=None, complete=True):
    """Answer every criterion (`met`, or as in `overrides`), giving reasons where the records
    say otherwise, and complete."""
    overrides, reasons = overrides or {}, reasons or {}
    answers = {}
    for a in selectors.current_answers(assessment):
        code = a.criterion.code
        value = overrides.get(code, met)
        answers[code] = {"met": value, "evidence": f"ghi chú {code}"}
        if a.data_sufficient and a.suggested is not None and a.suggested != value:
            answers[code]["override_reason"] = reasons.get(code, "Theo biên bản họp")
    return standard_services.assessment_answer(
        acting_user=user,
        instance=assessment,
        answers=answers,
        assessed_on=on or min(date.today(), assessment.window_end),
        complete=complete,
    )


def approver_at(area, username):
    return make_user(area, "approver", username=username)


def criterion(kind, code):
    return Criterion.objects.get(
        criteria_set__subject_kind=kind, criteria_set__area=None, area=None, code=code
    )
