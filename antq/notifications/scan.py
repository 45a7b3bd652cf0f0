"""The daily deadline scan: what `antq tips-remind` prints, as notifications. A tip falling
due within 5 days notifies once per due date, and once more when it is overdue (a time limit
extended is a new due date): running the scan twice, or on consecutive days, notifies once.

django-tasks has no schedule: the worker's heartbeat calls `trigger_daily_scan`, which queues
the scan once a day, from ANTQ_DAILY_SCAN_HOUR, guarded by a ScanRun row per day so that two
workers never both queue it."""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from antq.core.scoping import Action
from antq.notifications import selectors, services
from antq.notifications.choices import Kind
from antq.notifications.models import ScanRun
from antq.tips import deadlines
from antq.tips.selectors import ALL_UNITS, REMIND_WITHIN_DAYS, tips_to_remind


@transaction.atomic
def daily_scan(*, today: date | None = None) -> int:
    """Notify the editors of each tip's unit (and those above) and its officer of the tips
    falling due within 5 days and the overdue ones, in a handful of queries whatever their
    number. Returns the notifications created."""
    today = today or timezone.localdate()
    tips = list(tips_to_remind(ALL_UNITS, today=today, within=REMIND_WITHIN_DAYS))
    told = selectors.recipients_by_area({t.area for t in tips}, Action.CHANGE)
    events = []
    for tip in tips:
        users = set(told[tip.area.path])
        if tip.assigned_to_id:
            users.add(tip.assigned_to_id)
        kind = Kind.TIP_OVERDUE if deadlines.is_overdue(tip.due_on, today) else Kind.TIP_DUE_SOON
        due = tip.due_on.isoformat()
        events.append(
            services.Event(
                kind=kind,
                user_ids=users,
                params={"tip": tip.code, "area": tip.area.name, "due": due},
                link=tip.get_absolute_url(),
                event_key=f"{kind}:{tip.pk}:{due}",
            )
        )
    return len(services.notify_many(events))


@task()
def run_daily_scan(day: str):
    daily_scan(today=date.fromisoformat(day))


def trigger_daily_scan(now=None) -> bool:
    """Queue today's scan if it is time and no worker has queued it yet. True if queued."""
    now = timezone.localtime(now)
    if now.hour < settings.ANTQ_DAILY_SCAN_HOUR:
        return False
    today = now.date()
    if ScanRun.objects.filter(day=today).exists():
        return False
    try:
        with transaction.atomic():
            ScanRun.objects.create(day=today)
            transaction.on_commit(lambda: run_daily_scan.enqueue(day=today.isoformat()))
    except IntegrityError:  # another worker queued it first
        return False
    return True
