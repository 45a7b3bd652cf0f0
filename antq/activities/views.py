"""Pages beyond the generic record pages: an activity's files, the figures of an area for a
period, and the regulations due for review.

Each looks the record up through the scoped selectors first, so a record outside the user's
jurisdiction is a 404 before any 405 or 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from antq.activities import selectors, services
from antq.activities.choices import ActivityKind, SecuredEventKind
from antq.activities.forms import AttachmentForm, PeriodForm
from antq.activities.records import ACTIVITIES
from antq.activities.tables import CoordinationRegulationTable
from antq.areas import selectors as area_selectors
from antq.audit import services as audit
from antq.core.files import safe_filename
from antq.core.records import as_id
from antq.core.scoping import Action, can


def error_text(exc):
    errors = getattr(exc, "message_dict", {"__all__": exc.messages})
    return " ".join(str(m) for msgs in errors.values() for m in msgs)


@login_required
def attachment_add(request, pk):
    activity = ACTIVITIES.get(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not can(request.user, Action.CHANGE, activity.area):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.activity_attachment_add(
                acting_user=request.user, activity=activity, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The file was attached."))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("file", [])))
    return redirect(activity.get_absolute_url() + "#attachments")


@login_required
def attachment_download(request, pk):
    """The file, to staff who may see its activity; sent as a download with its checked type."""
    attachment = selectors.attachment_get(request.user, pk)
    path = services.attachment_path(attachment)
    if not path.exists():
        raise Http404
    # photos and lists of participants name people
    audit.record_export(
        request, "activity_attachment", attachment.kind, personal=True, obj=attachment.activity
    )
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=safe_filename(attachment.original_name, extension=attachment.download_extension),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def attachment_delete(request, pk):
    attachment = selectors.attachment_get(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not can(request.user, Action.CHANGE, attachment.area):
        raise PermissionDenied
    activity = attachment.activity
    services.activity_attachment_delete(acting_user=request.user, attachment=attachment)
    messages.success(request, _("The file was removed."))
    return redirect(activity.get_absolute_url() + "#attachments")


def period_area(request):
    """The area of a figures page: ?area= (404 outside the jurisdiction), else the user's one
    root area, else everything they may see (None)."""
    user = request.user
    if request.GET.get("area"):
        return area_selectors.area_get(user, as_id(request.GET.get("area")))
    roots = area_selectors.jurisdiction_roots(user)
    return roots[0] if len(roots) == 1 else None


@login_required
def figures(request):
    """Sessions and participants by kind, secured delegations and events by kind, and the
    regulations in force, for an area (and below) and a period."""
    user = request.user
    area = period_area(request)
    data = request.GET.copy()
    if area is not None:
        data["area"] = str(area.pk)
    form = PeriodForm(data, user=user)
    context = {"form": form, "area": area, "picked_area": area}
    if not form.is_valid():
        return render(request, "activities/figures.html", context, status=422)
    period = {"date_from": form.cleaned_data["from"], "date_to": form.cleaned_data["to"]}
    activities = selectors.activity_figures(user, area, **period)
    events = selectors.securedevent_figures(user, area, **period)
    day = period["date_to"] or None
    context |= {
        "shown": True,
        "period": period,
        "activities": activities,
        "activity_rows": [(kind, kind.label, activities["by_kind"][kind]) for kind in ActivityKind],
        "events": events,
        "event_rows": [(kind, kind.label, events["by_kind"][kind]) for kind in SecuredEventKind],
        "regulations_in_force": selectors.regulations_in_force(user, area, on=day).count(),
        "regulations_day": day,
    }
    return render(request, "activities/figures.html", context)


@login_required
def regulations_due(request):
    """Regulations in force whose review date has come or comes within 30 days."""
    queryset = selectors.regulations_due_for_review(request.user, period_area_or_none(request))
    table = CoordinationRegulationTable(queryset, order_by=("review_on",))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "activities/regulations_due.html",
        {"table": table, "notice_days": selectors.REVIEW_NOTICE_DAYS},
    )


def period_area_or_none(request):
    if request.GET.get("area"):
        return area_selectors.area_get(request.user, as_id(request.GET.get("area")))
    return None
