"""Footage requests: the unit handling a tip asks a camera site's owner for the recordings of
a time window, and records the owner's answer. Each request and each answer is an event of the
tip (its timeline); neither moves the legal clock (choices.OFF_CLOCK). antq never holds the
footage itself: the owner hands it over, or not, outside antq."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.cameras.choices import CameraStatus
from antq.core.relations import check_visible
from antq.core.scoping import Action
from antq.core.services import require_record_right
from antq.tips.choices import EventKind, FootageOutcome
from antq.tips.models import FootageRequest, TipEvent
from antq.tips.services.common import clean_text, local_today, locked_tip


def _check_site(acting_user, site):
    if site is None:
        raise ValidationError({"camera_site": _("Choose a camera site.")})
    check_visible(
        acting_user, "camera_site", site, message=_("Choose a camera site in your jurisdiction.")
    )
    if site.status == CameraStatus.REMOVED:
        raise ValidationError({"camera_site": _("This camera site was removed.")})
    if not site.footage_consent:
        raise ValidationError(
            {
                "camera_site": _(
                    "The owner of this camera site has not agreed to be asked for footage: "
                    "their registration says so. Ask them in person to change it first."
                )
            }
        )


def _local(moment: datetime) -> datetime:
    """A time given without a time zone is the local time (a form's, an API client's)."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


@transaction.atomic
def footage_request_create(
    *,
    acting_user,
    tip,
    camera_site,
    window_start: datetime,
    window_end: datetime,
    reason,
    on: date | None = None,
) -> FootageRequest:
    """Draft a request, dated `on` (today by default; a request recorded afterwards is dated
    when it was made, between the tip's receipt and today), to the owner of `camera_site` for
    the footage between `window_start` and `window_end` (at most 48 hours, not in the future),
    saying why. Only for a tip still being worked on, by those who may change it; the site
    must be one the user may see, in service, whose owner agreed to be asked."""
    reason = clean_text(
        "reason", reason, required=True, message=_("Say why the footage is needed.")
    )
    tip = locked_tip(tip)
    require_record_right(acting_user, Action.CHANGE, tip)
    if tip.is_settled:
        raise ValidationError(
            {"tip": _("This tip is settled: no new footage request can be made for it.")}
        )
    _check_site(acting_user, camera_site)
    if window_start is None or window_end is None:
        missing = "window_start" if window_start is None else "window_end"
        raise ValidationError({missing: _("This field is required.")})
    window_start, window_end = _local(window_start), _local(window_end)
    on = on or local_today()
    if on > local_today():
        raise ValidationError({"on": _("This date is in the future.")})
    if on < tip.received_on:
        raise ValidationError({"on": _("The tip was received later than this date.")})
    request = FootageRequest(
        tip=tip,
        camera_site=camera_site,
        window_start=window_start,
        window_end=window_end,
        reason=reason,
        requested_on=on,
        requested_by=acting_user,
    )
    request.full_clean()
    request.save()
    TipEvent.objects.create(
        tip=tip,
        kind=EventKind.FOOTAGE_REQUESTED,
        on=request.requested_on,
        by=acting_user,
        reason=reason,
        footage_request=request,
    )
    return request


@transaction.atomic
def footage_request_answer(
    *, acting_user, request: FootageRequest, outcome, on: date | None = None, note=""
) -> FootageRequest:
    """Record the owner's answer (agreed, refused, or the footage no longer existed), dated
    `on` (today by default), with a note. Recorded once: the answer is part of the tip's
    history. Possible after the tip was settled: an owner may answer late."""
    note = clean_text("note", note)
    tip = locked_tip(request.tip)
    require_record_right(acting_user, Action.CHANGE, tip)
    request = FootageRequest.objects.select_for_update().get(pk=request.pk)
    if request.outcome:
        raise ValidationError({"outcome": _("The answer to this request is already recorded.")})
    if outcome not in FootageOutcome.values:
        raise ValidationError({"outcome": _("Choose what the owner answered.")})
    request.outcome = outcome
    request.outcome_on = on or local_today()
    request.outcome_note = note
    request.outcome_by = acting_user
    request.full_clean()
    request.save()
    TipEvent.objects.create(
        tip=tip,
        kind=EventKind.FOOTAGE_OUTCOME,
        on=request.outcome_on,
        by=acting_user,
        reason=note,
        footage_request=request,
    )
    return request
