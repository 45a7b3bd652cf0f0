"""The writes of the classification of the movement: a unit's classification for a year
(by the level above) and the improvement plans of units classified weak. Keyword-only, atomic,
with the acting user; errors name the field and write nothing."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.core.relations import check_visible
from antq.core.scoping import Action, can, can_at_higher_level
from antq.core.services import (
    delete_with_history,
    require_area_right,
    save_with_history,
    scoped_update,
)
from antq.evaluations import windows
from antq.evaluations.choices import MovementClass, PlanStatus
from antq.evaluations.models import Classification, ClassificationScore, ImprovementPlan
from antq.evaluations.selectors import scheme_for
from antq.evaluations.services.common import check_year, d
from antq.evaluations.subjects import unit_kind_for


def _require_higher(acting_user, area):
    """A unit's movement is classified by the level above it."""
    if not can(acting_user, Action.VIEW, area):
        raise ValidationError({"area": _("No such area in your jurisdiction.")})
    if not can_at_higher_level(acting_user, Action.CHANGE, area):
        raise PermissionDenied(_("A unit's movement is classified by the level above it."))


@transaction.atomic
def classification_save(
    *, acting_user, area, year, scores: dict, notes="", reason=""
) -> Classification:
    """Classify a unit's movement for a year from its points per criterion of the scheme that
    applies (create, or correct the year's classification). Points and class are derived."""
    _require_higher(acting_user, area)
    check_year(year)
    scheme = scheme_for(area, year)
    if scheme is None:
        raise ValidationError(
            {"year": _("No classification scheme applies here in {year}.").format(year=year)}
        )
    criteria = list(scheme.criteria.all())
    errors = {}
    known = {c.code for c in criteria}
    for code in set(scores) - known:
        errors["scores"] = _("“{code}” is not a criterion of the scheme.").format(code=code)
    for c in criteria:
        value = scores.get(c.code)
        if value is None:
            errors[f"scores.{c.code}"] = _("Give the points.")
        elif (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= c.max_points
        ):
            errors[f"scores.{c.code}"] = _("From 0 to {n} points.").format(n=c.max_points)
    if errors:
        raise ValidationError(errors)
    instance = Classification.objects.filter(area=area, year=year).first()
    if instance is None:
        instance = Classification(area=area, year=year)
    instance.unit_kind = unit_kind_for(area)
    instance.scheme = scheme
    instance.points = sum(scores[c.code] for c in criteria)
    instance.movement_class = scheme.class_for(instance.points)
    instance.period_end = windows.window(instance.unit_kind, year).end
    instance.notes = (notes or "").strip()
    save_with_history(instance, acting_user=acting_user, reason=reason)
    have = {s.criterion_id: s for s in instance.scores.all()}
    for old in [s for cid, s in have.items() if cid not in {c.pk for c in criteria}]:
        old.delete()  # the scheme changed
    for c in criteria:
        score = have.get(c.pk) or ClassificationScore(classification=instance, criterion=c)
        if score.pk is None or score.points != scores[c.code]:
            score.points = scores[c.code]
            save_with_history(score, acting_user=acting_user)
    return instance


@transaction.atomic
def classification_delete(*, acting_user, instance: Classification, reason=""):
    _require_higher(acting_user, instance.area)
    for plan in instance.plans.all():
        delete_with_history(plan, acting_user=acting_user, reason=reason)
    for score in instance.scores.all():
        score.delete()
    instance._history_user = acting_user
    instance.delete()


PLAN_FIELDS = ("measures", "responsible", "due_on", "status", "done_on", "notes")


def _check_plan(plan):
    errors = {}
    if plan.classification.movement_class != MovementClass.WEAK:
        errors["classification"] = _("Improvement plans are for units classified weak.")
    if plan.due_on and plan.due_on < plan.classification.period_end:
        errors["due_on"] = _("A plan is due after the classified period ({day}).").format(
            day=d(plan.classification.period_end)
        )
    if plan.status == PlanStatus.DONE:
        if not plan.done_on:
            errors["done_on"] = _("Give the day the plan was carried out.")
        elif plan.done_on > date.today():
            errors["done_on"] = _("This date is in the future.")
    elif plan.done_on:
        errors["done_on"] = _("Only a plan carried out has this date.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_create(*, acting_user, classification, **fields) -> ImprovementPlan:
    """How a weak unit is to be lifted; written by the unit itself or the levels above."""
    if classification is None:
        raise ValidationError({"classification": _("Choose a record in your jurisdiction.")})
    check_visible(acting_user, "classification", classification)
    require_area_right(acting_user, Action.CHANGE, classification.area)
    unknown = set(fields) - set(PLAN_FIELDS) - {"area"}
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in sorted(unknown)})
    fields.pop("area", None)
    plan = ImprovementPlan(
        classification=classification,
        area=classification.area,
        **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()},
    )
    _check_plan(plan)
    return save_with_history(plan, acting_user=acting_user)


@transaction.atomic
def plan_update(*, acting_user, instance: ImprovementPlan, reason="", **changes):
    for name in ("area", "classification"):
        if name in changes and changes[name] == getattr(instance, name):
            changes.pop(name)
    for name, value in changes.items():
        if name in PLAN_FIELDS:
            setattr(instance, name, value.strip() if isinstance(value, str) else value)
    _check_plan(instance)
    return scoped_update(
        instance, acting_user=acting_user, allowed=PLAN_FIELDS, reason=reason, **changes
    )


@transaction.atomic
def plan_delete(*, acting_user, instance: ImprovementPlan, reason=""):
    delete_with_history(instance, acting_user=acting_user, reason=reason)
