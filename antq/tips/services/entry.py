"""A tip's entry, by staff of the receiving unit or by a citizen through the public portal, the
corrections of what it says, and its deletion when it was entered by mistake."""

from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from antq.core import crypto
from antq.core.relations import check_visible_fields
from antq.core.scoping import Action
from antq.core.services import (
    delete_with_history,
    require_area_right,
    require_record_right,
    save_with_history,
)
from antq.notifications import services as notifications
from antq.tips import deadlines, storage
from antq.tips.choices import OFF_CLOCK, Channel, EventKind, LegalKind, TipStatus
from antq.tips.models import HANDLING_LEVELS, Tip, TipEvent
from antq.tips.services.common import (
    apply_clock,
    clean_text,
    events_of,
    local_today,
    locked_tip,
    reporter_hour,
)
from antq.tips.services.past import check_not_tallied

# What an edit may change; the status, the clock and the unit change only through the steps.
TIP_FIELDS = (
    "legal_kind",
    "channel",
    "category",
    "occurred_on",
    "occurred_time",
    "occurred_place",
    "place_area",
    "latitude",
    "longitude",
    "summary",
    "received_on",
)
# Steps that leave the date of receipt open to correction.
EARLY_EVENTS = (EventKind.RECEIVED, EventKind.ASSIGNED, EventKind.VERIFYING, *OFF_CLOCK)
MAX_IDENTITY = 200


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
    occurred_time: time | None = None,
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
    reporter_name = clean_text("reporter_name", _secret(reporter_name), max_length=MAX_IDENTITY)
    reporter_contact = clean_text(
        "reporter_contact", _secret(reporter_contact), max_length=MAX_IDENTITY
    )
    received_on = received_on or local_today()
    check_not_tallied(area, received_on)
    tip = Tip(
        area=area,
        received_by_area=area,
        legal_kind=legal_kind,
        channel=channel,
        category=category,
        summary=clean_text("summary", summary, required=True),
        received_on=received_on,
        occurred_on=occurred_on,
        occurred_time=occurred_time,
        occurred_place=(occurred_place or "").strip(),
        place_area=place_area,
        latitude=latitude,
        longitude=longitude,
        reporter_name_enc=crypto.encrypt(reporter_name),
        reporter_contact_enc=crypto.encrypt(reporter_contact),
    )
    apply_clock(tip, deadlines.clock([deadlines.Event(EventKind.RECEIVED, received_on)]))
    save_with_history(tip, acting_user=acting_user)
    TipEvent.objects.create(
        tip=tip, kind=EventKind.RECEIVED, on=received_on, by=acting_user, to_area=area
    )
    notifications.tip_received(tip=tip, acting_user=acting_user)
    return tip


@transaction.atomic
def tip_update(*, acting_user, instance: Tip, reason="", **changes) -> Tip:
    """Correct what a tip says. The date of receipt can be corrected until the time limit was
    extended or the tip suspended, transferred or settled; the clock follows it."""
    tip = locked_tip(instance)
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
        changes["summary"] = clean_text("summary", changes["summary"], required=True)
    moved_receipt = None
    new_received = changes.get("received_on")
    if new_received is not None and new_received != tip.received_on:
        events = events_of(tip)
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
        check_not_tallied(tip.area, new_received)
        moved_receipt = next(e for e in events if e.kind == EventKind.RECEIVED)
        moved_receipt.on = new_received
        apply_clock(tip, deadlines.clock(events))
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
    instance = locked_tip(instance)
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


@transaction.atomic
@sensitive_variables("reporter_name", "reporter_contact")
def tip_submit_public(
    *,
    area,
    category,
    summary,
    occurred_on: date | None = None,
    occurred_time: time | None = None,
    occurred_place="",
    latitude: float | None = None,
    longitude: float | None = None,
    reporter_name="",
    reporter_contact="",
) -> Tip:
    """A denunciation (tố giác) sent by a citizen through the public portal, without an account:
    received today by `area` (a commune or ward in force today, the one the reporter chose), with
    its 20-day clock running. The name and contact, if given, are stored encrypted only."""
    today = local_today()
    if area is None or area.level not in HANDLING_LEVELS or not area.is_active_on(today):
        raise ValidationError({"area": _("Choose a commune or ward that exists today.")})
    if category is None:
        raise ValidationError({"category": _("This field is required.")})
    _check_category(category)
    reporter_name = clean_text("reporter_name", _secret(reporter_name), max_length=MAX_IDENTITY)
    reporter_contact = clean_text(
        "reporter_contact", _secret(reporter_contact), max_length=MAX_IDENTITY
    )
    hour = reporter_hour()
    tip = Tip(
        area=area,
        received_by_area=area,
        created_at=hour,
        updated_at=hour,
        legal_kind=LegalKind.DENUNCIATION,
        channel=Channel.ONLINE_PORTAL,
        category=category,
        summary=clean_text("summary", summary, required=True),
        received_on=today,
        occurred_on=occurred_on,
        occurred_time=occurred_time,
        occurred_place=clean_text("occurred_place", occurred_place, max_length=255),
        place_area=area,
        latitude=latitude,
        longitude=longitude,
        reporter_name_enc=crypto.encrypt(reporter_name),
        reporter_contact_enc=crypto.encrypt(reporter_contact),
    )
    apply_clock(tip, deadlines.clock([deadlines.Event(EventKind.RECEIVED, today)]))
    tip._history_date = hour
    save_with_history(tip, acting_user=None, reason=str(Channel.ONLINE_PORTAL.label))
    TipEvent.objects.create(
        tip=tip, kind=EventKind.RECEIVED, on=today, by=None, to_area=area, created_at=hour
    )
    notifications.tip_received(tip=tip)
    return tip
