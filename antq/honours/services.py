"""Every write to emulation agreements and commendations (nominate, approve, reject, nominate
again, correct, delete). Keyword-only, atomic, with the acting user; a bad value is a field
error and nothing is written."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from antq.activities.models import Activity
from antq.areas.models import Area
from antq.core.relations import (
    bulk_create_with_links,
    check_visible_fields,
    create_with_links,
    resolve_visible,
    update_with_links,
)
from antq.core.scoping import Action, can, can_at_higher_level
from antq.core.services import (
    bulk_save_with_history,
    delete_with_history,
    require_area_right,
    require_record_right,
    save_with_history,
)
from antq.honours.choices import CommendationStatus
from antq.honours.models import (
    Commendation,
    CommendationStatusChange,
    EmulationAgreement,
    decision_key,
    decision_lock_id,
    decision_text,
)
from antq.indicators import rollup
from antq.movement.models import Team
from antq.notifications import services as notifications
from antq.registry.models import Organisation

AGREEMENT_FIELDS = ("title", "signed_on", "period_from", "period_to", "targets", "activity")
COMMENDATION_FIELDS = (
    "recipient_kind",
    "recipient_organisation",
    "recipient_team",
    "recipient_name",
    "recipient_position",
    "award_form",
    "form_other",
    "authority_level",
    "authority_name",
    "period_from",
    "period_to",
    "achievement",
    "activity",
)
DECISION_FIELDS = ("decision_number", "decision_date")
RELATIONS = {
    "recipient_organisation": Organisation,
    "recipient_team": Team,
    "activity": Activity,
}


# --- emulation agreements ---------------------------------------------------------------


def _parties(user, organisations, areas, day=None):
    organisations = resolve_visible(user, Organisation, "organisations", organisations)
    areas = resolve_visible(user, Area, "party_areas", areas)
    _in_force(areas, day)
    if len(organisations) + len(areas) < 2:
        raise ValidationError(
            {
                "organisations": _(
                    "An emulation agreement has at least two parties: organisations or areas."
                )
            }
        )
    return {"organisations": organisations, "party_areas": areas}


def parties_not_in_force(areas, day) -> str:
    """Why some of `areas` may not sign an agreement on `day`, or "": the areas that sign an
    agreement are the units in force on the day it is signed (a former commune for an agreement
    of its time, today's units for one signed today)."""
    gone = [area for area in areas if day is not None and not area.is_active_on(day)]
    if not gone:
        return ""
    return ngettext(
        "{units} was not in force on {day}, the day the agreement was signed.",
        "{units} were not in force on {day}, the day the agreement was signed.",
        len(gone),
    ).format(
        units=", ".join(f"{area.name} ({area.code})" for area in gone),
        day=day.strftime("%d/%m/%Y"),
    )


def _in_force(areas, day):
    """Refuses parties not in force on the signing day (parties_not_in_force; the user's
    jurisdiction reaches the former units of their own)."""
    if message := parties_not_in_force(areas, day):
        raise ValidationError({"party_areas": message})


@transaction.atomic
def agreement_create(
    *, acting_user, area, organisations=(), party_areas=(), **fields
) -> EmulationAgreement:
    require_area_right(acting_user, Action.CHANGE, area)
    check_visible_fields(acting_user, fields, ("activity",))
    links = _parties(acting_user, organisations, party_areas, fields.get("signed_on"))
    return create_with_links(
        EmulationAgreement, acting_user=acting_user, area=area, links=links, **fields
    )


@transaction.atomic
def agreement_bulk_create(*, records, acting_user, reason) -> list[EmulationAgreement]:
    """Many new agreements (an import), each with the parties its row named (`_pending_links`;
    they and the activity read through the user's jurisdiction by the caller), each party in
    force on the agreement's signing day."""
    for record in records:
        _in_force(getattr(record, "_pending_links", {}).get("party_areas", ()), record.signed_on)
    created = bulk_create_with_links(
        EmulationAgreement, records, acting_user=acting_user, reason=reason
    )
    rollup.records_created(EmulationAgreement, created)
    return created


@transaction.atomic
def agreement_update(*, acting_user, instance: EmulationAgreement, reason="", **changes):
    require_record_right(acting_user, Action.CHANGE, instance)
    check_visible_fields(acting_user, changes, ("activity",), instance=instance)
    links = {}
    day = changes.get("signed_on") or instance.signed_on
    if "organisations" in changes or "party_areas" in changes:
        organisations = (
            changes.pop("organisations") or ()
            if "organisations" in changes
            else instance.organisations.all()
        )
        areas = (
            changes.pop("party_areas") or ()
            if "party_areas" in changes
            else instance.party_areas.all()
        )
        links = _parties(acting_user, organisations, areas, day)
    elif changes.get("signed_on"):  # the parties kept must be in force on the new day
        _in_force(instance.party_areas.all(), day)
    return update_with_links(
        instance,
        acting_user=acting_user,
        allowed=AGREEMENT_FIELDS,
        links=links,
        reason=reason,
        **changes,
    )


@transaction.atomic
def agreement_delete(*, acting_user, instance: EmulationAgreement, reason=""):
    delete_with_history(instance, acting_user=acting_user, reason=reason)


# --- commendations ----------------------------------------------------------------------


def period_of(period_year=None, period_from=None, period_to=None):
    """A commendation's period, given as a year or as from/to (not both)."""
    if period_year in (None, ""):
        return {"period_from": period_from, "period_to": period_to}
    try:
        year = int(period_year)
        if not 1945 <= year <= 2200:
            raise ValueError
    except (TypeError, ValueError):
        raise ValidationError({"period_year": _("Enter a year such as 2025.")}) from None
    if (period_from and period_from != date(year, 1, 1)) or (
        period_to and period_to != date(year, 12, 31)
    ):
        raise ValidationError(
            {"period_year": _("Give either a year or a period from … to …, not both.")}
        )
    return {"period_from": date(year, 1, 1), "period_to": date(year, 12, 31)}


def _lock_status(instance):
    """Read the status again under a row lock, so two concurrent steps cannot both pass."""
    instance.status = (
        Commendation.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=instance.pk)
    )
    return instance.status


def _require_higher_approver(user, commendation):
    if not can_at_higher_level(user, Action.APPROVE, commendation.area):
        raise PermissionDenied(
            _(
                "Only an approver at a level above {area} may approve or reject its commendations."
            ).format(area=commendation.area.name)
        )


def _status_error(commendation, message):
    label = CommendationStatus(commendation.status).label
    return ValidationError({"status": message.format(status=label)})


def locked_message(commendation):
    return _(
        "This commendation is “{status}” and locked: only an administrator may change it, "
        "giving a reason."
    ).format(status=CommendationStatus(commendation.status).label)


def _record_step(commendation, user, from_status, reason=""):
    CommendationStatusChange.objects.create(
        commendation=commendation,
        from_status=from_status,
        to_status=commendation.status,
        reason=reason,
        changed_by=user,
    )


def _lock_decision(key):
    """Serialise writers of one decision number on PostgreSQL (SQLite writes one at a time)."""
    if key and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [decision_lock_id(key)])


def check_decision(commendation):
    """One decision number names one decision of one authority: a second commendation may share
    it only with the same date (the same decision commending several recipients), and a decision
    commends each recipient once. Checked against every approved commendation, in or out of the
    user's jurisdiction (a province's decisions cover many communes); the refusal names only the
    date already recorded."""
    key = decision_key(
        commendation.authority_level, commendation.authority_name, commendation.decision_number
    )
    if not key:
        return
    _lock_decision(key)
    same_number = Commendation.objects.filter(
        status=CommendationStatus.APPROVED, decision_key=key
    ).exclude(pk=commendation.pk)
    other_date = (
        same_number.exclude(decision_date=commendation.decision_date)
        .order_by("decision_date")
        .values_list("decision_date", flat=True)
        .first()
    )
    if other_date is not None:
        raise ValidationError(
            {
                "decision_number": _(
                    "Decision {number} of this authority is already recorded with the date "
                    "{day}: a decision number is not reused for another decision. Check the "
                    "number and the date."
                ).format(number=commendation.decision_number, day=other_date.strftime("%d/%m/%Y"))
            }
        )
    identity = commendation.recipient_identity()
    candidates = same_number.filter(
        recipient_kind=commendation.recipient_kind, area=commendation.area
    )
    if any(other.recipient_identity() == identity for other in candidates):
        raise ValidationError(
            {"decision_number": _("This decision already commends this recipient.")}
        )


def _clean_fields(fields):
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


@transaction.atomic
def commendation_nominate(*, acting_user, area, period_year=None, **fields) -> Commendation:
    """An editor of the area nominates a collective or an individual for a commendation."""
    require_area_right(acting_user, Action.CHANGE, area)
    fields.pop("reason", None)
    unknown = set(fields) - set(COMMENDATION_FIELDS) - {"period_from", "period_to"}
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in sorted(unknown)})
    fields |= period_of(period_year, fields.get("period_from"), fields.get("period_to"))
    check_visible_fields(acting_user, fields, RELATIONS)
    commendation = Commendation(
        area=area,
        status=CommendationStatus.NOMINATED,
        nominated_by=acting_user,
        nominated_at=timezone.now(),
        **_clean_fields(fields),
    )
    commendation.fill_collective_name()
    save_with_history(commendation, acting_user=acting_user, reason=_("Nominated"))
    _record_step(commendation, acting_user, "")
    notifications.decision_requested(commendation=commendation, acting_user=acting_user)
    return commendation


@transaction.atomic
def commendation_bulk_create(*, records, acting_user, reason) -> list[Commendation]:
    """Many new commendations (an import: nominations, or decisions an approver above the area
    records), under the single writers' rules: a decision number that names one decision
    (checked under its lock), and each its first status row. Recipients and activities are
    read through the user's jurisdiction by the caller."""
    decided = [c for c in records if c.status == CommendationStatus.APPROVED]
    keys = {decision_key(c.authority_level, c.authority_name, c.decision_number) for c in decided}
    for key in sorted(keys):
        _lock_decision(key)  # in one order, so two writers cannot wait on each other
    for commendation in decided:
        check_decision(commendation)
    created = bulk_save_with_history(Commendation, records, acting_user=acting_user, reason=reason)
    rollup.records_created(Commendation, created)
    CommendationStatusChange.objects.bulk_create(
        [CommendationStatusChange.initial_for(commendation) for commendation in created]
    )
    return created


@transaction.atomic
def commendation_update(
    *, acting_user, instance: Commendation, reason="", period_year=None, **changes
) -> Commendation:
    """Correct a nomination (editors of the area). An approved commendation is locked: only an
    administrator of the area changes it, and says why; they may correct its decision too."""
    require_record_right(acting_user, Action.CHANGE, instance)
    reason = (reason or "").strip()
    allowed = COMMENDATION_FIELDS
    if _lock_status(instance) == CommendationStatus.APPROVED:
        if not can(acting_user, Action.ADMINISTER, instance.area):
            raise ValidationError({"status": locked_message(instance)})
        if not reason:
            raise ValidationError({"reason": _("Say why an approved commendation is changed.")})
        allowed = COMMENDATION_FIELDS + DECISION_FIELDS
    unknown = set(changes) - set(allowed) - {"area"}
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in sorted(unknown)})
    if period_year not in (None, ""):
        changes |= period_of(period_year, changes.get("period_from"), changes.get("period_to"))
    if "area" in changes and changes["area"] != instance.area:
        require_area_right(acting_user, Action.CHANGE, changes["area"])
    check_visible_fields(acting_user, changes, RELATIONS, instance=instance)
    for name, value in _clean_fields(changes).items():
        setattr(instance, name, value)
    instance.fill_collective_name()
    if instance.status == CommendationStatus.APPROVED:
        instance.full_clean()
        check_decision(instance)
    return save_with_history(instance, acting_user=acting_user, reason=reason)


@transaction.atomic
def commendation_approve(
    *, acting_user, instance: Commendation, decision_number, decision_date
) -> Commendation:
    """An approver above the area approves a nomination and records the decision."""
    _require_higher_approver(acting_user, instance)
    if _lock_status(instance) != CommendationStatus.NOMINATED:
        raise _status_error(
            instance, _("This commendation is “{status}”: only a nomination can be approved.")
        )
    instance.decision_number = (decision_number or "").strip()
    instance.decision_date = decision_date
    instance.status = CommendationStatus.APPROVED
    instance.decided_by = acting_user
    instance.decided_at = timezone.now()
    instance.rejection_reason = ""
    instance.full_clean()
    check_decision(instance)
    text = decision_text(instance)
    save_with_history(
        instance, acting_user=acting_user, reason=_("Approved: {decision}").format(decision=text)
    )
    _record_step(instance, acting_user, CommendationStatus.NOMINATED, text)
    notifications.decision_made(commendation=instance, acting_user=acting_user)
    return instance


@transaction.atomic
def commendation_reject(*, acting_user, instance: Commendation, reason) -> Commendation:
    """An approver above the area turns a nomination down, saying why."""
    _require_higher_approver(acting_user, instance)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the nomination is rejected.")})
    if _lock_status(instance) != CommendationStatus.NOMINATED:
        raise _status_error(
            instance, _("This commendation is “{status}”: only a nomination can be rejected.")
        )
    instance.status = CommendationStatus.REJECTED
    instance.rejection_reason = reason
    instance.decided_by = acting_user
    instance.decided_at = timezone.now()
    save_with_history(
        instance, acting_user=acting_user, reason=_("Rejected: {reason}").format(reason=reason)
    )
    _record_step(instance, acting_user, CommendationStatus.NOMINATED, reason)
    notifications.decision_made(commendation=instance, acting_user=acting_user)
    return instance


@transaction.atomic
def commendation_renominate(*, acting_user, instance: Commendation, reason="") -> Commendation:
    """An editor of the area puts a rejected nomination forward again (after correcting it)."""
    require_record_right(acting_user, Action.CHANGE, instance)
    if _lock_status(instance) != CommendationStatus.REJECTED:
        raise _status_error(
            instance,
            _("This commendation is “{status}”: only a rejected one can be nominated again."),
        )
    reason = (reason or "").strip()
    instance.status = CommendationStatus.NOMINATED
    instance.rejection_reason = ""
    instance.decided_by = None
    instance.decided_at = None
    instance.nominated_by = acting_user
    instance.nominated_at = timezone.now()
    save_with_history(instance, acting_user=acting_user, reason=reason or _("Nominated again"))
    _record_step(instance, acting_user, CommendationStatus.REJECTED, reason)
    notifications.decision_requested(commendation=instance, acting_user=acting_user)
    return instance


@transaction.atomic
def commendation_delete(*, acting_user, instance: Commendation, reason=""):
    """A nomination goes with its editor's word; an approved commendation only with an
    administrator's, and a reason."""
    require_record_right(acting_user, Action.CHANGE, instance)
    if _lock_status(instance) == CommendationStatus.APPROVED:
        if not can(acting_user, Action.ADMINISTER, instance.area):
            raise _status_error(
                instance,
                _(
                    "This commendation is “{status}” and locked: only an administrator may "
                    "delete it, giving a reason."
                ),
            )
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Say why an approved commendation is deleted.")})
    delete_with_history(instance, acting_user=acting_user, reason=reason)
