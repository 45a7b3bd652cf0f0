"""Writes: notifications for the events staff must know of, called by the services where the
events happen; marking read; preferences; alerts to teams. Every message beyond the in-app list
is a Delivery row, sent by a background job queued when the transaction commits
(notifications/delivery.py), never inside the request."""

from collections import defaultdict
from datetime import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.core.scoping import Action
from antq.core.services import require_area_right
from antq.movement.choices import TeamKind
from antq.notifications import delivery, selectors
from antq.notifications.choices import PHONE_CHANNELS, Channel, Kind
from antq.notifications.models import Alert, Delivery, Notification, Preference

MAX_ALERT_TEXT = 1000


def _ids(users) -> set[int]:
    return {u if isinstance(u, int) else u.pk for u in users}


class Event(NamedTuple):
    """One event to tell `user_ids` of. With `event_key`, a recipient already told of that
    event is not told again."""

    kind: str
    user_ids: set
    params: dict
    link: str = ""
    event_key: str = ""
    at: datetime | None = None  # when it happened, if not now (a reporter's hour)


def notify(
    *, kind, user_ids, params, link="", event_key="", exclude=None, at=None
) -> list[Notification]:
    """One notification of `kind` to each of `user_ids` (but `exclude`, the user who acted),
    and its deliveries by the channels each recipient chose."""
    event = Event(kind, set(user_ids), params, link, event_key, at)
    return notify_many([event], exclude=exclude)


@transaction.atomic
def notify_many(events, *, exclude=None) -> list[Notification]:
    """The notifications of many events at once (the daily scan's): one query for those
    already told, one insert, and their deliveries."""
    keys = {e.event_key for e in events if e.event_key}
    told = set()
    if keys:
        told = set(
            Notification.objects.filter(event_key__in=keys).values_list("recipient_id", "event_key")
        )
    skip = {exclude.pk} if exclude is not None else set()
    now = timezone.now()
    rows = [
        Notification(
            recipient_id=uid,
            kind=e.kind,
            params=e.params,
            link=e.link,
            event_key=e.event_key,
            created_at=e.at or now,
        )
        for e in events
        for uid in sorted(set(e.user_ids) - skip)
        if not (e.event_key and (uid, e.event_key) in told)
    ]
    if not rows:
        return []
    try:
        with transaction.atomic():
            created = Notification.objects.bulk_create(rows)
    except IntegrityError:  # a concurrent run told them of these events first
        return []
    _queue_deliveries(created)
    return created


def _queue_deliveries(notifications):
    """The e-mail, SMS and Zalo deliveries of new notifications, by each recipient's
    preferences (e-mail only, by default), to the address held on their account."""
    from django.contrib.auth import get_user_model

    by_user = defaultdict(list)
    for note in notifications:
        by_user[note.recipient_id].append(note)
    prefs = {p.user_id: p for p in Preference.objects.filter(user_id__in=by_user)}
    contacts = get_user_model().objects.filter(pk__in=by_user).values_list("pk", "email", "phone")
    rows = []
    for uid, email, phone in contacts:
        pref = prefs.get(uid) or Preference(user_id=uid)
        for note in by_user[uid]:
            if note.kind in pref.muted_kinds:
                continue
            for channel in pref.channels():
                address = phone if channel in PHONE_CHANNELS else email
                if address:
                    rows.append(
                        Delivery(
                            notification=note,
                            channel=channel,
                            address=address,
                            queued_at=note.created_at,
                        )
                    )
    delivery.queue(Delivery.objects.bulk_create(rows))


def _tip_params(tip):
    return {"tip": tip.code, "area": tip.area.name}


def tip_received(*, tip, acting_user=None):
    """A new tip (from the portal or entered by staff): its unit's editors and approvers, and
    those above them. A portal tip's notification is dated to its hour, as the tip is."""
    return notify(
        kind=Kind.TIP_NEW,
        user_ids=_ids(selectors.recipients(tip.area, Action.CHANGE)),
        params=_tip_params(tip),
        link=tip.get_absolute_url(),
        event_key=f"tip_new:{tip.pk}",
        exclude=acting_user,
        at=None if acting_user is not None else tip.created_at,
    )


def tip_replied(*, tip, message):
    """The reporter answered: the officer it is assigned to and the unit's editors."""
    users = _ids(selectors.recipients(tip.area, Action.CHANGE))
    if tip.assigned_to_id:
        users.add(tip.assigned_to_id)
    return notify(
        kind=Kind.TIP_REPLY,
        user_ids=users,
        params=_tip_params(tip),
        link=tip.get_absolute_url(),
        event_key=f"tip_reply:{message.pk}",
        at=message.at,
    )


def _tally_params(tally, **extra):
    return {"area": tally.area.name, "month": tally.month.strftime("%m/%Y"), **extra}


def tally_approved(*, tally, acting_user):
    """The tally's unit (its editors) learns that its figures were accepted."""
    return notify(
        kind=Kind.TALLY_APPROVED,
        user_ids=_ids(selectors.recipients(tally.area, Action.CHANGE)),
        params=_tally_params(tally),
        link=tally.get_absolute_url(),
        exclude=acting_user,
    )


def tallies_approved(*, tallies, acting_user):
    """tally_approved for many tallies at once (a bulk approval): one query for the recipients
    of them all, one insert."""
    told = selectors.recipients_by_area([t.area for t in tallies], Action.CHANGE)
    events = [
        Event(
            Kind.TALLY_APPROVED,
            told[t.area.path],
            _tally_params(t),
            t.get_absolute_url(),
        )
        for t in tallies
    ]
    return notify_many(events, exclude=acting_user)


def tally_returned(*, tally, acting_user, reason):
    """The tally was sent back for correction (the approval workflow calls this)."""
    return notify(
        kind=Kind.TALLY_RETURNED,
        user_ids=_ids(selectors.recipients(tally.area, Action.CHANGE)),
        params=_tally_params(tally, reason=reason),
        link=tally.get_absolute_url(),
        exclude=acting_user,
    )


def _commendation_params(commendation):
    return {"commendation": commendation.recipient_label, "area": commendation.area.name}


def _to_approvers_above(kind, record, params, acting_user):
    """A record waits for a decision of the approvers above its area."""
    return notify(
        kind=kind,
        user_ids=_ids(selectors.recipients(record.area, Action.APPROVE, above_only=True)),
        params=params,
        link=record.get_absolute_url(),
        exclude=acting_user,
    )


def _to_its_unit(kind, record, params, author_id, acting_user):
    """The unit that made a record (its editors, and `author_id`) learns of the decision."""
    users = _ids(selectors.recipients(record.area, Action.CHANGE))
    if author_id:
        users.add(author_id)
    return notify(
        kind=kind,
        user_ids=users,
        params=params,
        link=record.get_absolute_url(),
        exclude=acting_user,
    )


def decision_requested(*, commendation, acting_user):
    """A nomination waits for the approvers above its area."""
    return _to_approvers_above(
        Kind.DECISION_REQUESTED, commendation, _commendation_params(commendation), acting_user
    )


def decision_made(*, commendation, acting_user):
    """The nominating unit learns of the decision (approved or rejected)."""
    return _to_its_unit(
        Kind.DECISION_MADE,
        commendation,
        _commendation_params(commendation),
        commendation.nominated_by_id,
        acting_user,
    )


def _assessment_params(assessment):
    return {
        "subject": assessment.subject_name,
        "area": assessment.area.name,
        "year": assessment.year,
    }


def recognition_requested(*, assessment, acting_user):
    """An assessment that meets the standard waits for the approvers above its subject."""
    return _to_approvers_above(
        Kind.RECOGNITION_REQUESTED, assessment, _assessment_params(assessment), acting_user
    )


def recognition_made(*, assessment, acting_user):
    """The assessed unit learns that its subject was recognised."""
    return _to_its_unit(
        Kind.RECOGNITION_MADE,
        assessment,
        _assessment_params(assessment),
        assessment.assessed_by_id,
        acting_user,
    )


def mark_read(*, acting_user, ids=None) -> int:
    """Mark the user's notifications read: those of `ids`, or all. Others' are left alone."""
    qs = Notification.objects.filter(recipient=acting_user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def preference_update(*, acting_user, muted_kinds, by_email, by_sms, by_zalo, language):
    unknown = set(muted_kinds) - set(Kind.values)
    if unknown:
        raise ValidationError(
            {"muted_kinds": _("Unknown kind: {kinds}.").format(kinds=", ".join(sorted(unknown)))}
        )
    pref = Preference.objects.filter(user=acting_user).first() or Preference(user=acting_user)
    pref.muted_kinds = sorted(set(muted_kinds))
    pref.by_email, pref.by_sms, pref.by_zalo = bool(by_email), bool(by_sms), bool(by_zalo)
    pref.language = language
    pref.full_clean()
    pref.save()
    return pref


def clean_alert(*, acting_user, area, team_kinds, channels, text_vi, text_en="", text_ar=""):
    """Check what an alert would be; the values cleaned, or a ValidationError naming the field.
    Only an editor (or above) of the area may send one."""
    errors = {}
    if area is None:
        errors["area"] = _("Choose an area.")
    team_kinds = sorted(set(team_kinds or []))
    if not team_kinds:
        errors["team_kinds"] = _("Choose at least one kind of team.")
    elif set(team_kinds) - set(TeamKind.values):
        errors["team_kinds"] = _("Choose kinds of team from the list.")
    channels = sorted(set(channels or []))
    if not channels:
        errors["channels"] = _("Choose at least one channel.")
    elif set(channels) - set(PHONE_CHANNELS):
        errors["channels"] = _("Alerts travel by SMS or Zalo, to the members' phone numbers.")
    texts = {"text_vi": text_vi, "text_en": text_en, "text_ar": text_ar}
    texts = {k: (v or "").strip() for k, v in texts.items()}
    if not texts["text_vi"]:
        errors["text_vi"] = _("Write the alert in Vietnamese.")
    for name, text in texts.items():
        if len(text) > MAX_ALERT_TEXT:
            errors[name] = _("At most {n} characters.").format(n=MAX_ALERT_TEXT)
    if errors:
        raise ValidationError(errors)
    require_area_right(acting_user, Action.CHANGE, area)
    return {"area": area, "team_kinds": team_kinds, "channels": channels, **texts}


@transaction.atomic
def alert_send(*, acting_user, area, team_kinds, channels, text_vi, text_en="", text_ar=""):
    """Send an alert to the current members of the teams of `team_kinds` in `area`'s subtree,
    by each of `channels`, to the phone numbers already held on them: one Delivery per member
    and channel (members with no phone are counted, not written to)."""
    values = clean_alert(
        acting_user=acting_user,
        area=area,
        team_kinds=team_kinds,
        channels=channels,
        text_vi=text_vi,
        text_en=text_en,
        text_ar=text_ar,
    )
    reach = selectors.alert_reach(values["area"], values["team_kinds"])
    alert = Alert(
        **values, sent_by=acting_user, team_count=reach["teams"], member_count=reach["members"]
    )
    alert.full_clean()
    alert._history_user = acting_user
    alert.save()
    members = selectors.alert_members(values["area"], values["team_kinds"]).exclude(phone="")
    rows = [
        Delivery(
            alert=alert, team_id=m.team_id, member=m, channel=Channel(channel), address=m.phone
        )
        for m in members.only("pk", "team_id", "phone")
        for channel in values["channels"]
    ]
    delivery.queue(Delivery.objects.bulk_create(rows))
    return alert
