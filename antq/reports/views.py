"""The period report's pages: the report of an area (HTML or a download), signing it off, the
list of signed reports and a signed report with the differences since. Thin: the figures come
from `figures` and `writing`, the writes from `services`, the reads from `selectors`."""

from datetime import date

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from antq.areas import selectors as area_selectors
from antq.audit import services as audit
from antq.core.forms import BootstrapFormMixin
from antq.core.jobs import LEASE_SECONDS, worker_seen_within
from antq.core.scoping import Action, can
from antq.reports import jobs as report_jobs
from antq.reports import selectors, services
from antq.reports.figures import Figures, ReportError, check_period, collect_figures
from antq.reports.letterhead import LetterheadForm
from antq.reports.models import Boundaries, ReportJob
from antq.reports.renderers import CONTENT_TYPES
from antq.reports.renderers import render as render_report
from antq.reports.writing import LANGUAGES, write_report

FORMAT_CHOICES = [
    ("html", _("Page")),
    ("md", "Markdown"),
    ("docx", "Word (DOCX)"),
    ("pdf", "PDF"),
    ("xlsx", "Excel (XLSX)"),
    ("csv", "CSV"),
]


class ReportForm(BootstrapFormMixin, LetterheadForm):
    """The period of a report, its boundaries, its format, (optionally) its language, and the
    letterhead it goes out with as an administrative document."""

    field_order = ["date_from", "date_to", "boundaries", "format", "lang"]

    date_from = forms.DateField(
        label=_("From date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To date"), widget=forms.DateInput(attrs={"type": "date"}))
    boundaries = forms.ChoiceField(
        label=_("Boundaries"), required=False, choices=Boundaries.choices
    )
    format = forms.ChoiceField(label=_("Format"), required=False, choices=FORMAT_CHOICES)
    lang = forms.ChoiceField(label=_("Language"), required=False, choices=settings.LANGUAGES)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end is before the start."))
        data["boundaries"] = data.get("boundaries") or Boundaries.FILED
        return data


class DownloadForm(BootstrapFormMixin, forms.Form):
    format = forms.ChoiceField(label=_("Format"), required=False, choices=FORMAT_CHOICES)
    lang = forms.ChoiceField(label=_("Language"), required=False, choices=settings.LANGUAGES)


def _language(chosen):
    lang = chosen or translation.get_language() or settings.LANGUAGE_CODE
    if lang not in LANGUAGES:  # e.g. "en-us" from a browser: its base language
        lang = lang.split("-")[0] if lang.split("-")[0] in LANGUAGES else settings.LANGUAGE_CODE
    return lang


def _download(request, area, report, fmt, name):
    content, content_type = render_report(report, fmt)
    # the list of approved commendations names people
    audit.record_export(request, "period_report", fmt, personal=True, area=area)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _area(request, source):
    area = (
        area_selectors.area_get(request.user, source["area"])
        if source.get("area")
        else next(iter(area_selectors.jurisdiction_roots(request.user)), None)
    )
    if area is None:
        raise Http404
    return area


@login_required
def report_page(request):
    """The period report of an area in the user's jurisdiction (404 outside it): an HTML page,
    or a download as md, docx, pdf, xlsx or csv."""
    area = _area(request, request.GET)
    today = date.today()
    data = {"date_from": date(today.year, 1, 1), "date_to": today} | request.GET.dict()
    # the language menu shows the language the report is written in: the page's, unless chosen
    data["lang"] = data.get("lang") or _language(None)
    form = ReportForm(data)
    context = {"form": form, "area": area}
    if not form.is_valid():
        return render(request, "reports/report.html", context, status=422)
    d_from, d_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    boundaries = form.cleaned_data["boundaries"]
    fmt = form.cleaned_data["format"] or "html"
    lang = _language(form.cleaned_data["lang"])
    name = f"report-{area.code}-{d_from:%Y%m%d}-{d_to:%Y%m%d}-{boundaries}-{lang}"
    try:
        if report_jobs.runs_in_background(area, fmt):
            check_period(area, d_from, d_to, boundaries)
            job = report_jobs.start_report_job(
                acting_user=request.user,
                area=area,
                date_from=d_from,
                date_to=d_to,
                boundaries=boundaries,
                lang=lang,
                fmt=fmt,
                filename=f"{name}.{fmt}",
                letterhead=form.letterhead(),
            )
            return redirect(job.get_absolute_url())
        figures = collect_figures(request.user, area, d_from, d_to, boundaries)
    except ReportError as exc:
        form.add_error("boundaries", str(exc))
        return render(request, "reports/report.html", context, status=422)
    report = write_report(figures, lang, user=request.user, letterhead=form.letterhead())
    if fmt != "html":
        return _download(request, area, report, fmt, name)
    signed = selectors.frozen_report_find(request.user, area, d_from, d_to, boundaries)
    form.show_defaults(report.letterhead)
    context |= {
        "report": report,
        "d_from": d_from,
        "d_to": d_to,
        "boundaries": boundaries,
        "signed": signed,
        "may_sign": signed is None
        and d_to < timezone.localdate()
        and can(request.user, Action.APPROVE, area),
        "report_jobs": report_jobs.recent_jobs(request.user),
    }
    return render(request, "reports/report.html", context)


@login_required
def report_job(request, pk):
    """A report being made in the background, for the person who asked for it (404 for anyone
    else): its progress, polled by htmx, then the link to its file."""
    job = report_jobs.report_job_for(request.user, pk)
    no_worker = job.status == ReportJob.Status.PENDING and not worker_seen_within(LEASE_SECONDS)
    context = {"job": job, "no_worker": no_worker}
    template = "reports/_report_job.html" if request.htmx else "reports/report_job.html"
    return render(request, template, context)


@login_required
def report_job_file(request, pk):
    """The file of a finished background report, to its owner only (404 for anyone else)."""
    job, path = report_jobs.report_file(request.user, pk)
    # the list of approved commendations names people
    audit.record_export(request, "period_report", job.fmt, personal=True, area=job.area)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=job.filename or path.name)
    response["Content-Type"] = CONTENT_TYPES.get(job.fmt, "application/octet-stream")
    return response


@login_required
@require_POST
def report_signoff(request):
    """Sign off the report shown (an approver of the area, a period that has ended)."""
    area = _area(request, request.POST)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return render(request, "reports/report.html", {"form": form, "area": area}, status=422)
    data = form.cleaned_data
    try:
        frozen = services.report_freeze(
            acting_user=request.user,
            area=area,
            date_from=data["date_from"],
            date_to=data["date_to"],
            boundaries=data["boundaries"],
            letterhead=form.letterhead(),
        )
    except (ValidationError, PermissionDenied) as exc:
        errors = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        status = 403 if isinstance(exc, PermissionDenied) else 422
        context = {"form": form, "area": area, "signoff_errors": errors}
        return render(request, "reports/report.html", context, status=status)
    messages.success(request, _("The report is signed off; its figures are kept."))
    return redirect(
        "{url}?lang={lang}".format(url=frozen.get_absolute_url(), lang=_language(data["lang"]))
    )


@login_required
def signed_reports(request):
    """The signed reports of the user's jurisdiction."""
    reports = selectors.frozen_report_list(request.user)[:200]
    return render(request, "reports/signed_list.html", {"reports": reports})


@login_required
def signed_report(request, pk):
    """A signed report: its kept figures, and every figure that has changed since. Downloads in
    any language and format render the kept figures."""
    frozen = selectors.frozen_report_get(request.user, pk)
    form = DownloadForm(request.GET)
    if not form.is_valid():
        raise Http404
    lang = _language(form.cleaned_data["lang"])
    fmt = form.cleaned_data["format"] or "html"
    figures = Figures.from_json(frozen.figures)
    name = (
        f"report-{figures.area['code']}-{figures.date_from:%Y%m%d}-{figures.date_to:%Y%m%d}"
        f"-{figures.boundaries}-signed-{frozen.pk}-{lang}"
    )
    if report_jobs.runs_in_background(frozen.area, fmt):  # as the report page does
        job = report_jobs.start_signed_report_job(
            acting_user=request.user, frozen=frozen, lang=lang, fmt=fmt, filename=f"{name}.{fmt}"
        )
        return redirect(job.get_absolute_url())
    report = write_report(figures, lang, user=request.user, signed=frozen)
    if fmt != "html":
        return _download(request, frozen.area, report, fmt, name)
    differences = selectors.frozen_differences(request.user, frozen)
    context = {
        "frozen": frozen,
        "report": report,
        "differences": differences,
        "exception_writes": selectors.exception_writes(frozen),
        "formats": FORMAT_CHOICES[1:],
    }
    return render(request, "reports/signed_report.html", context)
