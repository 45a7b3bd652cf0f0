"""Nothing antq or its server writes ties a portal request to the client's address: not the
logs (Django's, gunicorn's access and error logs, error reports), not the cache or the
limiter's files, not any table; and the times stored for the reporter's records are hours."""

import logging
import re
import runpy
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection, models
from django.test import Client, RequestFactory
from django.utils import timezone
from django.views.debug import ExceptionReporter

from antq.formats import format_date
from antq.portal import selectors as portal_selectors
from antq.portal.models import ReporterAccess
from antq.tips import selectors as tips_selectors
from antq.tips.models import Tip, TipAttachment, TipEvent, TipMessage
from antq.tips.services import messages as message_services
from antq.tips.tests.helpers import (
    category,
    portal_sandbox,  # noqa: F401 - autouse fixture
)

pytestmark = pytest.mark.pg

ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (DistinctiveAgent 4.2)"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)
CONF = Path(__file__).resolve().parents[2] / "gunicorn_conf.py"


def _citizen():
    return Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)


def _tables_text():
    """Every row of every table, as text."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            parts.append(repr(cursor.fetchall()))
    return "\n".join(parts)


def _snapshot():
    return {m: set(m._base_manager.values_list("pk", flat=True)) for m in apps.get_models()}


def _new_rows(before):
    for model, pks in before.items():
        for row in model._base_manager.exclude(pk__in=pks):
            yield model, row


@pytest.fixture
def portal_run(tree, tmp_path, caplog, settings):
    """A report with a photo, a wrong and a right sign-in, and a reply, all from ADDRESS."""
    settings.ANTQ_PORTAL_FOLLOW_RATE = "1/600"
    caplog.set_level(logging.DEBUG)
    before = _snapshot()
    citizen = _citizen()
    photo = tmp_path / "anh.png"
    photo.write_bytes(PNG)
    with photo.open("rb") as f:
        submitted = citizen.post(
            "/report/",
            {
                "category": category().pk,
                "area": tree.a.pk,
                "occurred_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
                "summary": "Có người giả danh công an gọi điện yêu cầu chuyển tiền.",
                "reporter_name": "",
                "reporter_contact": "",
                "attachments": [f],
            },
        )
    body = submitted.content.decode()
    code = re.search(r'data-tip-code="([^"]+)"', body).group(1)
    passphrase = re.search(r'id="passphrase" dir="ltr">([A-Z0-9-]+)<', body).group(1)
    assert citizen.post("/report/follow/", {"code": code, "passphrase": "X"}).status_code == 422
    # over the address's limit now: a 429, logged by django.request
    assert citizen.post("/report/follow/", {"code": code, "passphrase": "Y"}).status_code == 429
    signed_in = citizen.post("/report/follow/", {"code": code, "passphrase": passphrase})
    assert signed_in.status_code == 302
    reply = citizen.post("/report/follow/reply/", {"body": "Tôi có thêm một ảnh chụp biển số."})
    assert reply.status_code == 302
    return before


def test_no_log_line_holds_the_address(portal_run, caplog):
    records = caplog.get_records("setup")  # portal_run's
    # Django writes a line, with its time to the second, for each 4xx answer ("Unprocessable
    # Entity: /report/follow/"): none for the portal's 422 and 429
    assert not [r for r in records if r.name == "django.request"]
    for record in records:
        text = record.getMessage() + repr(record.__dict__)
        assert ADDRESS not in text and AGENT not in text, record.name


def test_no_stored_row_file_or_cache_entry_holds_the_address(portal_run, settings):
    assert Tip.objects.count() == 1 and TipMessage.objects.count() == 1
    text = _tables_text()
    assert ADDRESS not in text and AGENT not in text
    assert not Session.objects.exists()
    cached = repr(list(cache._cache.items()))  # the portal sandbox's local-memory cache
    assert ADDRESS not in cached
    for path in Path(settings.VAR_DIR).rglob("*"):
        assert ADDRESS not in path.name
        if path.is_file():
            assert ADDRESS.encode() not in path.read_bytes(), path


def test_the_reporters_records_are_stored_with_the_hour_only(portal_run):
    stored = {}
    for model, row in _new_rows(portal_run):
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField) and getattr(row, field.attname):
                stored.setdefault(model, []).append(getattr(row, field.attname))
    kinds = {Tip, Tip.history.model, TipEvent, ReporterAccess, TipAttachment, TipMessage}
    assert kinds <= set(stored)
    for model, values in stored.items():
        for value in values:
            local = timezone.localtime(value)
            assert (local.minute, local.second, local.microsecond) == (0, 0, 0), model
    # the legal clock runs from the day of receipt
    tip = Tip.objects.get()
    assert tip.received_on == timezone.localdate()
    assert tip.due_on == timezone.localdate() + timedelta(days=20)


def test_staff_records_keep_exact_times_and_changes_update_the_tip(portal_run, users):
    tip = Tip.objects.get()
    before = tip.updated_at
    message = message_services.tip_send_message(
        acting_user=users.a_editor, tip=tip, body="Anh/chị cho biết thêm thời gian cụ thể?"
    )
    assert message.at > before
    tip.outcome_notes = "Đang xác minh."
    tip.save()
    tip.refresh_from_db()
    assert tip.updated_at > before and tip.created_at == before


def test_django_error_reports_leave_out_the_address_and_browser(settings):
    request = RequestFactory().post(
        "/report/", REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT, HTTP_X_FORWARDED_FOR=ADDRESS
    )
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        report = ExceptionReporter(request, *sys.exc_info())
        text = report.get_traceback_text() + report.get_traceback_html()
    assert "boom" in text and "REMOTE_ADDR" in text
    assert ADDRESS not in text and AGENT not in text


def _gunicorn_logger():
    from gunicorn.config import Config

    cfg = Config()
    for name, value in runpy.run_path(str(CONF)).items():
        if name in cfg.settings:
            cfg.set(name, value)
    return cfg.logger_class(cfg)


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


def _access(logger, path):
    class Response:
        status = "200 OK"
        headers = [("Content-Type", "text/html")]
        sent = 1234

    environ = {
        "REMOTE_ADDR": ADDRESS,
        "HTTP_USER_AGENT": AGENT,
        "HTTP_X_FORWARDED_FOR": ADDRESS,
        "HTTP_REFERER": f"http://{ADDRESS}/",
        "REQUEST_METHOD": "POST",
        "RAW_URI": path,
        "PATH_INFO": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    headers = [("USER-AGENT", AGENT), ("X-FORWARDED-FOR", ADDRESS)]
    logger.access(Response(), headers, environ, timedelta(milliseconds=42))


def test_gunicorns_logs_hold_no_address_and_no_portal_line():
    logger = _gunicorn_logger()
    access, errors = _Lines(), _Lines()
    logger.access_log.addHandler(access)
    logger.error_log.addHandler(errors)
    _access(logger, "/tips/")
    _access(logger, "/report/")
    _access(logger, "/report/follow/")
    logger.warning("Invalid request from ip={ip}: {error}".format(ip=ADDRESS, error="bad"))
    logger.warning("Invalid request from ip=%s: %s", "2001:db8::77", "bad")
    assert len(access.lines) == 1, access.lines
    line = access.lines[0]
    assert '"POST /tips/ HTTP/1.1" 200 1234 42ms' in line
    assert ADDRESS not in line and "DistinctiveAgent" not in line
    assert len(errors.lines) == 2
    assert all(ADDRESS not in e and "2001:db8::77" not in e for e in errors.lines)
    assert "Invalid request from ip=[address]: bad" in errors.lines[0]


def test_make_run_uses_the_private_gunicorn_configuration():
    makefile = (CONF.parents[1] / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "-c antq/gunicorn_conf.py" in run
    assert "--access-logfile" not in run


def test_the_conversation_keeps_the_order_it_was_written_in(portal_run, users):
    """A reporter's message is dated to the hour, so it may carry an earlier time than the
    unit's question it answers: both sides list the messages in the order they were sent."""
    tip = Tip.objects.get()
    message_services.tip_send_message(acting_user=users.a_editor, tip=tip, body="Question?")
    message_services.tip_reporter_reply(tip=tip, body="Answer.")
    expected = ["Tôi có thêm một ảnh chụp biển số.", "Question?", "Answer."]
    assert [m.body for m in tips_selectors.thread(tip)] == expected
    assert [m["body"] for m in portal_selectors.reporter_view(tip)["messages"]] == expected


def test_a_reporters_message_reads_as_its_hour_not_a_minute(portal_run, users, client):
    """Stored to the hour, a reporter's message is shown as that hour ("15:00–15:59"), not as a
    time it was not sent at; the unit's own messages keep their minute."""
    tip = Tip.objects.get()
    message_services.tip_send_message(acting_user=users.a_editor, tip=tip, body="Question?")
    client.force_login(users.a_editor)
    page = client.get(tip.get_absolute_url()).content.decode()
    at = timezone.localtime(tip.messages.get(from_staff=False).at)
    assert f"{format_date(at.date(), 'vi')} {at:%H}:00–{at:%H}:59" in page
    staff_at = timezone.localtime(tip.messages.get(from_staff=True).at)
    assert format_date(staff_at, "vi") in page
