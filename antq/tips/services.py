"""Every write to tips: entry by staff, the workflow with its legal clock, transfers, messages,
readings of a reporter's identity, and the re-encryption of identities after a key rotation.

Each workflow step appends a TipEvent and recomputes the tip's stored clock (`due_on`,
`extensions`, `settled_on`, `settled_due_on`) from all its events with antq.tips.deadlines.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from antq.core import crypto
from antq.core.relations import check_visible_fields
from antq.core.scoping import Action, can, can_read_identities
from antq.core.services import (
    delete_with_history,
    require_area_right,
    require_record_right,
    save_with_history,
)
from antq.tips import deadlines, storage
from antq.tips.choices import ALLOWED_FROM, Channel, EventKind, LegalKind, TipStatus
from antq.tips.choices import Action as Step
from antq.tips.models import (
    HANDLING_LEVELS,
    IDENTITY_FIELDS,
    IdentityReveal,
    Tip,
    TipAttachment,
    TipEvent,
    TipMessage,
)

# What an edit may change; the status, the clock and the unit change only through the steps.
TIP_FIELDS = (
    "legal_kind",
    "channel",
    "category",
    "occurred_on",
    "occurred_place",
    "place_area",
    "latitude",
    "longitude",
    "summary",
    "received_on",
)
# Steps that leave the date of receipt open to correction.
EARLY_EVENTS = (EventKind.RECEIVED, EventKind.ASSIGNED, EventKind.VERIFYING)
MAX_TEXT = 5000
MAX_IDENTITY = 200


def _today() -> date:
    return timezone.localdate()


def reporter_hour() -> datetime:
    """The time stored on what a reporter writes through the portal: the hour only (the legal
    clock runs by the day). A finer time, next to the tip's number, could be matched with a log
    elsewhere that holds addresses."""
    return timezone.localtime().replace(minute=0, second=0, microsecond=0)


def _text(field, value, *, required=False, max_length=MAX_TEXT, message=None):
    """Stripped text; refused when required and empty, too long, or holding NUL characters."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: message or _("This field is required.")})
    if len(value) > max_length:
        raise ValidationError({field: _("At most {n} characters.").format(n=max_length)})
    if "\x00" in value:
        raise ValidationError({field: _("Null characters are not allowed.")})
    return value


def _secret(value) -> str:
    """The text of an identity field, given as text or as a pydantic SecretStr (the API)."""
    return value.get_secret_value() if hasattr(value, "get_secret_value") else (value or "")


def _check_category(category, current=None):
    if category is not None and category != current and not category.is_active:
        raise ValidationError({"category": _("This category is no longer in use.")})


def _check_place(user, values, instance=None):
    check_visible_fields(
        user,
        values,
        ("place_area",),
        instance=instance,
        message=_("Choose an area in your jurisdiction."),
    )


def _events(tip):
    return list(TipEvent.objects.filter(tip=tip).order_by("on", "id"))


def _apply_clock(tip, clock):
    tip.due_on = clock.due
    tip.extensions = clock.extensions
    if clock.state == deadlines.STOPPED:
        tip.settled_on = clock.stopped_on
        tip.settled_due_on = clock.last_due


def _fresh(tip):
    """The tip as stored now, under a row lock: rights and states are judged on it, not on a
    copy the caller may have held since before a transfer."""
    return Tip.objects.select_for_update(of=("self",)).select_related("area").get(pk=tip.pk)


def _begin(acting_user, tip, step):
    """The tip re-read under a row lock (two concurrent steps cannot both pass the checks),
    once the user's right and the step's starting status are checked."""
    fresh = _fresh(tip)
    require_record_right(acting_user, Action.CHANGE, fresh)
    if fresh.status not in ALLOWED_FROM[step]:
        raise ValidationError(
            {
                "status": _("“{step}” is not possible for a tip that is “{status}”.").format(
                    step=Step(step).label, status=TipStatus(fresh.status).label
                )
            }
        )
    return fresh


def _record(tip, *, acting_user, kind, on=None, status=None, reason="", changes=None, **event):
    """Append one event: check its date and the clock, then save the tip's new state."""
    events = _events(tip)
    on = on or _today()
    if on > _today():
        raise ValidationError({"on": _("This date is in the future.")})
    if events and on < events[-1].on:
        raise ValidationError(
            {
                "on": _("The previous step was on {day}; date this one on or after it.").format(
                    day=events[-1].on.isoformat()
                )
            }
        )
    row = TipEvent(tip=tip, kind=kind, on=on, by=acting_user, reason=reason, **event)
    try:
        clock = deadlines.clock([*events, row])
    except deadlines.DeadlineError as exc:
        raise ValidationError({exc.field: exc.message}) from None
    _apply_clock(tip, clock)
    if status is not None:
        tip.status = status
    for name, value in (changes or {}).items():
        setattr(tip, name, value)
    save_with_history(tip, acting_user=acting_user, reason=reason or str(EventKind(kind).label))
    row.save()
    return tip


# --- entry and edits --------------------------------------------------------------------


@transaction.atomic
@sensitive_variables("reporter_name", "reporter_contact")  # innermost: it guards the next frame
def tip_create(
    *,
    acting_user,
    area,
    legal_kind,
    channel,
    category,
    summary,
    received_on: date | None = None,
    occurred_on: date | None = None,
    occurred_place="",
    place_area=None,
    latitude: float | None = None,
    longitude: float | None = None,
    reporter_name="",
    reporter_contact="",
) -> Tip:
    """A tip entered by staff of the receiving unit `area`, by any channel and of any legal
    kind. The reporter's name and contact, if given, are stored encrypted only."""
    require_area_right(acting_user, Action.CHANGE, area)
    _check_category(category)
    _check_place(acting_user, {"place_area": place_area})
    reporter_name = _text("reporter_name", _secret(reporter_name), max_length=MAX_IDENTITY)
    reporter_contact = _text("reporter_contact", _secret(reporter_contact), max_length=MAX_IDENTITY)
    received_on = received_on or _today()
    tip = Tip(
        area=area,
        received_by_area=area,
        legal_kind=legal_kind,
        channel=channel,
        category=category,
        summary=_text("summary", summary, required=True),
        received_on=received_on,
        occurred_on=occurred_on,
        occurred_place=(occurred_place or "").strip(),
        place_area=place_area,
        latitude=latitude,
        longitude=longitude,
        reporter_name_enc=crypto.encrypt(reporter_name),
        reporter_contact_enc=crypto.encrypt(reporter_contact),
    )
    _apply_clock(tip, deadlines.clock([deadlines.Event(EventKind.RECEIVED, received_on)]))
    save_with_history(tip, acting_user=acting_user)
    TipEvent.objects.create(
        tip=tip, kind=EventKind.RECEIVED, on=received_on, by=acting_user, to_area=area
    )
    return tip


@transaction.atomic
def tip_update(*, acting_user, instance: Tip, reason="", **changes) -> Tip:
    """Correct what a tip says. The date of receipt can be corrected until the time limit was
    extended or the tip suspended, transferred or settled; the clock follows it."""
    tip = _fresh(instance)
    require_record_right(acting_user, Action.CHANGE, tip)
    if "area" in changes and changes.pop("area") != tip.area:
        raise ValidationError({"area": _("A tip moves to another unit only by a transfer.")})
    unknown = set(changes) - set(TIP_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in sorted(unknown)})
    if "category" in changes:
        _check_category(changes["category"], tip.category)
    _check_place(acting_user, changes, tip)
    if "summary" in changes:
        changes["summary"] = _text("summary", changes["summary"], required=True)
    moved_receipt = None
    new_received = changes.get("received_on")
    if new_received is not None and new_received != tip.received_on:
        events = _events(tip)
        if any(e.kind not in EARLY_EVENTS for e in events):
            raise ValidationError(
                {
                    "received_on": _(
                        "The date of receipt can no longer be corrected: the time limit was "
                        "already extended, or the tip suspended, transferred or settled."
                    )
                }
            )
        later = [e.on for e in events if e.kind != EventKind.RECEIVED]
        if later and new_received > min(later):
            raise ValidationError({"received_on": _("The tip was worked on before this date.")})
        moved_receipt = next(e for e in events if e.kind == EventKind.RECEIVED)
        moved_receipt.on = new_received
        _apply_clock(tip, deadlines.clock(events))
    for name, value in changes.items():
        setattr(tip, name, value.strip() if isinstance(value, str) else value)
    save_with_history(tip, acting_user=acting_user, reason=reason)
    if moved_receipt is not None:
        moved_receipt.save(update_fields=["on"])
    return tip


@transaction.atomic
def tip_delete(*, acting_user, instance: Tip, reason=""):
    """Only a tip entered by mistake goes: one not yet worked on, with no messages, whose
    identity was never read. Every other tip is a legal record and stays."""
    instance = _fresh(instance)
    require_record_right(acting_user, Action.CHANGE, instance)
    worked_on = (
        instance.status != TipStatus.RECEIVED
        or instance.events.exclude(kind__in=(EventKind.RECEIVED, EventKind.ASSIGNED)).exists()
        or instance.messages.exists()
        or instance.reveals.exists()
    )
    if worked_on:
        raise PermissionDenied(
            _("Only a tip entered by mistake, before any work on it, can be deleted.")
        )
    files = list(instance.attachments.values_list("stored_name", flat=True))
    delete_with_history(instance, acting_user=acting_user, reason=reason)
    # the encrypted files go with their rows, once the deletion is committed
    transaction.on_commit(lambda: storage.remove(files))


# --- the workflow -----------------------------------------------------------------------


@transaction.atomic
def tip_assign(*, acting_user, tip: Tip, assignee, on: date | None = None, reason="") -> Tip:
    """Give the tip to an officer who may work on tips of its unit."""
    tip = _begin(acting_user, tip, Step.ASSIGN)
    if assignee is None or not assignee.is_active or not can(assignee, Action.CHANGE, tip.area):
        raise ValidationError(
            {"assignee": _("Choose an officer who may work on the tips of this unit.")}
        )
    return _record(
        tip,
        acting_user=acting_user,
        kind=EventKind.ASSIGNED,
        on=on,
        reason=_text("reason", reason),
        changes={"assigned_to": assignee},
        assignee=assignee,
    )


@transaction.atomic
def tip_start_verifying(*, acting_user, tip: Tip, on: date | None = None) -> Tip:
    tip = _begin(acting_user, tip, Step.VERIFY)
    return _record(
        tip,
        acting_user=acting_user,
        kind=EventKind.VERIFYING,
        on=on,
        status=TipStatus.VERIFYING,
    )


@transaction.atomic
def tip_extend(
    *,
    acting_user,
    tip: Tip,
    reason,
    on: date | None = None,
    until: date | None = None,
    procuracy_approved: bool = False,
) -> Tip:
    """Extend the time limit (art. 147(2)): first for a complex case, to at most 2 months from
    receipt; then once more, on the procuracy's approval, by at most 2 months. `until` grants
    less than the maximum."""
    reason = _text(
        "reason", reason, required=True, message=_("Say why the time limit is extended.")
    )
    tip = _begin(acting_user, tip, Step.EXTEND)
    if tip.extensions == 0:
        kind = EventKind.EXTENDED
    elif tip.extensions == 1:
        if not procuracy_approved:
            raise ValidationError(
                {"procuracy_approved": _("A second extension needs the procuracy's approval.")}
            )
        kind = EventKind.EXTENDED_SECOND
    else:
        raise ValidationError(
            {"status": _("The time limit was already extended twice; the law allows no more.")}
        )
    return _record(
        tip,
        acting_user=acting_user,
        kind=kind,
        on=on,
        status=TipStatus.EXTENDED,
        reason=reason,
        until=until,
        procuracy_approved=bool(procuracy_approved),
    )


@transaction.atomic
def tip_suspend(*, acting_user, tip: Tip, reason, on: date | None = None) -> Tip:
    """Suspend the settlement (art. 148), e.g. awaiting an expert examination: the clock stops."""
    reason = _text("reason", reason, required=True, message=_("Say why the tip is suspended."))
    tip = _begin(acting_user, tip, Step.SUSPEND)
    return _record(
        tip,
        acting_user=acting_user,
        kind=EventKind.SUSPENDED,
        on=on,
        status=TipStatus.SUSPENDED,
        reason=reason,
    )


@transaction.atomic
def tip_resume(*, acting_user, tip: Tip, on: date | None = None, reason="") -> Tip:
    """Cancel the suspension (art. 149): at most one month from today to settle."""
    tip = _begin(acting_user, tip, Step.RESUME)
    return _record(
        tip,
        acting_user=acting_user,
        kind=EventKind.RESUMED,
        on=on,
        status=TipStatus.RESUMED,
        reason=_text("reason", reason),
    )


@transaction.atomic
def tip_decide(*, acting_user, tip: Tip, prosecute: bool, on: date | None = None, notes="") -> Tip:
    """The decision to prosecute or not to prosecute, dated `on` (the decision's date)."""
    notes = _text("notes", notes)
    tip = _begin(acting_user, tip, Step.DECIDE)
    on = on or _today()
    kind = EventKind.DECIDED_PROSECUTE if prosecute else EventKind.DECIDED_NOT_PROSECUTE
    return _record(
        tip,
        acting_user=acting_user,
        kind=kind,
        on=on,
        status=TipStatus(kind.value),
        reason=notes,
        changes={"decided_on": on, "outcome_notes": notes},
    )


@transaction.atomic
def tip_transfer(*, acting_user, tip: Tip, to_area, reason, on: date | None = None) -> Tip:
    """Send the tip to the competent unit: one in the user's jurisdiction, or a unit above the
    current one (a commune to its province). The tip leaves the sender's inbox; the receiving
    unit's 20 days run from the transfer; the events keep the chain."""
    reason = _text("reason", reason, required=True, message=_("Say why the tip is transferred."))
    tip = _begin(acting_user, tip, Step.TRANSFER)
    if to_area is None or to_area.pk == tip.area_id:
        raise ValidationError({"to_area": _("Choose another unit.")})
    if to_area.level not in HANDLING_LEVELS:
        raise ValidationError({"to_area": _("Choose a commune, a ward or a province.")})
    above = tip.area.path.startswith(to_area.path)
    if not (above or can(acting_user, Action.VIEW, to_area)):
        raise ValidationError(
            {"to_area": _("Choose a unit in your jurisdiction or a unit above this one.")}
        )
    day = on or _today()
    if not to_area.is_active_on(day):
        raise ValidationError({"to_area": _("This unit did not exist on that day.")})
    from_area = tip.area
    return _record(
        tip,
        acting_user=acting_user,
        kind=EventKind.TRANSFERRED,
        on=day,
        status=TipStatus.RECEIVED,
        reason=reason,
        changes={"area": to_area, "assigned_to": None},
        from_area=from_area,
        to_area=to_area,
    )


@transaction.atomic
def tip_transfer_out(*, acting_user, tip: Tip, to_agency, reason="", on: date | None = None) -> Tip:
    """Send the tip to a competent body outside antq (the army's investigators, customs, the
    border guard …): it is settled here."""
    to_agency = _text("to_agency", to_agency, required=True, max_length=255)
    tip = _begin(acting_user, tip, Step.TRANSFER_OUT)
    return _record(
        tip,
        acting_user=acting_user,
        kind=EventKind.TRANSFERRED_OUT,
        on=on,
        status=TipStatus.TRANSFERRED_OUT,
        reason=_text("reason", reason),
        to_agency=to_agency,
    )


@transaction.atomic
def tip_close_not_crime(*, acting_user, tip: Tip, reason, on: date | None = None) -> Tip:
    """Close a tip that is not a crime matter (a civil dispute, an administrative offence …)."""
    reason = _text(
        "reason", reason, required=True, message=_("Say why this is not a crime matter.")
    )
    tip = _begin(acting_user, tip, Step.CLOSE)
    return _record(
        tip,
        acting_user=acting_user,
        kind=EventKind.CLOSED_NOT_CRIME,
        on=on,
        status=TipStatus.CLOSED_NOT_CRIME,
        reason=reason,
    )


# --- messages and identities ------------------------------------------------------------


@transaction.atomic
def tip_send_message(*, acting_user, tip: Tip, body) -> TipMessage:
    """A message from the unit to the reporter (read by them through the public portal)."""
    tip = _fresh(tip)
    require_record_right(acting_user, Action.CHANGE, tip)
    body = _text("body", body, required=True, message=_("Write the message."))
    return TipMessage.objects.create(tip=tip, from_staff=True, body=body, by=acting_user)


@transaction.atomic
@sensitive_variables("name", "contact")
def tip_reveal_identity(*, acting_user, tip: Tip, reason) -> dict:
    """The reporter's name and contact, for a user holding the grant "may read reporters'
    identities" at the tip's unit; the reading is recorded (who, when, why) before it happens."""
    tip = _fresh(tip)
    if not can_read_identities(acting_user, tip.area):
        raise PermissionDenied(_("You do not hold the grant to read reporters' identities here."))
    reason = _text("reason", reason, required=True, message=_("Say why you need the identity."))
    IdentityReveal.objects.create(tip=tip, user=acting_user, area=tip.area, reason=reason)
    try:
        name = crypto.decrypt(tip.reporter_name_enc)
        contact = crypto.decrypt(tip.reporter_contact_enc)
    except crypto.DecryptionError:
        raise ValidationError(
            _("The identity cannot be decrypted with the configured keys; tell the administrator.")
        ) from None
    return {"name": name, "contact": contact}


@transaction.atomic
@sensitive_variables("content")
def tip_open_attachment(*, acting_user, tip: Tip, attachment: TipAttachment, reason) -> bytes:
    """The original bytes of a file the reporter sent with the tip. A file may show who the
    reporter is, so it is guarded like the name and contact: only for a holder of the grant "may
    read reporters' identities" at the tip's unit, with a reason, and the opening is recorded
    (who, when, why, which file) before the file is read."""
    tip = _fresh(tip)
    if attachment.tip_id != tip.pk:
        raise ValidationError({"attachment": _("This file was not sent with this tip.")})
    if not can_read_identities(acting_user, tip.area):
        raise PermissionDenied(_("You do not hold the grant to read reporters' identities here."))
    reason = _text("reason", reason, required=True, message=_("Say why you need to open the file."))
    IdentityReveal.objects.create(
        tip=tip, user=acting_user, area=tip.area, reason=reason, attachment=attachment
    )
    try:
        content = storage.read(attachment.stored_name, attachment.sha256)
    except storage.AttachmentUnreadable:
        raise ValidationError(
            _("The file cannot be opened with the configured keys; tell the administrator.")
        ) from None
    return content


class RotationRefused(Exception):
    """Stored values that open with none of the configured keys: nothing was changed.
    `identities` are tip codes, `attachments` (tip code, attachment id) pairs."""

    def __init__(self, identities, attachments):
        super().__init__("Some stored values cannot be decrypted with the configured keys.")
        self.identities = identities
        self.attachments = attachments


@dataclass(frozen=True)
class Rotated:
    identities: int  # tips whose name or contact was re-encrypted
    attachments: int  # files re-encrypted


def _with_identity():
    return Tip.objects.exclude(reporter_name_enc="", reporter_contact_enc="").order_by("pk")


def _unreadable_identities(batch_size) -> list[str]:
    bad = []
    rows = _with_identity().values_list("code", *IDENTITY_FIELDS)
    for code, name, contact in rows.iterator(chunk_size=batch_size):
        try:
            crypto.decrypt(name)
            crypto.decrypt(contact)
        except crypto.DecryptionError:
            bad.append(code)
    return bad


def _rotate_identities(batch_size) -> int:
    pks = list(_with_identity().values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        rows = Tip.objects.filter(pk__in=pks[start : start + batch_size]).values_list(
            "pk", *IDENTITY_FIELDS
        )
        Tip.objects.bulk_update(
            [
                Tip(
                    pk=pk,
                    reporter_name_enc=crypto.rotate(name),
                    reporter_contact_enc=crypto.rotate(contact),
                )
                for pk, name, contact in rows
            ],
            list(IDENTITY_FIELDS),
        )
    return len(pks)


def identities_rotate(*, batch_size: int = 500) -> Rotated:
    """Re-encrypt every reporter's identity and every file sent through the portal with the
    first configured key (after a new key was put first in ANTQ_IDENTITY_KEYS). The history
    tables hold no identity, so nothing else needs rewriting.

    All or nothing: if any identity or file opens with none of the keys (or a file is missing),
    nothing is changed and RotationRefused names them. The steps are ordered so that a crash at
    any point leaves everything readable with the key set in force (the new key first, the old
    ones after it):

    1. every identity is checked, and every file re-encrypted into a staged copy beside it
       (fsynced); the files themselves are untouched;
    2. on any failure the staged copies are removed and RotationRefused is raised;
    3. the identities are rewritten in one transaction;
    4. only after its commit are the staged copies renamed over the files, one atomic rename
       each. A crash before 4 leaves every file as it was; a crash during 4 leaves some files
       with the new key and the others with the old one, and the key set in force opens both.

    Running it again finishes the job (stale staged copies are removed first). Drop the old key
    only after it has reported success.
    """
    storage.discard_stale()
    bad_identities = _unreadable_identities(batch_size)
    bad_files, staged = [], []
    try:
        files = TipAttachment.objects.order_by("pk").values_list("pk", "tip__code", "stored_name")
        for pk, code, stored_name in files.iterator(chunk_size=batch_size):
            try:
                staged.append(storage.stage(stored_name))
            except storage.AttachmentUnreadable:
                bad_files.append((code, pk))
        if bad_identities or bad_files:
            raise RotationRefused(bad_identities, bad_files)
        with transaction.atomic():
            identities = _rotate_identities(batch_size)
        attachments = storage.commit(staged)
    finally:
        storage.discard(staged)
    return Rotated(identities=identities, attachments=attachments)


# --- the public portal ------------------------------------------------------------------


@transaction.atomic
@sensitive_variables("reporter_name", "reporter_contact")
def tip_submit_public(
    *,
    area,
    category,
    summary,
    occurred_on: date | None = None,
    occurred_place="",
    latitude: float | None = None,
    longitude: float | None = None,
    reporter_name="",
    reporter_contact="",
) -> Tip:
    """A denunciation (tố giác) sent by a citizen through the public portal, without an account:
    received today by `area` (a commune or ward in force today, the one the reporter chose), with
    its 20-day clock running. The name and contact, if given, are stored encrypted only."""
    today = _today()
    if area is None or area.level not in HANDLING_LEVELS or not area.is_active_on(today):
        raise ValidationError({"area": _("Choose a commune or ward that exists today.")})
    if category is None:
        raise ValidationError({"category": _("This field is required.")})
    _check_category(category)
    reporter_name = _text("reporter_name", _secret(reporter_name), max_length=MAX_IDENTITY)
    reporter_contact = _text("reporter_contact", _secret(reporter_contact), max_length=MAX_IDENTITY)
    hour = reporter_hour()
    tip = Tip(
        area=area,
        received_by_area=area,
        created_at=hour,
        updated_at=hour,
        legal_kind=LegalKind.DENUNCIATION,
        channel=Channel.ONLINE_PORTAL,
        category=category,
        summary=_text("summary", summary, required=True),
        received_on=today,
        occurred_on=occurred_on,
        occurred_place=_text("occurred_place", occurred_place, max_length=255),
        place_area=area,
        latitude=latitude,
        longitude=longitude,
        reporter_name_enc=crypto.encrypt(reporter_name),
        reporter_contact_enc=crypto.encrypt(reporter_contact),
    )
    _apply_clock(tip, deadlines.clock([deadlines.Event(EventKind.RECEIVED, today)]))
    tip._history_date = hour
    save_with_history(tip, acting_user=None, reason=str(Channel.ONLINE_PORTAL.label))
    TipEvent.objects.create(
        tip=tip, kind=EventKind.RECEIVED, on=today, by=None, to_area=area, created_at=hour
    )
    return tip


@transaction.atomic
def tip_reporter_reply(*, tip: Tip, body) -> TipMessage:
    """A message from the reporter to the handling unit, sent through the public portal by
    whoever proved they hold the tip's code and passphrase (the caller checks that)."""
    tip = _fresh(tip)
    body = _text("body", body, required=True, message=_("Write the message."))
    return TipMessage.objects.create(
        tip=tip, from_staff=False, body=body, by=None, at=reporter_hour()
    )
