"""The period report's pages: the report of an area (HTML or a download), signing it off, the
list of signed reports and a signed report with the differences since. Thin: the figures come
from `figures` and `writing`, the writes from `services`, the reads from `selectors`."""

from datetime import date

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from antq.areas import selectors as area_selectors
from antq.audit import services as audit
from antq.core.forms import BootstrapFormMixin
from antq.core.scoping import Action, can
from antq.reports import selectors, services
from antq.reports.figures import Figures, ReportError, collect_figures
from antq.reports.letterhead import LetterheadForm
from antq.reports.models import Boundaries
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
    form = ReportForm(data)
    context = {"form": form, "area": area}
    if not form.is_valid():
        return render(request, "reports/report.html", context, status=422)
    d_from, d_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    boundaries = form.cleaned_data["boundaries"]
    fmt = form.cleaned_data["format"] or "html"
    lang = _language(form.cleaned_data["lang"])
    try:
        figures = collect_figures(request.user, area, d_from, d_to, boundaries)
    except ReportError as exc:
        form.add_error("boundaries", str(exc))
        return render(request, "reports/report.html", context, status=422)
    report = write_report(figures, lang, user=request.user, letterhead=form.letterhead())
    if fmt != "html":
        return _download(
            request,
            area,
            report,
            fmt,
            f"report-{area.code}-{d_from:%Y%m%d}-{d_to:%Y%m%d}-{boundaries}-{lang}",
        )
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
    }
    return render(request, "reports/report.html", context)


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
    report = write_report(figures, lang, user=request.user, signed=frozen)
    if fmt != "html":
        return _download(
            request,
            frozen.area,
            report,
            fmt,
            f"report-{figures.area['code']}-{figures.date_from:%Y%m%d}-{figures.date_to:%Y%m%d}"
            f"-{figures.boundaries}-signed-{frozen.pk}-{lang}",
        )
    differences = selectors.frozen_differences(request.user, frozen)
    context = {
        "frozen": frozen,
        "report": report,
        "differences": differences,
        "exception_writes": selectors.exception_writes(frozen),
        "formats": FORMAT_CHOICES[1:],
    }
    return render(request, "reports/signed_report.html", context)
