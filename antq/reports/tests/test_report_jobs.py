"""A province's report as a document is made in the background: queued from the report page,
run by the job worker with its progress on a polled fragment, kept for its owner only (404 for
anyone else) until it expires. A commune's report stays synchronous. And the DOCX renderer's
table rows, laid out as one XML fragment, read as python-docx's own would."""

import io
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from antq.core import jobs
from antq.reports import jobs as report_jobs
from antq.reports.models import ReportJob
from antq.tallies.tests.helpers import raw_tally

pytestmark = [pytest.mark.rollup, pytest.mark.pg]

URL = "/dashboard/report/"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def _own_var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def book(tree):
    raw_tally(tree.a, date(2025, 1, 1), "approved", criminal_cases_registered=3000)
    raw_tally(tree.b, date(2025, 2, 1), "approved", criminal_cases_registered=541)


def _ask(client, area, fmt="docx", lang="en", **letterhead):
    query = {"area": area.pk, "date_from": "2025-01-01", "date_to": "2025-12-31"}
    return client.get(URL, query | {"format": fmt, "lang": lang} | letterhead)


def _text(content):
    from docx import Document

    return "".join(Document(io.BytesIO(content)).element.body.itertext())


def _cells(content):
    from docx import Document

    doc = Document(io.BytesIO(content))
    return [c.text for t in doc.tables for r in t.rows for c in r.cells]


def test_a_provinces_docx_is_queued_run_by_the_worker_and_fetched_by_its_owner(
    client, tree, users, book, settings, monkeypatch
):
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # the worker closes stale connections between tasks; here that is the test's transaction
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    cache.delete(jobs.WORKER_SEEN_KEY)
    client.force_login(users.p_approver)
    response = _ask(client, tree.p, issuer="PROVINCIAL POLICE OF P", number="12/BC-CAP")
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == ReportJob.Status.PENDING and job.task_id
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="pending"' in page and 'id="report-job-queued"' in page
    assert "No job worker is running" in page
    # asked again while it waits: the same job, not a second one
    again = _ask(client, tree.p, issuer="PROVINCIAL POLICE OF P", number="12/BC-CAP")
    assert again["Location"] == job.get_absolute_url()
    assert ReportJob.objects.count() == 1

    call_command("worker", batch=True, concurrency=1, startup_delay=False, verbosity=0)

    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.units == 2
    assert job.steps_total > 2 and job.steps_done == job.steps_total
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="report-job-ready"' in page and f'hx-get="{job.get_absolute_url()}"' not in page
    download = client.get(f"{job.get_absolute_url()}file/")
    assert download.status_code == 200 and download["Content-Type"] == DOCX
    assert (
        "attachment" in download["Content-Disposition"]
        and ".docx" in (download["Content-Disposition"])
    )
    content = b"".join(download.streaming_content)
    assert "3,541" in _cells(content)
    # the letterhead asked for on the form goes out with the file made in the background
    assert "PROVINCIAL POLICE OF P" in _text(content) and "12/BC-CAP" in _text(content)
    # the report page lists it
    listed = client.get(
        URL, {"area": tree.p.pk, "date_from": "2025-01-01", "date_to": "2025-12-31"}
    )
    assert job.get_absolute_url() in listed.content.decode()


def test_nobody_else_sees_or_fetches_the_file(client, tree, users, book):
    client.force_login(users.p_approver)
    job = ReportJob.objects.get(pk=_ask(client, tree.p)["Location"].split("/")[-2])
    assert job.status == ReportJob.Status.DONE  # the tests' tasks run where they are queued
    client.force_login(users.a_editor)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(f"{job.get_absolute_url()}file/").status_code == 404
    assert job.get_absolute_url() not in client.get(URL, {"area": tree.a.pk}).content.decode()
    client.logout()
    assert client.get(f"{job.get_absolute_url()}file/").status_code == 302  # to the sign-in
    # its owner, once their role at the province has ended
    client.force_login(users.p_approver)
    users.p_approver.roles.all().delete()
    assert client.get(f"{job.get_absolute_url()}file/").status_code == 404


def test_the_progress_fragment_counts_units_and_steps(client, tree, users, book, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(users.p_approver)
    job = ReportJob.objects.get(pk=_ask(client, tree.p)["Location"].split("/")[-2])
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.RUNNING,
        started_at=timezone.now(),
        units=78,
        steps_done=5,
        steps_total=17,
    )
    with jobs.leased(f"report-{job.pk}"):  # its worker is alive
        fragment = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    fragment = fragment.content.decode()
    assert fragment.lstrip().startswith('<div id="report-job"')
    assert "<html" not in fragment and 'data-status="running"' in fragment
    assert f'hx-get="{job.get_absolute_url()}"' in fragment and 'hx-trigger="every 1s"' in fragment
    assert "Working on 78 units: step 5 of 17" in fragment
    assert 'aria-valuenow="5"' in fragment and "pct-6" in fragment  # 5/17 of 20 steps
    assert client.get(f"{job.get_absolute_url()}file/").status_code == 404  # not ready yet


def test_a_job_whose_worker_died_is_failed(client, tree, users, book, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(users.p_approver)
    job = ReportJob.objects.get(pk=_ask(client, tree.p)["Location"].split("/")[-2])
    long_ago = timezone.now() - timedelta(seconds=jobs.LEASE_SECONDS + 5)
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, started_at=long_ago)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="report-job-worker-stopped"' in page
    assert ReportJob.objects.get(pk=job.pk).failure == ReportJob.Failure.WORKER_STOPPED


def test_an_expired_report_is_gone_with_its_file(client, tree, users, book):
    client.force_login(users.p_approver)
    job = ReportJob.objects.get(pk=_ask(client, tree.p)["Location"].split("/")[-2])
    stored = report_jobs.report_dir() / job.output
    assert stored.exists() and stored.stat().st_mode & 0o077 == 0
    other = ReportJob.objects.get(pk=_ask(client, tree.p, lang="vi")["Location"].split("/")[-2])
    ReportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(f"{job.get_absolute_url()}file/").status_code == 404
    assert not stored.exists() and not ReportJob.objects.filter(pk=job.pk).exists()
    ReportJob.objects.filter(pk=other.pk).update(expires_at=timezone.now())
    assert report_jobs.purge_expired() == 1  # what the worker's heartbeat runs
    assert not (report_jobs.report_dir() / other.output).exists()


def test_small_reports_and_text_formats_stay_synchronous(client, tree, users, book):
    client.force_login(users.p_approver)
    commune = _ask(client, tree.a)
    assert commune.status_code == 200 and commune["Content-Type"] == DOCX
    markdown = _ask(client, tree.p, fmt="md")
    assert markdown.status_code == 200 and markdown["Content-Type"].startswith("text/markdown")
    assert not ReportJob.objects.exists()


def test_a_refused_period_queues_nothing(client, tree, users, book):
    client.force_login(users.p_approver)
    query = {"area": tree.p.pk, "date_from": "2025-01-01", "date_to": "2025-12-31"}
    response = client.get(URL, query | {"format": "docx", "boundaries": "nonsense"})
    assert response.status_code == 422 and not ReportJob.objects.exists()


def test_a_name_with_a_control_character_still_makes_a_docx(client, tree, users, book):
    tree.a.name = "Xã <A> & \x07B"
    tree.a.save(update_fields=["name"])
    client.force_login(users.p_approver)
    response = _ask(client, tree.a)
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert "Xã <A> & B" in _text(response.content)


# --- a signed report's download: its kept figures and letterhead, in the background too -------


def _sign(tree, users, **letterhead):
    from antq.reports.letterhead import Letterhead
    from antq.reports.services import report_freeze

    return report_freeze(
        acting_user=users.p_approver,
        area=tree.p,
        date_from=date(2025, 1, 1),
        date_to=date(2025, 12, 31),
        letterhead=Letterhead(**letterhead),
    )


def test_a_signed_provinces_docx_is_queued_run_by_the_worker_with_its_kept_figures(
    client, tree, users, book, settings, monkeypatch
):
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    frozen = _sign(tree, users, issuer="PROVINCIAL POLICE OF P", number="7/BC-CAP")
    raw_tally(tree.a, date(2025, 3, 1), "approved", criminal_cases_registered=1000)  # since
    client.force_login(users.p_approver)
    response = client.get(frozen.get_absolute_url(), {"format": "docx", "lang": "en"})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.frozen == frozen and job.status == ReportJob.Status.PENDING
    assert job.filename.endswith(f"-signed-{frozen.pk}-en.docx")
    # asked again while it waits: the same job; the report page's own job is another one
    again = client.get(frozen.get_absolute_url(), {"format": "docx", "lang": "en"})
    assert again["Location"] == job.get_absolute_url()
    assert _ask(client, tree.p)["Location"] != job.get_absolute_url()
    assert ReportJob.objects.count() == 2

    call_command("worker", batch=True, concurrency=1, startup_delay=False, verbosity=0)

    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.steps_done == job.steps_total > 2
    download = client.get(f"{job.get_absolute_url()}file/")
    assert download.status_code == 200 and download["Content-Type"] == DOCX
    content = b"".join(download.streaming_content)
    cells = _cells(content)
    assert "3,541" in cells and "4,541" not in cells  # the figures kept when it was signed
    assert "PROVINCIAL POLICE OF P" in _text(content) and "7/BC-CAP" in _text(content)
    # the report of today's figures, made by the same worker, has the later tally
    other = ReportJob.objects.exclude(pk=job.pk).get()
    today = b"".join(client.get(f"{other.get_absolute_url()}file/").streaming_content)
    assert "4,541" in _cells(today)


def test_a_signed_reports_job_is_its_owners_only(client, tree, users, book):
    frozen = _sign(tree, users)
    client.force_login(users.p_approver)
    response = client.get(frozen.get_absolute_url(), {"format": "xlsx", "lang": "en"})
    job = ReportJob.objects.get(pk=response["Location"].split("/")[-2])
    assert job.status == ReportJob.Status.DONE  # the tests' tasks run where they are queued
    assert client.get(f"{job.get_absolute_url()}file/").status_code == 200
    client.force_login(users.a_editor)
    assert client.get(frozen.get_absolute_url(), {"format": "xlsx"}).status_code == 404
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(f"{job.get_absolute_url()}file/").status_code == 404
    # Markdown of the signed report stays synchronous
    client.force_login(users.p_approver)
    markdown = client.get(frozen.get_absolute_url(), {"format": "md", "lang": "en"})
    assert markdown.status_code == 200 and ReportJob.objects.count() == 1
