"""Pages beyond the generic record pages: entry and correction (with the reporter's identity
and two area pickers), the workflow steps, messages, the reading of an identity, the opening of
a file the reporter sent, the administrators' list of readings, and the camera sites near the
incident with the footage requests to their owners.

Each looks the tip up through the scoped selector first, so a tip outside the user's
jurisdiction is a 404 before any 405 or 403.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from antq.accounts import second_factor
from antq.areas.models import Area
from antq.core.files import AttachmentKind
from antq.core.forms import apply_errors
from antq.core.records import as_id
from antq.core.scoping import Action, can
from antq.tips import selectors
from antq.tips.forms import (
    FootageAnswerForm,
    FootageRequestForm,
    MessageForm,
    OpenAttachmentForm,
    RevealForm,
    TipForm,
)
from antq.tips.records import STEPS, TIPS, nearby_context
from antq.tips.services import entry as entry_services
from antq.tips.services import footage as footage_services
from antq.tips.services import identities as identity_services
from antq.tips.services import messages as message_services

IDENTITY_POST = ("reporter_name", "reporter_contact")


def _error_text(form, errors):
    def label(name):
        return form.fields[name].label if name in form.fields else ""

    return " ".join(
        f"{label(name)}: {message}" if label(name) else str(message)
        for name, messages_ in errors.items()
        for message in messages_
    )


def _errors_of(exc):
    return getattr(exc, "message_dict", {"__all__": exc.messages})


def _require_change(user, tip):
    if not can(user, Action.CHANGE, tip.area):
        raise PermissionDenied


def _picked(user, value):
    pk = as_id(value)
    return Area.objects.visible_to(user).filter(pk=pk).first() if pk else None


@sensitive_post_parameters(*IDENTITY_POST)
@login_required
@sensitive_variables("data")  # innermost: it guards the frame of the function it wraps
def tip_edit(request, pk=None):
    """Entry of a new tip (with the optional identity) or correction of one."""
    tip = TIPS.get(request.user, pk) if pk else None
    if tip is not None:
        _require_change(request.user, tip)
    initial = {}
    if tip is None and as_id(request.GET.get("area")) is not None:
        initial["area"] = as_id(request.GET["area"])
    form = TipForm(request.POST or None, instance=tip, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if tip is None:
                saved = entry_services.tip_create(acting_user=request.user, **data)
            else:
                saved = entry_services.tip_update(acting_user=request.user, instance=tip, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect(saved)
    return render(
        request,
        "tips/tip_form.html",
        {
            "rt": TIPS,
            "opts": TIPS.model._meta,
            "form": form,
            "object": tip,
            "picked_area": _picked(request.user, form["area"].value()),
            "picked_place": _picked(request.user, form["place_area"].value()),
            "tile_url": settings.ANTQ_TILE_URL,
        },
        status=422 if form.errors else 200,
    )


def _after_step(request, tip):
    """Back to the tip, or to the inbox when the step took it out of the user's sight."""
    if selectors.tip_list(request.user).filter(pk=tip.pk).exists():
        return redirect(tip)
    return redirect(TIPS.url("list"))


@login_required
def tip_step(request, pk, step):
    tip = TIPS.get(request.user, pk)  # 404 first, so existence does not leak
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _require_change(request.user, tip)
    form = STEPS[step].form(request.POST, prefix=step.value, tip=tip, user=request.user)
    _submit(
        request,
        form,
        lambda data: STEPS[step].service(acting_user=request.user, tip=tip, **data),
        _("Done: {step}.").format(step=step.label),
    )
    return _after_step(request, tip)


def _submit(request, form, write, done):
    """A posted form of the tip's page: its data to `write` (a service call); the page then says
    `done`, or the form's or the service's refusal (field and reason)."""
    if not form.is_valid():
        messages.error(request, _error_text(form, form.errors))
        return
    try:
        write(form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _error_text(form, _errors_of(exc)))
    else:
        messages.success(request, done)


@login_required
def tip_message(request, pk):
    tip = TIPS.get(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _require_change(request.user, tip)
    form = MessageForm(request.POST, prefix="message")
    _submit(
        request,
        form,
        lambda data: message_services.tip_send_message(acting_user=request.user, tip=tip, **data),
        _("Message sent."),
    )
    return redirect(tip.get_absolute_url() + "#messages")


@never_cache
@login_required
@sensitive_variables("identity")
def tip_reveal(request, pk):
    """Read the reporter's identity once: on this response only, never cached, logged."""
    tip = TIPS.get(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    unverified = second_factor.demand(request, back=tip.get_absolute_url() + "#identity")
    if unverified is not None:
        return unverified
    form = RevealForm(request.POST, prefix="reveal")
    reason = request.POST.get("reveal-reason", "")
    try:
        identity = identity_services.tip_reveal_identity(
            acting_user=request.user, tip=tip, reason=reason
        )
    except ValidationError as exc:
        messages.error(request, _error_text(form, _errors_of(exc)))
        return redirect(tip.get_absolute_url() + "#identity")
    return render(request, "tips/reveal.html", {"tip": tip, "identity": identity})


ATTACHMENT_TYPES = {
    AttachmentKind.JPEG: ("image/jpeg", "jpg"),
    AttachmentKind.PNG: ("image/png", "png"),
    AttachmentKind.PDF: ("application/pdf", "pdf"),
}


@never_cache
@login_required
@sensitive_variables("content")
def tip_attachment(request, pk, attachment_pk):
    """Download one file the reporter sent, for a holder of the grant, with a reason; logged.
    Always a download (never shown inline), typed by its checked content, never cached."""
    tip = TIPS.get(request.user, pk)  # 404 first, so existence does not leak
    attachment = selectors.tip_attachment(tip, attachment_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    unverified = second_factor.demand(request, back=tip.get_absolute_url() + "#attachments")
    if unverified is not None:
        return unverified
    form = OpenAttachmentForm(request.POST, prefix="open")
    try:
        content = identity_services.tip_open_attachment(
            acting_user=request.user,
            tip=tip,
            attachment=attachment,
            reason=request.POST.get("open-reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, _error_text(form, _errors_of(exc)))
        return redirect(tip.get_absolute_url() + "#attachments")
    content_type, extension = ATTACHMENT_TYPES[attachment.kind]
    number = selectors.attachments_of(tip).filter(pk__lte=attachment.pk).count()
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{tip.code}-{number}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def reveal_list(request):
    """Every reading of a reporter's identity in the administrator's jurisdiction."""
    if not selectors.may_list_reveals(request.user):
        raise PermissionDenied
    page = Paginator(selectors.identity_reveals(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "tips/reveal_list.html", {"page": page})


@login_required
def tip_cameras(request, pk):
    """The camera sites near the tip's point at the chosen distance (htmx swaps it in)."""
    tip = TIPS.get(request.user, pk)
    metres = selectors.nearby_metres(request.GET.get("m"))
    context = {"object": tip, **nearby_context(request, tip, metres)}
    return render(request, "tips/_nearby_cameras_list.html", context)


@login_required
def tip_footage_request(request, pk):
    tip = TIPS.get(request.user, pk)  # 404 first, so existence does not leak
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _require_change(request.user, tip)
    form = FootageRequestForm(request.POST, prefix="footage", tip=tip, user=request.user)
    _submit(
        request,
        form,
        lambda data: footage_services.footage_request_create(
            acting_user=request.user, tip=tip, **data
        ),
        _("Footage request recorded."),
    )
    return redirect(tip.get_absolute_url() + "#footage")


@login_required
def tip_footage_answer(request, pk, request_pk):
    tip = TIPS.get(request.user, pk)
    footage = selectors.footage_request_get(tip, request_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _require_change(request.user, tip)
    form = FootageAnswerForm(request.POST, prefix=f"answer-{footage.pk}", tip=tip)
    _submit(
        request,
        form,
        lambda data: footage_services.footage_request_answer(
            acting_user=request.user, request=footage, **data
        ),
        _("Answer recorded."),
    )
    return redirect(tip.get_absolute_url() + "#footage")
