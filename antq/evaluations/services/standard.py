"""The writes of the standard: a province's own criteria, registrations, and assessments
(answers, completion, reopening, recognition by a decision). Keyword-only, atomic, with the
acting user.

Errors name the field the user filled in, in their language, and write nothing. Answers'
errors are keyed `answers.<criterion code>.<met|evidence|override_reason|files>`.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from antq.areas.choices import AreaLevel
from antq.core.scoping import Action, can, can_at_higher_level
from antq.core.services import (
    bulk_save_with_history,
    delete_with_history,
    require_record_right,
    save_with_history,
    scoped_update,
)
from antq.evaluations import attachments, windows
from antq.evaluations.choices import AssessmentStatus
from antq.evaluations.models import (
    AnswerAttachment,
    Assessment,
    Criterion,
    RecognitionDecision,
    Registration,
)
from antq.evaluations.selectors import (
    criteria_set_for,
    current_answers,
    recognising_authority,
)
from antq.evaluations.services.common import (
    acting_subject,
    check_year,
    d,
    in_window,
    not_future,
)
from antq.notifications import services as notifications

# --- criteria -----------------------------------------------------------------------------


@transaction.atomic
def local_criterion_create(*, acting_user, criteria_set, area, code, name, text, **fields):
    """A province's own criterion, for the subjects under it in its period (administrators of
    the province, or above)."""
    if area is None or not can(acting_user, Action.VIEW, area):
        raise ValidationError({"area": _("No such area in your jurisdiction.")})
    if area.level > AreaLevel.PROVINCE:
        raise ValidationError({"area": _("Criteria are added by a province (or the country).")})
    if not can(acting_user, Action.ADMINISTER, area):
        raise PermissionDenied(_("Only an administrator of the province adds criteria."))
    if not fields.get("valid_from"):
        raise ValidationError({"valid_from": _("Give the day the criterion applies from.")})
    if Criterion.objects.filter(criteria_set=criteria_set, code=code).exists():
        raise ValidationError({"code": _("This set already has a criterion with this code.")})
    last = criteria_set.criteria.order_by("-sort_order").values_list("sort_order", flat=True)
    criterion = Criterion(
        criteria_set=criteria_set,
        area=area,
        code=code,
        name=name.strip(),
        text=text.strip(),
        added_by=acting_user,
        sort_order=(last.first() or 0) + 10,
        **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()},
    )
    return save_with_history(criterion, acting_user=acting_user)


@transaction.atomic
def local_criterion_end(*, acting_user, instance: Criterion, valid_to: date, reason=""):
    """Stop a province's criterion applying after `valid_to` (answers given stay)."""
    if instance.area is None:
        raise PermissionDenied(_("The criteria of the law are changed by an administrator only."))
    if not can(acting_user, Action.ADMINISTER, instance.area):
        raise PermissionDenied(_("Only an administrator of the province adds criteria."))
    instance.valid_to = valid_to
    return save_with_history(instance, acting_user=acting_user, reason=reason)


# --- registrations ------------------------------------------------------------------------


def _check_free(model, subject, year, exclude_pk=None, message=None):
    clash = model.objects.filter(year=year, **subject.lookup())
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"year": message.format(subject=subject.name, year=year)})


def _check_registration_dates(kind, year, registered_on, plan_adopted_on):
    w = windows.window(kind, year)
    for field, day in (("registered_on", registered_on), ("plan_adopted_on", plan_adopted_on)):
        not_future(day, field)
        in_window(day, w, field)


@transaction.atomic
def registration_create(
    *,
    acting_user,
    area=None,
    organisation=None,
    year,
    registered_on,
    plan_adopted_on=None,
    notes="",
) -> Registration:
    """A subject registers for a year; one registered after the first quarter is flagged late."""
    subject = acting_subject(acting_user, area, organisation)
    check_year(year)
    if registered_on is None:
        raise ValidationError({"registered_on": _("This field is required.")})
    _check_registration_dates(subject.kind, year, registered_on, plan_adopted_on)
    _check_free(
        Registration, subject, year, message=_("{subject} is already registered for {year}.")
    )
    reg = Registration(
        area=subject.area,
        organisation=subject.organisation,
        subject_kind=subject.kind,
        year=year,
        registered_on=registered_on,
        plan_adopted_on=plan_adopted_on,
        notes=(notes or "").strip(),
    )
    return save_with_history(reg, acting_user=acting_user)


@transaction.atomic
def registration_bulk_create(*, records, acting_user, reason) -> list[Registration]:
    """Many new registrations (an import; the file's rows were checked as registration_create
    checks one)."""
    return bulk_save_with_history(Registration, records, acting_user=acting_user, reason=reason)


@transaction.atomic
def registration_update(*, acting_user, instance: Registration, reason="", **changes):
    """Correct the dates or notes; the subject and year of a registration stay."""
    for name in ("area", "organisation", "year"):
        if name in changes and changes[name] == getattr(instance, name):
            changes.pop(name)
    registered_on = changes.get("registered_on", instance.registered_on)
    plan = changes.get("plan_adopted_on", instance.plan_adopted_on)
    if registered_on is None:
        raise ValidationError({"registered_on": _("This field is required.")})
    _check_registration_dates(instance.subject_kind, instance.year, registered_on, plan)
    return scoped_update(
        instance,
        acting_user=acting_user,
        allowed=("registered_on", "plan_adopted_on", "notes"),
        reason=reason,
        **changes,
    )


@transaction.atomic
def registration_delete(*, acting_user, instance: Registration, reason=""):
    delete_with_history(instance, acting_user=acting_user, reason=reason)


# --- assessments --------------------------------------------------------------------------


def derive_result(criteria_set, answers) -> bool:
    """The set's rule: every required criterion met, and at least `min_optional_met` others."""
    required_met = all(a.met for a in answers if a.criterion.required)
    optional_met = sum(1 for a in answers if not a.criterion.required and a.met)
    return required_met and optional_met >= criteria_set.min_optional_met


@transaction.atomic
def assessment_start(*, acting_user, area=None, organisation=None, year, notes="") -> Assessment:
    """Open a subject's assessment for a year, its answers pre-filled from the records."""
    subject = acting_subject(acting_user, area, organisation)
    check_year(year)
    w = windows.window(subject.kind, year)
    if w.start > date.today():
        raise ValidationError(
            {
                "year": _("The evaluation window of {year} opens on {day}.").format(
                    year=year, day=d(w.start)
                )
            }
        )
    _check_free(
        Assessment, subject, year, message=_("{subject} already has an assessment for {year}.")
    )
    criteria_set = criteria_set_for(subject.kind, year, subject.area)
    if criteria_set is None:
        raise ValidationError(
            {"year": _("No criteria set of the standard is in force for {year}.").format(year=year)}
        )
    assessment = save_with_history(
        Assessment(
            area=subject.area,
            organisation=subject.organisation,
            subject_kind=subject.kind,
            year=year,
            criteria_set=criteria_set,
            notes=(notes or "").strip(),
        ),
        acting_user=acting_user,
    )
    for answer in current_answers(assessment):
        save_with_history(answer, acting_user=acting_user)
    return assessment


def _lock(instance):
    """Read the status again under a row lock, so two concurrent steps cannot both pass."""
    instance.status = (
        Assessment.objects.select_for_update().values_list("status", flat=True).get(pk=instance.pk)
    )
    return instance.status


def _require_draft(instance, message):
    if _lock(instance) != AssessmentStatus.DRAFT:
        raise ValidationError({"status": message})


def _field(code, part):
    return f"answers.{code}.{part}"


def _check_answers(answers, given, files):
    """The answers' own errors: unknown criteria, against the records without a reason, bad
    files. Returns {error field: message} (empty when all is well) and the checked files."""
    by_code = {a.criterion.code: a for a in answers}
    errors, checked = {}, {}
    for code, data in given.items():
        answer = by_code.get(code)
        if answer is None:
            errors["answers"] = _("“{code}” is not a criterion of this assessment.").format(
                code=code
            )
            continue
        met = data.get("met", answer.met)
        reason = (data.get("override_reason", answer.override_reason) or "").strip()
        if (
            met is not None
            and answer.data_sufficient
            and answer.suggested is not None
            and met != answer.suggested
            and not reason
        ):
            errors[_field(code, "override_reason")] = _(
                "The records say otherwise ({evidence}); say why you answer against them."
            ).format(evidence=answer.suggestion_evidence.rstrip("."))
    for code, uploads in (files or {}).items():
        if code not in by_code:
            errors["answers"] = _("“{code}” is not a criterion of this assessment.").format(
                code=code
            )
            continue
        try:
            checked[code] = attachments.check(uploads, _field(code, "files"))
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    return errors, checked


@transaction.atomic
def assessment_answer(
    *,
    acting_user,
    instance: Assessment,
    answers: dict | None = None,
    assessed_on=None,
    notes=None,
    complete=False,
    files: dict | None = None,
) -> Assessment:
    """Give (or change) answers of a draft assessment and, with `complete`, finish it: every
    criterion answered, the date within the window, the result derived by the set's rule.
    `answers` is {criterion code: {"met": True|False|None, "evidence": str,
    "override_reason": str}}; keys left out keep their value. Nothing is written on any error.
    """
    require_record_right(acting_user, Action.CHANGE, instance)
    _require_draft(instance, _("Only a draft assessment is answered; reopen it first."))
    given = answers or {}
    current = current_answers(instance)
    errors, checked = _check_answers(current, given, files)
    day = assessed_on if assessed_on is not None else instance.assessed_on
    w = windows.window(instance.subject_kind, instance.year)
    try:
        not_future(day, "assessed_on")
        in_window(day, w, "assessed_on")
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    for answer in current:
        data = given.get(answer.criterion.code, {})
        for name in ("met", "evidence", "override_reason"):
            if name in data:
                value = data[name]
                setattr(answer, name, value.strip() if isinstance(value, str) else value)
        if not answer.overridden:
            answer.override_reason = ""  # kept only for an answer against the records
    if complete:
        if day is None:
            errors.setdefault("assessed_on", _("Give the day of the assessment."))
        for answer in current:
            if answer.met is None:
                errors[_field(answer.criterion.code, "met")] = _(
                    "Answer this criterion: met or not met."
                )
    if errors:
        raise ValidationError(errors)
    instance.assessed_on = day
    if notes is not None:
        instance.notes = notes.strip()
    if complete:
        instance.meets_standard = derive_result(instance.criteria_set, current)
        instance.status = AssessmentStatus.ASSESSED
        instance.assessed_by = acting_user
    for answer in current:
        save_with_history(answer, acting_user=acting_user)
    save_with_history(instance, acting_user=acting_user, reason=_("Assessed") if complete else "")
    _attach(acting_user, current, checked)  # last: files are removed again if this fails
    if complete and instance.meets_standard:
        notifications.recognition_requested(assessment=instance, acting_user=acting_user)
    return instance


def _attach(acting_user, answers, checked):
    """Write the checked files last; if writing their rows fails, remove them again."""
    by_code = {a.criterion.code: a for a in answers}
    written = []
    try:
        for code, files in checked.items():
            for name, kind, content in files:
                stored = attachments.store(content, kind)
                written.append(stored)
                AnswerAttachment.objects.create(
                    answer=by_code[code],
                    file=stored,
                    original_name=name,
                    kind=kind,
                    size=len(content),
                    sha256=attachments.digest(content),
                    uploaded_by=acting_user,
                )
    except Exception:
        attachments.remove(written)
        raise


@transaction.atomic
def assessment_update(*, acting_user, instance: Assessment, reason="", **changes):
    """The notes of an assessment (answers go through assessment_answer)."""
    return scoped_update(
        instance, acting_user=acting_user, allowed=("notes",), reason=reason, **changes
    )


@transaction.atomic
def assessment_reopen(*, acting_user, instance: Assessment, reason: str) -> Assessment:
    """Back to draft, to correct answers; a recognised assessment stays as recognised."""
    require_record_right(acting_user, Action.CHANGE, instance)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the assessment is reopened.")})
    if _lock(instance) != AssessmentStatus.ASSESSED:
        raise ValidationError(
            {"status": _("Only an assessed (not yet recognised) assessment is reopened.")}
        )
    instance.status = AssessmentStatus.DRAFT
    instance.meets_standard = None
    return save_with_history(instance, acting_user=acting_user, reason=reason)


@transaction.atomic
def assessment_delete(*, acting_user, instance: Assessment, reason=""):
    require_record_right(acting_user, Action.CHANGE, instance)
    _require_draft(instance, _("Only a draft assessment is deleted."))
    for answer in instance.answers.all():
        attachments.remove([a.file.name for a in answer.attachments.all()])
        delete_with_history(answer, acting_user=acting_user, reason=reason)
    delete_with_history(instance, acting_user=acting_user, reason=reason)


@transaction.atomic
def assessment_recognise(
    *, acting_user, instance: Assessment, decision_number, decision_date, authority=None
) -> Assessment:
    """The competent level recognises a subject that meets the standard, by a decision with
    its number and date. One decision may recognise many subjects; a number the authority
    already gave another of its decisions that year (another date) is refused."""
    if not can_at_higher_level(acting_user, Action.APPROVE, instance.area):
        raise PermissionDenied(_("Only an approver at a level above the subject recognises it."))
    if authority is None:
        authority = recognising_authority(acting_user, instance.area)
    elif not (
        instance.area.path.startswith(authority.path)
        and len(authority.path) < len(instance.area.path)
        and can(acting_user, Action.APPROVE, authority)
    ):
        raise ValidationError(
            {"authority": _("Choose a level above the subject where you approve.")}
        )
    status = _lock(instance)
    if status != AssessmentStatus.ASSESSED or not instance.meets_standard:
        raise ValidationError(
            {"status": _("Only an assessment that meets the standard is recognised.")}
        )
    number = (decision_number or "").strip()
    errors = {}
    if not number:
        errors["decision_number"] = _("Give the number of the decision.")
    elif len(number) > 60:
        errors["decision_number"] = _("At most {n} characters.").format(n=60)
    if decision_date is None:
        errors["decision_date"] = _("Give the date of the decision.")
    elif decision_date > date.today():
        errors["decision_date"] = _("This date is in the future.")
    elif instance.assessed_on and decision_date < instance.assessed_on:
        errors["decision_date"] = _("A decision comes on or after the assessment ({day}).").format(
            day=d(instance.assessed_on)
        )
    if errors:
        raise ValidationError(errors)
    decision = _decision(acting_user, authority, number, decision_date)
    instance.status = AssessmentStatus.RECOGNISED
    instance.decision = decision
    instance.recognised_by = acting_user
    save_with_history(
        instance,
        acting_user=acting_user,
        reason=_("Recognised by decision {number}").format(number=number),
    )
    notifications.recognition_made(assessment=instance, acting_user=acting_user)
    return instance


def _reused(authority, number, existing):
    return ValidationError(
        {
            "decision_number": _(
                "{authority} already gave the number {number} to its decision of {day}: "
                "give this decision its own number."
            ).format(authority=authority.name, number=number, day=d(existing.decided_on))
        }
    )


def _decision(acting_user, authority, number, decided_on):
    """The authority's decision with this number: the same one again (same date), or new."""
    same = {"authority": authority, "number": number, "decided_year": decided_on.year}
    existing = RecognitionDecision.objects.select_for_update().filter(**same).first()
    if existing is not None:
        if existing.decided_on != decided_on:
            raise _reused(authority, number, existing)
        return existing
    try:
        with transaction.atomic():
            decision = RecognitionDecision(
                authority=authority, number=number, decided_on=decided_on, created_by=acting_user
            )
            return save_with_history(decision, acting_user=acting_user)
    except IntegrityError:  # written by someone else meanwhile
        existing = RecognitionDecision.objects.get(**same)
        if existing.decided_on != decided_on:
            raise _reused(authority, number, existing) from None
        return existing
