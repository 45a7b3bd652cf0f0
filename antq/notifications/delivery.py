"""Sending the deliveries, in the job worker (django-tasks), never in the request.

A delivery is queued when its transaction commits; the task claims it (queued → sending), hands
it to its channel, and marks it sent, or, when the channel refuses, to be retried after 1, 2,
4 … minutes, up to ANTQ_NOTIFY_MAX_ATTEMPTS attempts, then failed. The worker's heartbeat runs
`sweep`: it queues the retries that are due, puts back the deliveries of a task that ended
without them, and takes a delivery left "sending" by a dead worker as a failed attempt (as
core/jobs.py reaps dead imports), so none stays "sending" for ever."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from antq.core.jobs import LEASE_SECONDS
from antq.notifications import channels, selectors
from antq.notifications.choices import DeliveryStatus
from antq.notifications.models import Delivery

logger = logging.getLogger(__name__)

BATCH = 100
FIRST_RETRY = timedelta(minutes=1)


def queue(deliveries):
    """Queue these new deliveries' task once the transaction commits."""
    ids = [d.pk for d in deliveries]
    if ids:
        transaction.on_commit(lambda: enqueue(ids))


def enqueue(ids):
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        result = send_deliveries.enqueue(delivery_ids=chunk)
        Delivery.objects.filter(pk__in=chunk).update(task_id=str(result.id)[:64])


@task()
def send_deliveries(delivery_ids: list[int]):
    for pk in delivery_ids:
        send_one(pk)


def _claim(pk) -> bool:
    return bool(
        Delivery.objects.filter(pk=pk, status=DeliveryStatus.QUEUED).update(
            status=DeliveryStatus.RUNNING, started_at=timezone.now()
        )
    )


def send_one(pk):
    """Send one queued delivery (one that is not queued was sent, or taken, already)."""
    if not _claim(pk):
        return
    item = Delivery.objects.select_related("notification", "alert").get(pk=pk)
    try:
        subject, body = _message(item)
        channels.get(item.channel).send(address=item.address, subject=subject, body=body)
    except channels.ChannelError as exc:
        _attempt_failed(item, str(exc))
        return
    except Exception as exc:  # a bug or an unreachable service: counted as a failed attempt
        logger.exception("delivery %s failed", pk)
        _attempt_failed(item, type(exc).__name__)
        return
    Delivery.objects.filter(pk=pk, status=DeliveryStatus.RUNNING).update(
        status=DeliveryStatus.SENT,
        attempts=item.attempts + 1,
        sent_at=timezone.now(),
        last_error="",
    )


def site_link(path):
    """A link of the site as a message outside it must carry: the address staff reach antq at
    (ANTQ_SITE_URL), then the path."""
    return settings.ANTQ_SITE_URL + path if path.startswith("/") else path


def _message(item):
    if item.alert_id:
        return "antq", item.alert.message()
    from antq.notifications.wording import subject_of, text_of

    # worded here, in the job, in the recipient's language (not the request's that caused it)
    with translation.override(selectors.message_language(item.notification.recipient_id)):
        body = text_of(item.notification)
        if item.notification.link:
            body += "\n\n" + site_link(item.notification.link)
        return subject_of(item.notification), body


def _attempt_failed(item, error, *, status_from=DeliveryStatus.RUNNING):
    attempts = item.attempts + 1
    if attempts >= settings.ANTQ_NOTIFY_MAX_ATTEMPTS:
        changes = {"status": DeliveryStatus.FAILED, "next_attempt_at": None}
    else:
        delay = FIRST_RETRY * 2 ** (attempts - 1)
        changes = {"status": DeliveryStatus.RETRYING, "next_attempt_at": timezone.now() + delay}
    Delivery.objects.filter(pk=item.pk, status=status_from).update(
        attempts=attempts, last_error=error[:255], **changes
    )


def sweep(now=None):
    """Queue the retries that are due; fail or retry what a dead worker left "sending"; queue
    again the deliveries whose task ended (or was lost) without sending them."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=LEASE_SECONDS)
    for item in Delivery.objects.filter(status=DeliveryStatus.RUNNING, started_at__lt=stale):
        _attempt_failed(item, "worker stopped")
    due = list(
        Delivery.objects.filter(
            status=DeliveryStatus.RETRYING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)
    )
    Delivery.objects.filter(pk__in=due, status=DeliveryStatus.RETRYING).update(
        status=DeliveryStatus.QUEUED
    )
    waiting = Delivery.objects.filter(status=DeliveryStatus.QUEUED, queued_at__lt=stale).exclude(
        pk__in=due
    )
    task_ids = set(waiting.exclude(task_id="").values_list("task_id", flat=True))
    ended = DBTaskResult.objects.filter(
        id__in=list(task_ids), status__in=(TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
    ).values_list("id", flat=True)
    lost = list(
        waiting.filter(task_id__in=[str(t) for t in ended]).values_list("pk", flat=True)
    ) + list(waiting.filter(task_id="").values_list("pk", flat=True))
    if due or lost:
        enqueue(due + lost)
    return len(due) + len(lost)
