"""Background jobs: every bulk import runs as a django-tasks task on the database backend,
picked up by the job worker (`antq worker`, which `make run` starts beside gunicorn).

The worker runs `ANTQ_IMPORT_CONCURRENCY` tasks at once, so a server never runs more imports
than that; more uploads wait in the queue (the page says "queued"). While a job runs, its
worker renews a lease in the cache every HEARTBEAT_SECONDS; a job whose lease has lapsed
(its worker was killed) is reaped: marked failed, its upload deleted, its task marked failed.
The worker reaps in its loop and the import page reaps the job it shows, so a dead worker's
job is failed within LEASE_SECONDS + HEARTBEAT_SECONDS. A reaped job wrote nothing: the
import's own transaction marks it done (core/imports.py `finish`), only if it is still running.

The pages and the API queue an import through the same calls: `import_refusal` and
`check_import_upload` before the file is kept, `start_import`, then `import_job_for` to poll it.
"""

import logging
import os
import socket
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, close_old_connections, connection
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from antq.core import imports
from antq.core.files import open_private, private_dir
from antq.core.models import ImportJob
from antq.core.records import REGISTRY
from antq.core.scoping import Action, can_anywhere

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
LEASE_SECONDS = 40
WORKER_SEEN_KEY = "antq:jobs:worker-seen"

# ids of the jobs this process is running, whose leases its heartbeat renews
_running = set()
_running_lock = threading.Lock()

# what the worker's heartbeat also runs, each beat: registered by the apps that own it, in
# their apps.py (the notifications' retries and reaper, the daily scan's trigger)
_every_beat = []


def every_beat(fn):
    """Run `fn()` on each heartbeat of a serving worker (not of a `--batch` run)."""
    if fn not in _every_beat:
        _every_beat.append(fn)
    return fn


def run_every_beat():
    for fn in list(_every_beat):
        _run_hook(fn)


# what the heartbeat runs more often than each beat: {fn: seconds between runs}
_every_seconds = {}


def every_seconds(seconds, fn):
    """Run `fn()` every `seconds` (under HEARTBEAT_SECONDS) in a serving worker."""
    _every_seconds[fn] = seconds
    return fn


def _run_hook(fn):
    try:
        fn()
    except Exception:  # one failing hook must not stop the others nor the worker
        logger.exception("job worker hook %s failed", getattr(fn, "__name__", fn))


class JobReaped(Exception):
    """The job was marked failed while it ran; its transaction must not commit."""


def import_dir() -> Path:
    return private_dir(Path(settings.VAR_DIR) / "imports")


def _lease_key(job_id):
    return f"antq:jobs:lease:{job_id}"


def renew_lease(job_id):
    cache.set(_lease_key(job_id), time.time(), LEASE_SECONDS)


def fail_task(task_id, now):
    """Mark the queue's task `task_id` failed if it is still "running" (its worker died under it:
    its lease ran out), so that it is never left running."""
    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=now
    )


def has_lease(job_id):
    return cache.get(_lease_key(job_id)) is not None


def beat():
    """One heartbeat: the worker is alive, and so are the jobs it runs."""
    cache.set(WORKER_SEEN_KEY, time.time(), None)
    with _running_lock:
        running = list(_running)
    for job_id in running:
        renew_lease(job_id)


@contextmanager
def leased(key):
    """Hold a lease on `key` (a job of another kind than imports, e.g. "report-7") while the
    block runs: the worker's heartbeat renews it, so a page can tell a job whose worker died
    (`has_lease(key)` is false) from one still running."""
    renew_lease(key)
    with _running_lock:
        _running.add(key)
    try:
        yield
    finally:
        with _running_lock:
            _running.discard(key)
        cache.delete(_lease_key(key))


def worker_seen_within(seconds) -> bool:
    """Has a job worker given a heartbeat within `seconds`? For the health check."""
    seen = cache.get(WORKER_SEEN_KEY)
    return seen is not None and time.time() - seen <= seconds


def _finish_file(job):
    if job.upload:
        (import_dir() / Path(job.upload).name).unlink(missing_ok=True)


def reap(job_ids=None) -> int:
    """Fail the running jobs whose lease lapsed (and the queued ones whose task was lost) and
    delete their uploads. `job_ids` limits it to those jobs. Returns how many were reaped."""
    now = timezone.now()
    stale = now - timedelta(seconds=LEASE_SECONDS)
    # a queued job whose task a worker took but never started (it died in between) or that
    # ended without it: it would wait for ever
    queued = ImportJob.objects.filter(status=ImportJob.Status.PENDING, created_at__lt=stale)
    if job_ids is not None:
        queued = queued.filter(pk__in=job_ids)
    queued = {j.task_id: j for j in queued.exclude(task_id="").only("pk", "upload", "task_id")}
    lost = DBTaskResult.objects.filter(id__in=list(queued)).exclude(status=TaskResultStatus.READY)
    orphans = [queued[str(t)] for t in lost.values_list("id", flat=True) if str(t) in queued]
    running = ImportJob.objects.filter(status=ImportJob.Status.RUNNING, started_at__lt=stale)
    if job_ids is not None:
        running = running.filter(pk__in=job_ids)
    reaped = 0
    for job in [*orphans, *running.only("pk", "upload", "task_id")]:
        if has_lease(job.pk):
            continue
        try:
            changed = ImportJob.objects.filter(
                pk=job.pk, status__in=(ImportJob.Status.PENDING, ImportJob.Status.RUNNING)
            ).update(
                status=ImportJob.Status.FAILED,
                failure=ImportJob.Failure.WORKER_STOPPED,
                finished_at=now,
            )
            if job.task_id:
                fail_task(job.task_id, now)
        except DatabaseError:
            # SQLite busy with another import's write: the next round reaps it
            logger.warning("could not reap import job %s yet", job.pk)
            continue
        if changed:
            reaped += 1
            _finish_file(job)
            logger.warning("import job %s: its worker stopped; marked failed", job.pk)
    return reaped


@task(takes_context=True)
def run_import_job(context, job_id: int, language: str):
    """Run one import job to its end. Reaped or finished jobs are left alone."""
    execute_job(job_id, language)


def execute_job(job_id, language):
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    stored = import_dir() / Path(job.upload).name
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:  # reaped or run already
        stored.unlink(missing_ok=True)
        return
    # a job is reaped only LEASE_SECONDS after it started: the lease comes in time
    renew_lease(job_id)
    with _running_lock:
        _running.add(job_id)

    def finish(created):
        done = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
            status=ImportJob.Status.DONE, created_count=created, finished_at=timezone.now()
        )
        if not done:
            raise JobReaped(job_id)

    rt = REGISTRY[job.record_type]
    try:
        with translation.override(language):
            outcome = imports.run_import(
                rt.import_spec,
                acting_user=job.user,
                path=stored,
                filename=job.filename,
                job_id=job_id,
                finish=finish,
            )
            errors = [
                {"row": e.row, "column": e.column, "message": e.message} for e in outcome.errors
            ]
        if not outcome.ok:
            ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
                status=ImportJob.Status.REJECTED,
                errors=errors,
                errors_total=outcome.error_count,
                finished_at=timezone.now(),
            )
    except JobReaped:
        logger.warning("import job %s was reaped while it ran; nothing was written", job_id)
    except ValidationError as exc:
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
            status=ImportJob.Status.REJECTED,
            finished_at=timezone.now(),
            errors=[{"row": 0, "column": "", "message": m} for m in exc.messages],
            errors_total=len(exc.messages),
        )
    except Exception:  # record the failure for the person waiting; the transaction rolled back
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
            status=ImportJob.Status.FAILED,
            failure=ImportJob.Failure.ERROR,
            finished_at=timezone.now(),
        )
        raise
    finally:
        with _running_lock:
            _running.discard(job_id)
        cache.delete(_lease_key(job_id))
        stored.unlink(missing_ok=True)


def enqueue_import(job, language):
    """Queue the job's task; the task's id is kept to fail it too if its worker dies."""
    result = run_import_job.enqueue(job_id=job.pk, language=language)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def import_refusal(user, rt):
    """Why `user` may not import `rt` at all (no role that creates records anywhere), or None.
    Asked before any file is read."""
    if can_anywhere(user, Action.CHANGE):
        return None
    return _("Your roles do not allow you to create {things} in any area.").format(
        things=rt.verbose_name_plural
    )


def check_import_upload(user, upload):
    """Refuse an upload by its size and name, or when its owner's imports already fill the
    queue (queued uploads wait on disk: one person cannot fill it)."""
    if upload.size > settings.ANTQ_IMPORT_MAX_MB * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than {n} MB.").format(n=settings.ANTQ_IMPORT_MAX_MB)
        )
    if not (upload.name or "").lower().endswith((".csv", ".xlsx")):
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    waiting = ImportJob.objects.filter(
        user=user, status__in=(ImportJob.Status.PENDING, ImportJob.Status.RUNNING)
    ).count()
    if waiting >= settings.ANTQ_IMPORT_CONCURRENCY:
        raise ValidationError(
            _(
                "You already have {n} imports waiting or running; upload this file when "
                "one of them has finished."
            ).format(n=waiting)
        )


def start_import(*, acting_user, rt, upload, language):
    """Store a checked upload privately and queue its import job."""
    stored = import_dir() / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    with open_private(stored) as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job = ImportJob.objects.create(
        user=acting_user,
        record_type=rt.slug,
        filename=Path(upload.name).name[:255],
        upload=stored.name,
    )
    enqueue_import(job, language)
    return job


def import_job_for(user, rt, job_id):
    """One of `user`'s import jobs of `rt`, reaped first if its worker died; 404 otherwise."""
    job = get_object_or_404(ImportJob, pk=job_id, user=user, record_type=rt.slug)
    if job.status in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING) and reap([job.pk]):
        job.refresh_from_db()
    return job


class Heartbeat(threading.Thread):
    """Beats and reaps every HEARTBEAT_SECONDS until stopped, on its own connection."""

    def __init__(self, *, reaping=True):
        super().__init__(name="antq-heartbeat", daemon=True)
        self.stopped = threading.Event()
        self.reaping = reaping

    def run(self):
        next_beat, due = 0.0, {}
        while not self.stopped.is_set():
            now = time.monotonic()
            if now >= next_beat:
                next_beat = now + HEARTBEAT_SECONDS
                try:
                    beat()
                    if self.reaping:
                        close_old_connections()
                        reap()
                        run_every_beat()
                except Exception:  # the next beat tries again; a worker must not die of it
                    logger.exception("job heartbeat failed")
            if self.reaping:
                for fn, seconds in list(_every_seconds.items()):
                    if now >= due.get(fn, 0.0):
                        due[fn] = now + seconds
                        _run_hook(fn)
            self.stopped.wait(min([HEARTBEAT_SECONDS, *_every_seconds.values()]))
        if self.reaping:
            connection.close()


def worker_identity(index):
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{index}"
