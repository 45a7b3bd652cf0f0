"""Imports run as tasks: refused up front for users without the right, queued on the database
backend, run by the job worker, and failed (upload deleted) when their worker dies."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from antq.cameras.models import CameraSite
from antq.core import jobs
from antq.core.models import ImportJob
from antq.core.testing.sheets import xlsx_bytes

pytestmark = pytest.mark.pg

HEADER = ["commune code", "village code", "address", "latitude", "longitude", "owner type"]
URL = "/cameras/sites/import/"


def _upload(client, name="sites.xlsx", rows=2):
    body = [["10001", "T01", f"Nhà {i}", 16.8, 107.1, "household"] for i in range(rows)]
    return client.post(URL, {"file": SimpleUploadedFile(name, xlsx_bytes(HEADER, body))})


@pytest.fixture(autouse=True)
def _own_var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.usefixtures("english")
def test_a_viewer_is_refused_before_the_file_is_read(client, users):
    client.force_login(users.a_viewer)
    page = client.get(URL, headers={"accept-language": "en"})
    assert page.status_code == 403
    assert "Your roles do not allow you to create camera sites in any area." in (
        page.content.decode()
    )
    response = _upload(client)
    assert response.status_code == 403
    assert not ImportJob.objects.exists()
    assert not list(jobs.import_dir().iterdir())


@pytest.mark.usefixtures("english", "database_backend")
def test_a_queued_import_is_run_by_the_db_worker(client, users, monkeypatch):
    from django_tasks_db.management.commands import db_worker

    # the worker closes stale connections between tasks; here that is the test's transaction
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    cache.delete(jobs.WORKER_SEEN_KEY)
    client.force_login(users.a_editor)
    response = _upload(client)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.PENDING
    page = client.get(response["Location"], headers={"accept-language": "en"}).content.decode()
    assert 'data-status="pending"' in page and 'id="import-queued"' in page
    assert "No job worker is running" in page
    assert (jobs.import_dir() / job.upload).exists()

    call_command("worker", batch=True, concurrency=1, startup_delay=False, verbosity=0)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 2
    assert CameraSite.objects.count() == 2
    assert not (jobs.import_dir() / job.upload).exists()
    assert jobs.worker_seen_within(60)


@pytest.mark.usefixtures("english", "database_backend")
def test_one_person_cannot_fill_the_queue(client, users, settings):
    settings.ANTQ_IMPORT_CONCURRENCY = 2
    client.force_login(users.a_editor)
    assert _upload(client).status_code == 302
    assert _upload(client).status_code == 302
    client.cookies["django_language"] = "en"
    third = _upload(client)
    assert third.status_code == 422
    assert "You already have 2 imports waiting or running" in third.content.decode()
    assert ImportJob.objects.count() == 2


def _running_job(user, *, started_ago):
    stored = jobs.import_dir() / "dead-worker-test.xlsx"
    stored.write_bytes(b"PK")
    job = ImportJob.objects.create(
        user=user,
        record_type="camerasite",
        filename="sites.xlsx",
        upload=stored.name,
        status=ImportJob.Status.RUNNING,
        started_at=timezone.now() - timedelta(seconds=started_ago),
    )
    cache.delete(jobs._lease_key(job.pk))  # ids repeat between tests; the cache outlives them
    return job, stored


@pytest.mark.usefixtures("english")
def test_a_dead_workers_job_is_failed_and_its_upload_deleted(client, users):
    # its worker was killed: nobody renews the lease
    job, stored = _running_job(users.a_editor, started_ago=jobs.LEASE_SECONDS + 5)
    client.force_login(users.a_editor)
    page = client.get(
        f"/cameras/sites/import/{job.pk}/", headers={"accept-language": "en"}
    ).content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.failure == ImportJob.Failure.WORKER_STOPPED
    assert 'id="import-worker-stopped"' in page and "nothing was written" in page
    assert not stored.exists()


def test_a_live_workers_job_is_left_alone(users):
    job, stored = _running_job(users.a_editor, started_ago=jobs.LEASE_SECONDS + 5)
    jobs.renew_lease(job.pk)
    assert jobs.reap() == 0
    cache.delete(jobs._lease_key(job.pk))
    assert jobs.reap() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and not stored.exists()


@pytest.mark.usefixtures("english")
def test_a_job_reaped_while_it_runs_writes_nothing(users, monkeypatch, caplog):
    from antq.core import imports

    stored = jobs.import_dir() / "reaped-test.xlsx"
    body = [["10001", "T01", "Nhà", 16.8, 107.1, "household"]]
    stored.write_bytes(xlsx_bytes(HEADER, body))
    job = ImportJob.objects.create(
        user=users.a_editor, record_type="camerasite", filename="s.xlsx", upload=stored.name
    )
    real = imports.report_progress

    def reaped_meanwhile(job_id, phase, done, total):
        # a reaper that judged the worker dead, before the rows were written
        if phase == "checking":
            ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED)
        real(job_id, phase, done, total)

    monkeypatch.setattr(imports, "report_progress", reaped_meanwhile)
    jobs.execute_job(job.pk, "en")
    job.refresh_from_db()
    # a real reaper writes on its own connection; this one wrote inside the import's
    # transaction, so its mark is rolled back with the rows
    assert "was reaped while it ran" in caplog.text
    assert job.status != ImportJob.Status.DONE
    assert CameraSite.objects.count() == 0
    assert not stored.exists()


@pytest.mark.usefixtures("database_backend")
def test_a_queued_job_whose_task_was_taken_by_a_dead_worker_is_failed(client, users):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    client.force_login(users.a_editor)
    _upload(client)
    job = ImportJob.objects.get()
    cache.delete(jobs._lease_key(job.pk))
    # a worker claimed the task and died before the import started
    DBTaskResult.objects.filter(id=job.task_id).update(status=TaskResultStatus.RUNNING)
    assert jobs.reap() == 0  # not yet: it may be starting
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - timedelta(seconds=jobs.LEASE_SECONDS + 5)
    )
    assert jobs.reap() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.FAILED
    assert not (jobs.import_dir() / job.upload).exists()


def _api_upload(client, user, name="sites.xlsx"):
    from django.test import RequestFactory

    from antq.accounts.services import token_issue

    token = token_issue(
        request=RequestFactory().post("/api/v1/auth/token"),
        username=user.username,
        password="pass-word-123",
    )
    body = [["10001", "T01", "Nhà 1", 16.8, 107.1, "household"]]
    return client.post(
        "/api/v1/camera-sites/import",
        {"file": SimpleUploadedFile(name, xlsx_bytes(HEADER, body))},
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
    ), token


def test_the_import_api_refuses_a_viewer_before_the_file_is_read(client, users):
    response, _token = _api_upload(client, users.a_viewer)
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Your roles do not allow you to create camera sites in any area."
    )
    assert not ImportJob.objects.exists() and not list(jobs.import_dir().iterdir())


def test_the_import_api_queues_a_job_and_reports_it(client, users):
    response, token = _api_upload(client, users.a_editor)
    assert response.status_code == 202, response.content
    job = response.json()
    assert job["status"] == "done" and job["created_count"] == 1
    again = client.get(
        f"/api/v1/camera-sites/import/{job['id']}", headers={"Authorization": f"Bearer {token}"}
    )
    assert again.json()["id"] == job["id"]
    response, _token = _api_upload(client, users.a_editor, name="notes.txt")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "file", "reason": "Upload a .csv or .xlsx file."}
    ]
    other, _t = _api_upload(client, users.b_editor)
    stranger = client.get(
        f"/api/v1/camera-sites/import/{job['id']}",
        headers={"Authorization": f"Bearer {_t}"},
    )
    assert other.status_code == 202 and stranger.status_code == 404
