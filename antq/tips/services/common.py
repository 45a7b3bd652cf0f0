"""What the writes of tips share: today's date and the reporter's hour, the checks of a text,
the tip re-read under a row lock, and its stored clock recomputed from its events with
antq.tips.deadlines."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.core.clock import today as checks_today
from antq.tips import deadlines
from antq.tips.models import Tip, TipEvent

MAX_TEXT = 5000


def local_today() -> date:
    return checks_today()


def reporter_hour() -> datetime:
    """The time stored on what a reporter writes through the portal: the hour only (the legal
    clock runs by the day). A finer time, next to the tip's number, could be matched with a log
    elsewhere that holds addresses."""
    return timezone.localtime().replace(minute=0, second=0, microsecond=0)


def clean_text(field, value, *, required=False, max_length=MAX_TEXT, message=None):
    """Stripped text; refused when required and empty, too long, or holding NUL characters."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: message or _("This field is required.")})
    if len(value) > max_length:
        raise ValidationError({field: _("At most {n} characters.").format(n=max_length)})
    if "\x00" in value:
        raise ValidationError({field: _("Null characters are not allowed.")})
    return value


def events_of(tip):
    return list(TipEvent.objects.filter(tip=tip).order_by("on", "id"))


def apply_clock(tip, clock):
    tip.due_on = clock.due
    tip.extensions = clock.extensions
    if clock.state == deadlines.STOPPED:
        tip.settled_on = clock.stopped_on
        tip.settled_due_on = clock.last_due


def locked_tip(tip):
    """The tip as stored now, under a row lock: rights and states are judged on it, not on a
    copy the caller may have held since before a transfer."""
    return Tip.objects.select_for_update(of=("self",)).select_related("area").get(pk=tip.pk)
