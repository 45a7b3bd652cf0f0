"""Deliveries run in the job, after the commit: sent by the file backends, retried with a
growing delay when a channel refuses, failed after ANTQ_NOTIFY_MAX_ATTEMPTS, never left
"sending" by a dead worker; and the daily deadline scan, which notifies once per event."""

import email
import email.policy
import json
from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from antq.notifications import channels, delivery, scan, services
from antq.notifications.channels import ChannelError
from antq.notifications.choices import DeliveryStatus, Kind
from antq.notifications.models import Delivery, Notification, Preference, ScanRun
from antq.notifications.wording import text_of
from antq.tips.tests.helpers import make_tip


@pytest.fixture
def outboxes(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.VAR_DIR = tmp_path
    settings.ANTQ_NOTIFY_MAX_ATTEMPTS = 3
    channels.reset()
    yield tmp_path
    channels.reset()


def mails(outboxes):
    folder = outboxes / "mail"
    return [p.read_text() for p in sorted(folder.glob("*"))] if folder.exists() else []


def tell(users, *, kind=Kind.TALLY_APPROVED, **params):
    return services.notify(
        kind=kind,
        user_ids={users.a_editor.pk},
        params={"area": "Xã Hòa Bình", "month": "03/2024", **params},
    )


@pytest.fixture
def with_email(users):
    users.a_editor.email = "a.editor@example.test"
    users.a_editor.phone = "0912 000 111"
    users.a_editor.save()
    return users


def test_an_email_is_sent_by_the_job_after_the_commit_in_the_readers_language(
    with_email, outboxes, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=with_email.a_editor, language="en")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        [note] = tell(with_email)
    [item] = Delivery.objects.filter(notification=note)
    assert item.status == DeliveryStatus.QUEUED and not mails(outboxes)
    for callback in queued:
        callback()
    item.refresh_from_db()
    assert (item.status, item.attempts, item.address) == (
        DeliveryStatus.SENT,
        1,
        "a.editor@example.test",
    )
    [mail] = mails(outboxes)
    assert "The monthly tally of Xã Hòa Bình for 03/2024 was approved." in mail


def test_each_recipient_of_one_event_gets_the_email_in_their_own_language(
    with_email, outboxes, django_capture_on_commit_callbacks
):
    """Worded in the job, one recipient at a time: Vietnamese for the one who chose it, Arabic
    for the other, whatever language the request that caused the event spoke (English here);
    the site's default (Vietnamese) for one who chose nothing."""
    users = with_email
    users.b_editor.email = "b.editor@example.test"
    users.b_editor.save()
    users.p_approver.email = "p.approver@example.test"
    users.p_approver.save()
    Preference.objects.create(user=users.a_editor, language="vi")
    Preference.objects.create(user=users.b_editor, language="ar")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.notify(
            kind=Kind.TALLY_APPROVED,
            user_ids={users.a_editor.pk, users.b_editor.pk, users.p_approver.pk},
            params={"area": "Xã Hòa Bình", "month": "03/2024"},
        )
    by_address = {}
    for path in sorted((outboxes / "mail").glob("*")):  # one connection's messages, or more
        for part in filter(bytes.strip, path.read_bytes().split(b"-" * 79)):
            message = email.message_from_bytes(part.strip(), policy=email.policy.default)
            by_address[message["To"]] = message.get_content()
    note = Notification.objects.get(recipient=users.a_editor)
    expected = {}
    for address, language in (
        ("a.editor@example.test", "vi"),
        ("b.editor@example.test", "ar"),
        ("p.approver@example.test", "vi"),
    ):
        with translation.override(language):
            expected[address] = text_of(note)
    assert set(by_address) == set(expected)
    assert expected["a.editor@example.test"] != expected["b.editor@example.test"]
    for address, text in expected.items():
        assert text in by_address[address]
    assert "Biểu thống kê tháng 03/2024 của Xã Hòa Bình" in expected["a.editor@example.test"]
    assert "اعتُمد الكشف الشهري" in expected["b.editor@example.test"]


def test_the_link_in_a_message_starts_with_the_site_address(
    with_email, outboxes, settings, django_capture_on_commit_callbacks
):
    settings.ANTQ_SITE_URL = "https://antq.example.test"
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            kind=Kind.TALLY_APPROVED,
            user_ids={with_email.a_editor.pk},
            params={"area": "Xã Hòa Bình", "month": "03/2024"},
            link="/tallies/7/",
        )
    [mail] = mails(outboxes)
    assert "https://antq.example.test/tallies/7/" in mail


def test_preferences_choose_the_channels_and_mute_kinds(
    with_email, outboxes, django_capture_on_commit_callbacks
):
    services.preference_update(
        acting_user=with_email.a_editor,
        muted_kinds=[Kind.TIP_NEW],
        by_email=False,
        by_sms=True,
        by_zalo=True,
        language="vi",
    )
    with django_capture_on_commit_callbacks(execute=True):
        [note] = tell(with_email)
        tell(with_email, kind=Kind.TIP_NEW, tip="TG-1")
    assert sorted(Delivery.objects.values_list("channel", flat=True)) == ["sms", "zalo"]
    assert Notification.objects.filter(recipient=with_email.a_editor).count() == 2
    [line] = (outboxes / "sms" / "messages.jsonl").read_text().splitlines()
    assert json.loads(line)["to"] == "0912 000 111"
    assert (outboxes / "zalo" / "messages.jsonl").exists()


def test_a_refused_delivery_is_retried_later_then_sent(
    with_email, outboxes, monkeypatch, django_capture_on_commit_callbacks
):
    refusals = iter([ChannelError("421 try later")])

    def flaky(self, **message):
        error = next(refusals, None)
        if error:
            raise error
        original(self, **message)

    from antq.notifications.channels.email import EmailChannel

    original = EmailChannel.send
    monkeypatch.setattr(EmailChannel, "send", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        [note] = tell(with_email)
    item = Delivery.objects.get(notification=note)
    assert (item.status, item.attempts, item.last_error) == (
        DeliveryStatus.RETRYING,
        1,
        "421 try later",
    )
    assert delivery.sweep() == 0  # not due yet
    delivery.sweep(now=timezone.now() + timedelta(minutes=2))
    item.refresh_from_db()
    assert (item.status, item.attempts, item.last_error) == (DeliveryStatus.SENT, 2, "")
    assert len(mails(outboxes)) == 1


def test_a_delivery_fails_after_the_last_attempt_with_growing_delays(
    with_email, outboxes, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, **message):
        raise ChannelError("550 mailbox unavailable")

    from antq.notifications.channels.email import EmailChannel

    monkeypatch.setattr(EmailChannel, "send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        [note] = tell(with_email)
    item = Delivery.objects.get(notification=note)
    delays = []
    while item.status == DeliveryStatus.RETRYING:
        delays.append(item.next_attempt_at - timezone.now())  # the attempt was just made
        delivery.sweep(now=item.next_attempt_at + timedelta(seconds=1))
        item.refresh_from_db()
    assert (item.status, item.attempts) == (DeliveryStatus.FAILED, 3)
    assert delays[1] > timedelta(seconds=100) > delays[0] > timedelta(seconds=50)
    assert not mails(outboxes)


def test_a_delivery_left_sending_by_a_dead_worker_is_taken_as_a_failed_attempt(
    with_email, outboxes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        [note] = tell(with_email)
    item = Delivery.objects.get(notification=note)
    long_ago = timezone.now() - timedelta(minutes=5)
    Delivery.objects.filter(pk=item.pk).update(status=DeliveryStatus.RUNNING, started_at=long_ago)
    delivery.sweep()
    item.refresh_from_db()
    assert (item.status, item.attempts, item.last_error) == (
        DeliveryStatus.RETRYING,
        1,
        "worker stopped",
    )


def test_a_queued_delivery_whose_task_was_lost_is_queued_again(
    with_email, outboxes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        [note] = tell(with_email)
    Delivery.objects.filter(notification=note).update(
        queued_at=timezone.now() - timedelta(minutes=5)
    )
    assert delivery.sweep() == 1
    assert Delivery.objects.get(notification=note).status == DeliveryStatus.SENT


def tips_falling_due(users, tree):
    """A tip received 1 Mar 2024 (due 21 Mar) in commune A, and one in B."""
    a = make_tip(users.a_editor, tree.a, received_on=date(2024, 3, 1))
    b = make_tip(users.b_editor, tree.b, received_on=date(2024, 3, 1))
    return a, b


def test_the_daily_scan_notifies_each_tip_once_due_soon_then_once_overdue(tree, users):
    a, b = tips_falling_due(users, tree)
    Notification.objects.all().delete()
    assert scan.daily_scan(today=date(2024, 3, 1)) == 0  # nothing within 5 days yet
    first = scan.daily_scan(today=date(2024, 3, 16))
    assert scan.daily_scan(today=date(2024, 3, 16)) == 0  # twice the same day: once
    assert scan.daily_scan(today=date(2024, 3, 17)) == 0  # next day, same due date: once
    soon = Notification.objects.filter(kind=Kind.TIP_DUE_SOON)
    assert first == soon.count() == 6  # each tip: its commune's editor, the province, the root
    assert set(soon.filter(params__tip=a.code).values_list("recipient__username", flat=True)) == {
        "a_editor",
        "p_approver",
        "root_admin",
    }
    assert not soon.filter(params__tip=a.code, recipient=users.b_editor).exists()
    assert a.due_on == date(2024, 3, 21)
    assert soon.filter(params__tip=a.code).first().params["due"] == "2024-03-21"
    scan.daily_scan(today=date(2024, 3, 22))
    scan.daily_scan(today=date(2024, 3, 23))
    assert Notification.objects.filter(kind=Kind.TIP_OVERDUE, params__tip=b.code).count() == 3


def test_the_scan_is_queued_once_a_day_from_its_hour(
    settings, db, django_capture_on_commit_callbacks
):
    settings.ANTQ_DAILY_SCAN_HOUR = 6
    early = timezone.make_aware(timezone.datetime(2024, 3, 16, 5, 0))
    morning = early + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert not scan.trigger_daily_scan(early)
        assert scan.trigger_daily_scan(morning)
        assert not scan.trigger_daily_scan(morning + timedelta(hours=3))
    assert list(ScanRun.objects.values_list("day", flat=True)) == [date(2024, 3, 16)]


MORNING = timezone.make_aware(timezone.datetime(2024, 3, 16, 7, 0))


DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_the_worker(settings, monkeypatch):
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    # the worker closes stale connections between tasks; here that is the test's transaction
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("worker", batch=True, concurrency=1, startup_delay=False, verbosity=0)


def test_a_scan_whose_worker_died_is_failed_then_queued_again_and_runs_once(
    tree, users, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.ANTQ_DAILY_SCAN_HOUR, settings.TASKS = 6, DB_QUEUE
    tips_falling_due(users, tree)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert scan.trigger_daily_scan(MORNING)
    first = ScanRun.objects.get().task_id
    assert DBTaskResult.objects.get(id=first).status == TaskResultStatus.READY
    # a worker took it and died: "running", and nothing renews its lease
    DBTaskResult.objects.filter(id=first).update(
        status=TaskResultStatus.RUNNING, started_at=MORNING
    )
    assert not scan.trigger_daily_scan(MORNING + timedelta(seconds=10))  # it may be starting
    with scan.jobs.leased("daily-scan-2024-03-16"):  # a live worker's scan is left alone
        assert not scan.trigger_daily_scan(MORNING + timedelta(minutes=5))
    assert DBTaskResult.objects.get(id=first).status == TaskResultStatus.RUNNING
    with django_capture_on_commit_callbacks(execute=True):
        assert scan.trigger_daily_scan(MORNING + timedelta(minutes=5))
    assert DBTaskResult.objects.get(id=first).status == TaskResultStatus.FAILED  # not "running"
    run = ScanRun.objects.get()
    assert run.attempts == 2 and run.task_id not in ("", first)
    run_the_worker(settings, monkeypatch)
    run.refresh_from_db()
    assert run.finished_at is not None
    assert DBTaskResult.objects.get(id=run.task_id).status == TaskResultStatus.SUCCESSFUL
    assert Notification.objects.filter(kind=Kind.TIP_DUE_SOON).count() == 6
    assert not scan.trigger_daily_scan(MORNING + timedelta(hours=2))  # done: not again


def test_a_scan_that_keeps_failing_is_tried_three_times_then_marked_failed(
    db, settings, caplog, django_capture_on_commit_callbacks
):
    settings.ANTQ_DAILY_SCAN_HOUR, settings.TASKS = 6, DB_QUEUE
    with django_capture_on_commit_callbacks(execute=True):
        assert scan.trigger_daily_scan(MORNING)
    for attempt in range(1, scan.MAX_SCAN_ATTEMPTS + 1):
        run = ScanRun.objects.get()
        assert run.attempts == attempt and run.failed_at is None
        DBTaskResult.objects.filter(id=run.task_id).update(status=TaskResultStatus.FAILED)
        with django_capture_on_commit_callbacks(execute=True):
            queued = scan.trigger_daily_scan(MORNING + timedelta(minutes=attempt))
        assert queued == (attempt < scan.MAX_SCAN_ATTEMPTS)
    run = ScanRun.objects.get()
    assert run.failed_at is not None and run.finished_at is None
    assert DBTaskResult.objects.count() == scan.MAX_SCAN_ATTEMPTS
    assert not scan.trigger_daily_scan(MORNING + timedelta(hours=1))
    assert [r.levelname for r in caplog.records if "failed 3 times" in r.getMessage()] == ["ERROR"]


def test_a_scan_queued_but_never_handed_to_the_queue_is_queued(
    db, settings, django_capture_on_commit_callbacks
):
    settings.ANTQ_DAILY_SCAN_HOUR, settings.TASKS = 6, DB_QUEUE
    # the process died between the row's commit and the enqueue
    ScanRun.objects.create(day=MORNING.date())
    ScanRun.objects.update(queued_at=MORNING)
    assert not scan.trigger_daily_scan(MORNING + timedelta(seconds=10))  # it may be queueing
    with django_capture_on_commit_callbacks(execute=True):
        assert scan.trigger_daily_scan(MORNING + timedelta(minutes=1))
    run = ScanRun.objects.get()
    assert run.attempts == 2 and DBTaskResult.objects.filter(id=run.task_id).exists()


def test_the_job_worker_sends_what_the_database_queue_holds_and_runs_the_hooks(
    with_email, outboxes, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    from antq.core import jobs

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # the worker closes stale connections between tasks; here that is the test's transaction
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    with django_capture_on_commit_callbacks(execute=True):
        [note] = tell(with_email)
    item = Delivery.objects.get(notification=note)
    assert item.status == DeliveryStatus.QUEUED and item.task_id
    call_command("worker", batch=True, concurrency=1, startup_delay=False, verbosity=0)
    item.refresh_from_db()
    assert item.status == DeliveryStatus.SENT and len(mails(outboxes)) == 1
    assert {delivery.sweep, scan.trigger_daily_scan} <= set(jobs._every_beat)


def test_the_daily_scan_costs_the_same_queries_for_more_tips(tree, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tips_falling_due(users, tree)

    def queries_of_a_scan():
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            assert scan.daily_scan(today=date(2024, 3, 16))
        return len(ctx)

    few = queries_of_a_scan()
    tips_falling_due(users, tree)
    assert queries_of_a_scan() == few
