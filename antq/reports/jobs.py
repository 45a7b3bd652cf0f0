"""Large reports as background jobs: the report page queues a province's (or the country's)
report as a document (`runs_in_background`), the job worker makes it (`run_report_job`), the
page polls its progress and offers the file to the person who asked, and nobody else. A signed
report's download of such an area goes the same way (`start_signed_report_job`): the job
renders the figures and letterhead kept when it was signed, not today's.

Why a province: its report has a row per commune in each section's table (78 for the demo
province, up to 168 after the 2025 reform), and the country's a row per province with every
commune's records beneath them, while a commune's has a handful of villages. The document
formats' layout grows with those rows; Markdown and CSV are plain text, made in a fraction of
the time, and stay synchronous, as does every report of a commune or a former district.

The file is kept under var/reports/ (private, like the imports' uploads under var/imports/)
for ANTQ_REPORT_FILE_HOURS, then deleted by the worker's heartbeat (`purge_expired`,
registered in the app's apps.py) or when it is next asked for.
"""

import logging
import uuid
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django_tasks import task

from antq.areas import selectors as area_selectors
from antq.areas.choices import AreaLevel
from antq.core import jobs
from antq.core.files import private_dir, write_private
from antq.reports import selectors
from antq.reports.figures import Figures, collect_figures
from antq.reports.letterhead import Letterhead
from antq.reports.models import ReportJob
from antq.reports.renderers import render
from antq.reports.writing import write_report

logger = logging.getLogger(__name__)

# the formats laid out as documents, whose making grows with the rows of the tables
BACKGROUND_FORMATS = ("docx", "xlsx", "pdf")


def report_dir() -> Path:
    return private_dir(Path(settings.VAR_DIR) / "reports")


def _lease(job_id):
    return f"report-{job_id}"


def runs_in_background(area, fmt) -> bool:
    """Is the report of `area` as `fmt` made by the job worker rather than in the request?"""
    return fmt in BACKGROUND_FORMATS and area.level <= AreaLevel.PROVINCE


def start_report_job(
    *, acting_user, area, date_from, date_to, boundaries, lang, fmt, filename, letterhead=None
):
    """Queue the report for `acting_user`, with the `letterhead` (a Letterhead) asked for on the
    form; the same report still waiting or running for them is reused (a second click does not
    make it twice)."""
    same = dict(
        user=acting_user,
        area=area,
        date_from=date_from,
        date_to=date_to,
        boundaries=boundaries,
        lang=lang,
        fmt=fmt,
        letterhead=asdict(letterhead) if letterhead is not None else {},
    )
    return _queue(same, filename)


def start_signed_report_job(*, acting_user, frozen, lang, fmt, filename):
    """Queue the download of a signed report (`frozen`, a FrozenReport the user sees) for
    `acting_user`: the job renders its kept figures with its kept letterhead, as the signed
    report's page does synchronously for a commune."""
    same = dict(
        user=acting_user,
        area=frozen.area,
        date_from=frozen.date_from,
        date_to=frozen.date_to,
        boundaries=frozen.boundaries,
        lang=lang,
        fmt=fmt,
        frozen=frozen,
    )
    return _queue(same, filename)


def _queue(same, filename):
    waiting = ReportJob.objects.filter(
        **same, status__in=(ReportJob.Status.PENDING, ReportJob.Status.RUNNING)
    ).first()
    if waiting is not None:
        return waiting
    job = ReportJob.objects.create(
        **same,
        filename=filename,
        expires_at=timezone.now() + timedelta(hours=settings.ANTQ_REPORT_FILE_HOURS),
    )
    result = run_report_job.enqueue(job_id=job.pk)
    ReportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


@task()
def run_report_job(job_id: int):
    """Make one queued report to its end; a job run or failed already is left alone."""
    execute_report_job(job_id)


def _step(job_id, done, total=None):
    fields = {"steps_done": done} if total is None else {"steps_done": done, "steps_total": total}
    ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(**fields)


def execute_report_job(job_id):
    claimed = ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.PENDING).update(
        status=ReportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = ReportJob.objects.select_related("user", "area", "frozen").get(pk=job_id)
    stored = report_dir() / f"{uuid.uuid4().hex}.{job.fmt}"
    try:
        with jobs.leased(_lease(job_id)), translation.override(job.lang):
            if job.frozen is not None:  # a signed report: the figures kept when it was signed
                figures = Figures.from_json(job.frozen.figures)
            else:
                figures = collect_figures(
                    job.user, job.area, job.date_from, job.date_to, job.boundaries
                )
            # steps: the figures, then each section's text, then the file
            ReportJob.objects.filter(pk=job_id).update(units=len(figures.children))
            sections = {"n": 0}

            def written(done, total):
                sections["n"] = total
                _step(job_id, 1 + done, total + 2)

            report = write_report(
                figures,
                job.lang,
                user=job.user,
                signed=job.frozen,  # its letterhead is the one kept with it
                letterhead=None if job.frozen else Letterhead.from_data(job.letterhead),
                progress=written,
            )
            content, _type = render(report, job.fmt)
            write_private(stored, content if isinstance(content, bytes) else content.encode())
        done = ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
            status=ReportJob.Status.DONE,
            output=stored.name,
            steps_done=sections["n"] + 2,
            finished_at=timezone.now(),
        )
        if not done:  # failed as if its worker had died meanwhile: nobody will fetch it
            stored.unlink(missing_ok=True)
    except Exception:  # the person waiting sees that it failed
        stored.unlink(missing_ok=True)
        ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
            status=ReportJob.Status.FAILED,
            failure=ReportJob.Failure.ERROR,
            finished_at=timezone.now(),
        )
        raise


def _fail_if_worker_died(job):
    """A running job whose worker's lease lapsed (killed, or the machine restarted) is failed,
    so that its page says so rather than polling for ever."""
    stale = timezone.now() - timedelta(seconds=jobs.LEASE_SECONDS)
    if (
        job.status == ReportJob.Status.RUNNING
        and job.started_at is not None
        and job.started_at < stale
        and not jobs.has_lease(_lease(job.pk))
    ):
        ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.RUNNING).update(
            status=ReportJob.Status.FAILED,
            failure=ReportJob.Failure.WORKER_STOPPED,
            finished_at=timezone.now(),
        )
        job.refresh_from_db()


def _delete_file(job):
    if job.output:
        (report_dir() / Path(job.output).name).unlink(missing_ok=True)


def report_job_for(user, job_id):
    """One of `user`'s report jobs that has not expired, on an area they still see; 404 for
    anyone else's, or expired, or once their role there has ended."""
    job = get_object_or_404(ReportJob, pk=job_id, user=user)
    area_selectors.area_get(user, job.area_id)
    if job.frozen_id is not None:  # a signed report they no longer see
        selectors.frozen_report_get(user, job.frozen_id)
    if job.expires_at <= timezone.now():
        purge_expired([job.pk])
        raise Http404
    _fail_if_worker_died(job)
    return job


def report_file(user, job_id):
    """(path, download name) of `user`'s finished report; 404 otherwise."""
    job = report_job_for(user, job_id)
    path = report_dir() / Path(job.output).name if job.output else None
    if job.status != ReportJob.Status.DONE or path is None or not path.exists():
        raise Http404
    return job, path


def purge_expired(job_ids=None) -> int:
    """Delete expired report jobs and their files (each heartbeat of the worker)."""
    expired = ReportJob.objects.filter(expires_at__lte=timezone.now())
    if job_ids is not None:
        expired = expired.filter(pk__in=job_ids)
    n = 0
    for job in expired.only("pk", "output"):
        _delete_file(job)
        n += 1
    expired.delete()
    return n


def recent_jobs(user, limit=5):
    """`user`'s report jobs not yet expired, newest first (the report page lists them)."""
    return ReportJob.objects.filter(user=user, expires_at__gt=timezone.now()).select_related(
        "area"
    )[:limit]
