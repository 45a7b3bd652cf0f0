"""The public pages: report a crime, follow a report with its code and passphrase, and the
commune search the report form uses. No account: abuse is held off by a rate limit per client,
CSRF on every form and a size limit checked before the body is read.

Nothing the reporter types is logged: the pages answer POSTs (never put the code or the
passphrase in a URL), Django's error reports are told which fields are sensitive, and every
page is sent with Cache-Control: no-store.

Nothing on the server ties a reporter's request to their address or to an exact time: the
address is used only as a keyed hash by the rate limiter, and the sign-in to a tip is a signed
cookie held by the reporter's browser, not a session row (whose expiry and signed timestamp
would date each sign-in to the second, next to the tip's number).
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from antq.core import ratelimit
from antq.core.forms import apply_errors
from antq.portal import selectors, services
from antq.portal.forms import FollowForm, ReplyForm, ReportForm
from antq.tips.services import messages as message_services

SENSITIVE = ("code", "passphrase", "reporter_name", "reporter_contact")
SIGN_IN_COOKIE = "antq_portal_tip"
SIGNING_SALT = "antq.portal.follow"
SIGN_IN_SECONDS = 30 * 60
# the files (3 × 5 MB) and the form's text, with room for the multipart framing
MAX_REQUEST_BYTES = services.MAX_ATTACHMENTS * services.MAX_ATTACHMENT_BYTES + 256 * 1024


def _refused(request, status, message):
    return render(request, "portal/refused.html", {"message": message}, status=status)


class InMemoryUploads(MemoryFileUploadHandler):
    """Keeps every uploaded file in memory, whatever its size. Django's default handlers write a
    file over 2.5 MB to a temporary file in clear; a reporter's photo may show who they are, so
    it touches the disk only encrypted (antq.tips.storage). Memory stays bounded: the request's
    size is checked before the body is read (MAX_REQUEST_BYTES)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True


def _too_many_from_address(request):
    return _refused(
        request,
        429,
        _("Too many attempts from your connection. Please wait a few minutes and try again."),
    )


def guarded(scope=None, *, uploads=False):
    """On a POST: refuse a body over the size limit (413) and, with a `scope`, a client over its
    rate (429) before anything reads the body, then check CSRF. The view is exempted from the CSRF
    middleware only so that those two checks come first (and, with `uploads`, so that the files
    are read by InMemoryUploads); csrf_protect then runs the same check."""

    def decorate(view):
        protected = csrf_protect(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                try:
                    length = int(request.META.get("CONTENT_LENGTH") or 0)
                except ValueError:
                    length = 0
                if length > MAX_REQUEST_BYTES:
                    return _refused(
                        request,
                        413,
                        _("What you sent is too large: at most {n} files of {mb} MB each.").format(
                            n=services.MAX_ATTACHMENTS,
                            mb=services.MAX_ATTACHMENT_BYTES // (1024 * 1024),
                        ),
                    )
                if scope and not ratelimit.hit(scope, ratelimit.client_ip(request)):
                    return _too_many_from_address(request)
                if uploads:
                    request.upload_handlers = [InMemoryUploads(request)]
            return protected(request, *args, **kwargs)

        return csrf_exempt(wrapper)

    return decorate


@never_cache
@sensitive_post_parameters(*SENSITIVE)
@require_http_methods(["GET", "POST"])
@guarded("submit", uploads=True)
@sensitive_variables("data", "submitted")
def report(request):
    """The report form; on a valid POST the tip is stored (committed) before the page shows its
    code and passphrase, once."""
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            submitted = services.report_submit(**data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return render(
                request,
                "portal/submitted.html",
                {
                    "code": submitted.tip.code,
                    "passphrase": submitted.passphrase,
                    "due_on": submitted.tip.due_on,
                },
            )
    picked = form["area"].value()
    picked_area = (
        selectors.communes_in_force().filter(pk=picked).first()
        if str(picked or "").isdigit()
        else None
    )
    return render(
        request,
        "portal/report.html",
        {
            "form": form,
            "picked_area": picked_area,
            "point_fields": [form["latitude"], form["longitude"]],
            "tile_url": settings.ANTQ_TILE_URL,
        },
        status=422 if form.errors else 200,
    )


@require_GET
def area_search(request):
    """The report form's search: today's communes and wards by name, nothing else."""
    return render(
        request,
        "portal/_areas.html",
        {"results": selectors.commune_search(request.GET.get("q", ""))},
    )


def _signed_in_tip(request):
    try:
        pk = request.get_signed_cookie(SIGN_IN_COOKIE, salt=SIGNING_SALT, max_age=SIGN_IN_SECONDS)
    except (KeyError, signing.BadSignature):
        return None
    return selectors.signed_in_tip(pk)


def _sign_in(response, tip):
    """The sign-in lives in the reporter's browser for SIGN_IN_SECONDS; leaving deletes it."""
    response.set_signed_cookie(
        SIGN_IN_COOKIE,
        tip.pk,
        salt=SIGNING_SALT,
        max_age=SIGN_IN_SECONDS,
        path="/report/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


@sensitive_variables("code", "passphrase")
def _check_access(request, form):
    """The tip, or a response refusing the sign-in. A wrong code or passphrase counts against
    the address and against the code; a right one is let in even when the address is over its
    limit, but not once the code itself has had too many wrong passphrases. The price: an
    address over its limit still costs one passphrase hash (about 20 ms) per attempt."""
    code = services.normalise(form.cleaned_data["code"])
    if not ratelimit.allows("guess", code):
        return None, _refused(
            request,
            429,
            _("Too many wrong passphrases were entered for this code. Please try again later."),
        )
    address = ratelimit.client_ip(request)
    address_allowed = ratelimit.allows("follow", address)
    try:
        return services.reporter_sign_in(**form.cleaned_data), None
    except services.WrongAccess:
        ratelimit.hit("guess", code)
        if not address_allowed or not ratelimit.hit("follow", address):
            return None, _too_many_from_address(request)
    form.add_error(None, _("The code or the passphrase is wrong."))
    return None, None


@never_cache
@sensitive_post_parameters(*SENSITIVE)
@require_http_methods(["GET", "POST"])
@guarded()
@sensitive_variables("form")
def follow(request):
    """Sign in to one tip with its code and passphrase; then its status and messages."""
    if request.method == "POST":
        form = FollowForm(request.POST)
        if form.is_valid():
            tip, refused = _check_access(request, form)
            if refused is not None:
                return refused
            if tip is not None:
                return _sign_in(redirect("portal:follow"), tip)
        return render(request, "portal/follow.html", {"form": form}, status=422)
    tip = _signed_in_tip(request)
    if tip is None:
        return render(request, "portal/follow.html", {"form": FollowForm()})
    return render(
        request,
        "portal/follow.html",
        {"view": selectors.reporter_view(tip), "reply_form": ReplyForm()},
    )


@never_cache
@require_POST
@guarded("reply")
def reply(request):
    tip = _signed_in_tip(request)
    if tip is None:
        messages.error(request, _("Your session has ended: enter the code and passphrase again."))
        return redirect("portal:follow")
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            message_services.tip_reporter_reply(tip=tip, body=form.cleaned_data["body"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your message was sent to the unit."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("portal:follow")


@never_cache
@require_POST
@csrf_protect
def leave(request):
    response = redirect("portal:follow")
    response.delete_cookie(SIGN_IN_COOKIE, path="/report/", samesite="Strict")
    return response
