"""The writes of the new-rural criterion on defence and security: a commune's assessment for
a year. Keyword-only, atomic, with the acting user; errors name the field and write nothing."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.areas.choices import AreaLevel, AreaType
from antq.core.scoping import Action
from antq.core.services import (
    delete_with_history,
    require_area_right,
    require_record_right,
    save_with_history,
)
from antq.evaluations import windows
from antq.evaluations.models import RuralAnswer, RuralAssessment
from antq.evaluations.selectors import rural_set_for
from antq.evaluations.services.common import check_year


@transaction.atomic
def rural_save(
    *, acting_user, area, year, assessed_on, answers: dict, notes="", reason=""
) -> RuralAssessment:
    """Whether a commune meets the new-rural criterion on defence and security in a year (create,
    or correct the year's assessment): met when every sub-criterion is met. `answers` is
    {sub-criterion code: {"met": bool, "evidence": str}}."""
    if area is None or area.level != AreaLevel.COMMUNE or area.area_type != AreaType.COMMUNE:
        raise ValidationError(
            {"area": _("The new-rural programme assesses communes (xã), not wards or towns.")}
        )
    require_area_right(acting_user, Action.CHANGE, area)
    check_year(year)
    rural_set = rural_set_for(area, year)
    if rural_set is None:
        raise ValidationError(
            {
                "year": _("No set of the new-rural criterion is in force for {year}.").format(
                    year=year
                )
            }
        )
    subs = list(rural_set.sub_criteria.all())
    errors = {}
    if assessed_on is None:
        errors["assessed_on"] = _("Give the day of the assessment.")
    elif assessed_on > date.today():
        errors["assessed_on"] = _("This date is in the future.")
    elif assessed_on < date(year, 1, 1):
        errors["assessed_on"] = _("An assessment of {year} is made in {year} or later.").format(
            year=year
        )
    for code in set(answers) - {s.code for s in subs}:
        errors["answers"] = _("“{code}” is not a sub-criterion of this set.").format(code=code)
    for s in subs:
        if answers.get(s.code, {}).get("met") is None:
            errors[f"answers.{s.code}.met"] = _("Answer this criterion: met or not met.")
    if errors:
        raise ValidationError(errors)
    instance = RuralAssessment.objects.filter(area=area, year=year).first() or RuralAssessment(
        area=area, year=year
    )
    instance.criteria_set = rural_set
    instance.assessed_on = assessed_on
    instance.meets = all(answers[s.code]["met"] for s in subs)
    instance.period_end = windows.calendar_year(year).end
    instance.notes = (notes or "").strip()
    save_with_history(instance, acting_user=acting_user, reason=reason)
    have = {a.sub_criterion_id: a for a in instance.answers.all()}
    for old in [a for sid, a in have.items() if sid not in {s.pk for s in subs}]:
        old.delete()
    for s in subs:
        answer = have.get(s.pk) or RuralAnswer(assessment=instance, sub_criterion=s)
        answer.met = answers[s.code]["met"]
        answer.evidence = (answers[s.code].get("evidence") or "").strip()
        save_with_history(answer, acting_user=acting_user)
    return instance


@transaction.atomic
def rural_delete(*, acting_user, instance: RuralAssessment, reason=""):
    require_record_right(acting_user, Action.CHANGE, instance)
    for answer in instance.answers.all():
        answer.delete()
    delete_with_history(instance, acting_user=acting_user, reason=reason)
