"""The daily deadline scan: what `antq tips-remind` prints, as notifications. A tip falling
due within 5 days notifies once per due date, and once more when it is overdue (a time limit
extended is a new due date): running the scan twice, or on consecutive days, notifies once.

django-tasks has no schedule: the worker's heartbeat calls `trigger_daily_scan`, which queues
the scan once a day, from ANTQ_DAILY_SCAN_HOUR, guarded by a ScanRun row per day so that two
workers never both queue it. The same call queues it again when its task failed, or its worker
died under it (as core/jobs.py reaps imports), up to MAX_SCAN_ATTEMPTS times: a day's scan is
never left "running"."""

import logging
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from antq.core import jobs
from antq.core.scoping import Action
from antq.notifications import selectors, services
from antq.notifications.choices import Kind
from antq.notifications.models import ScanRun
from antq.tips import deadlines
from antq.tips.selectors import ALL_UNITS, REMIND_WITHIN_DAYS, tips_to_remind

logger = logging.getLogger(__name__)


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


MAX_SCAN_ATTEMPTS = 3


def _lease(day: str) -> str:
    return f"daily-scan-{day}"


@task()
def run_daily_scan(day: str):
    """The day's scan, under a lease the worker's heartbeat renews (core/jobs.py `leased`), so
    that a scan whose worker died can be told from one still running."""
    with jobs.leased(_lease(day)), transaction.atomic():
        daily_scan(today=date.fromisoformat(day))
        ScanRun.objects.filter(day=day).update(finished_at=timezone.now())


def _enqueue(day: date):
    result = run_daily_scan.enqueue(day=day.isoformat())
    ScanRun.objects.filter(day=day).update(task_id=str(result.id)[:64])


def trigger_daily_scan(now=None) -> bool:
    """Queue today's scan if it is time and no worker has queued it yet, or again if its task
    stopped without finishing (`_stopped`). True if queued."""
    now = timezone.localtime(now)
    if now.hour < settings.ANTQ_DAILY_SCAN_HOUR:
        return False
    today = now.date()
    run = ScanRun.objects.filter(day=today).first()
    if run is not None:
        return _retry_if_stopped(run, now)
    try:
        with transaction.atomic():
            ScanRun.objects.create(day=today)
            transaction.on_commit(lambda: _enqueue(today))
    except IntegrityError:  # another worker queued it first
        return False
    return True


def _stopped(run, now) -> bool:
    """Did the scan's task stop without finishing: it failed, its worker died under it (it has
    been running without a lease for LEASE_SECONDS; the task is then marked failed, not left
    "running"), or it was lost (never queued, or its row is gone)?"""
    stale = now - timedelta(seconds=jobs.LEASE_SECONDS)
    if not run.task_id:
        return run.queued_at < stale
    try:
        uuid.UUID(run.task_id)
    except ValueError:  # not the database queue's (a test's in-process backend): not followed
        return False
    result = DBTaskResult.objects.filter(id=run.task_id).values("status", "started_at").first()
    if result is None or result["status"] == TaskResultStatus.FAILED:
        return True
    if result["status"] != TaskResultStatus.RUNNING:
        return False  # waiting for a worker, or done
    if jobs.has_lease(_lease(run.day.isoformat())) or (result["started_at"] or now) > stale:
        return False
    jobs.fail_task(run.task_id, now)
    return True


def _retry_if_stopped(run, now) -> bool:
    """Queue the scan again (it is idempotent: each event notifies once) when its task stopped,
    up to MAX_SCAN_ATTEMPTS attempts; then mark the day failed, logged once. True if queued."""
    if run.finished_at is not None or run.failed_at is not None or not _stopped(run, now):
        return False
    claimed = ScanRun.objects.filter(pk=run.pk, attempts=run.attempts, finished_at=None)
    if run.attempts >= MAX_SCAN_ATTEMPTS:
        if claimed.update(failed_at=now):
            logger.error(
                "the daily scan of %s failed %d times; `antq tips-remind` lists what it would "
                "have notified",
                run.day,
                run.attempts,
            )
        return False
    with transaction.atomic():
        if not claimed.update(attempts=F("attempts") + 1, task_id=""):
            return False  # another worker queued it again first
        transaction.on_commit(lambda: _enqueue(run.day))
    logger.warning("the daily scan of %s stopped; queued again", run.day)
    return True
