import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from antq.accounts import second_factor, selectors, services
from antq.accounts.forms import (
    OtpCodeForm,
    OwnPasswordChangeForm,
    PeopleFilterForm,
    PersonForm,
    ProfileForm,
    ResetRequestForm,
    ResetSetPasswordForm,
    RoleForm,
)
from antq.accounts.lockout import client_address
from antq.areas.models import Area
from antq.audit import services as audit
from antq.audit.models import AuditAction
from antq.core import ratelimit
from antq.core.forms import apply_errors, own_unit
from antq.core.record_pages import refusal_text
from antq.core.records import as_id
from antq.core.scoping import Action


@login_required
def token_list(request):
    """The user's own API tokens, each revocable."""
    return render(request, "accounts/tokens.html", {"tokens": selectors.own_tokens(request.user)})


@login_required
@require_POST
def token_revoke(request, pk):
    services.token_revoke(acting_user=request.user, token_id=pk)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:tokens")


@login_required
def lockout_list(request):
    """Failed sign-ins still counted, for the administrators who may lift them."""
    if not selectors.may_unlock(request.user):
        raise PermissionDenied
    page = Paginator(selectors.current_attempts(request.user), 50).get_page(
        as_id(request.GET.get("page")) or 1
    )
    return render(
        request,
        "accounts/lockouts.html",
        {
            "page": page,
            "may_unlock_addresses": selectors.may_unlock_addresses(request.user),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
    )


@login_required
@require_POST
def lockout_release(request):
    try:
        services.lockout_release(
            acting_user=request.user,
            username=request.POST.get("username", ""),
            ip_address=request.POST.get("ip_address", ""),
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("Unlocked."))
    return redirect("accounts:lockouts")


@login_required
def profile(request):
    """The user's own name, rank, position and phone, by which pages name them where they acted."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(acting_user=request.user, form=form)
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"request": self.request}

    def form_valid(self, form):
        form.user._acting_user = self.request.user  # names them in the tokens' revocation
        response = super().form_valid(form)  # saving revokes the user's API tokens
        audit.record(
            action=AuditAction.PASSWORD_CHANGED,
            user=self.request.user,
            target_user=self.request.user,
            address=client_address(self.request),
        )
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an e-mail address and always answers the same way, whether an account has it or
    not. Requests are limited per client address and, separately, per address asked for."""

    form_class = ResetRequestForm
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_email_context = {"site_name": "antq"}

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if not (
            ratelimit.hit("reset_address", client_address(self.request))
            and ratelimit.hit("reset_email", email)
        ):
            form.add_error(None, _("Too many reset requests. Try again later."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        for user in form.get_users(email):
            audit.record(
                action=AuditAction.PASSWORD_RESET_REQUESTED,
                target_user=user,
                username=user.get_username(),
                address=client_address(self.request),
            )
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Sets the new password; it does not sign the user in, so the next sign-in goes through
    django-axes like any other (a locked-out account stays locked)."""

    form_class = ResetSetPasswordForm
    post_reset_login = False
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # the holder of the link set it: named in the tokens' revocation
        form.user._acting_user = self.user
        response = super().form_valid(form)  # saving revokes the user's API tokens
        audit.record(
            action=AuditAction.PASSWORD_RESET,
            target_user=self.user,
            username=self.user.get_username(),
            address=client_address(self.request),
        )
        return response


def _administrator(request):
    if not selectors.may_unlock(request.user):  # administers some area
        raise PermissionDenied


def _picked(user, value):
    pk = as_id(value)
    return Area.objects.visible_to(user, Action.ADMINISTER).filter(pk=pk).first() if pk else None


@login_required
def people_list(request):
    """The accounts of the areas one administers, filtered by area, role, active, last sign-in."""
    _administrator(request)
    form = PeopleFilterForm(request.GET or None, user=request.user)
    people = selectors.people_list(request.user, **form.filters())
    page = Paginator(people, 50).get_page(as_id(request.GET.get("page")) or 1)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/people_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "picked_area": _picked(request.user, form["area"].value()),
        },
    )


@login_required
def person_new(request):
    _administrator(request)
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.user_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The account was created. Give it a role and a link."))
            return redirect("accounts:person", pk=person.pk)
    return render(
        request,
        "accounts/person_form.html",
        {"form": form, "picked_area": _picked(request.user, form["unit"].value())},
        status=422 if form.errors else 200,
    )


@login_required
def person_detail(request, pk):
    """One person: their details (editable), roles (granted and removed here), activity and the
    one-time link to set a password."""
    person = selectors.person_get(request.user, pk)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(acting_user=request.user, user=person, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:person", pk=person.pk)
    return _person_page(request, person, form=form)


def _role_form(request, person):
    """The form that gives a role, its area starting at the person's unit (where the role is
    most often given) when the administrator administers it, else at their own unit."""
    unit_id = person.unit_id if _picked(request.user, person.unit_id) else None
    unit_id = unit_id or own_unit(request.user, Action.ADMINISTER)
    return RoleForm(user=request.user, initial={"area": unit_id} if unit_id else None)


def _person_page(request, person, *, form=None, role_form=None, link=None):
    form = form or PersonForm(instance=person, user=request.user)
    role_form = role_form or _role_form(request, person)
    return render(
        request,
        "accounts/person.html",
        {
            "person": person,
            "form": form,
            "role_form": role_form,
            "roles": person.roles.select_related("area").order_by("area__path"),
            "link": link,
            "picked_area": _picked(request.user, form["unit"].value()),
            "picked_role_area": _picked(request.user, role_form["area"].value()),
        },
        status=422 if form.errors or role_form.errors else 200,
    )


@login_required
@require_POST
def person_role_grant(request, pk):
    person = selectors.person_get(request.user, pk)
    role_form = RoleForm(request.POST, user=request.user)
    if role_form.is_valid():
        try:
            services.role_grant(acting_user=request.user, user=person, **role_form.cleaned_data)
        except ValidationError as exc:
            apply_errors(role_form, exc)
        except PermissionDenied as exc:
            role_form.add_error(None, str(exc))
        else:
            messages.success(request, _("The role was given."))
            return redirect("accounts:person", pk=person.pk)
    return _person_page(request, person, role_form=role_form)


@login_required
@require_POST
def person_role_revoke(request, pk, role_pk):
    person = selectors.person_get(request.user, pk)
    assignment = get_object_or_404(person.roles.select_related("area", "user"), pk=role_pk)
    try:
        services.role_revoke(acting_user=request.user, assignment=assignment)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("The role was removed."))
    return redirect("accounts:person", pk=person.pk)


@login_required
@require_POST
def person_active(request, pk):
    person = selectors.person_get(request.user, pk)
    try:
        services.user_set_active(
            acting_user=request.user, user=person, active=request.POST.get("active") == "1"
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, refusal_text(exc))
    return redirect("accounts:person", pk=person.pk)


@login_required
@require_http_methods(["GET", "POST"])
def person_link(request, pk):
    """Issue the one-time link to set a password: shown on this page once (it is not kept), or
    e-mailed to the person. Coming back to it (a reload, a change of language) leads to the
    person's page: the link is not shown again."""
    person = selectors.person_get(request.user, pk)
    if request.method == "GET":
        return redirect("accounts:person", pk=person.pk)
    send = request.POST.get("send") == "1"
    try:
        link = services.password_link_issue(
            acting_user=request.user,
            user=person,
            base_url=request.build_absolute_uri("/"),
            send=send,
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, refusal_text(exc))
        return redirect("accounts:person", pk=person.pk)
    if send:
        messages.success(request, _("The link was e-mailed to the person."))
        return redirect("accounts:person", pk=person.pk)
    return _person_page(request, person, link=link)


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("home")


@login_required
def otp_verify(request):
    """After the password, the second factor: a code from the authenticator or a recovery
    code."""
    if request.user.is_verified():
        return redirect(_next(request))
    if not second_factor.has_device(request.user):
        return redirect(reverse("accounts:otp-setup") + "?" + urlencode({"next": _next(request)}))
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.verify(request=request, code=form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error("code", _("This code is not valid. Try the next one."))
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": _next(request)},
        status=422 if form.errors else 200,
    )


@login_required
def otp_setup(request):
    """Set up the authenticator: scan the QR code (drawn here), confirm with a first code, and
    keep the recovery codes shown once. A session already verified may set up a new one (the
    old one and its recovery codes then end)."""
    if second_factor.has_device(request.user) and not request.user.is_verified():
        return redirect(reverse("accounts:otp-verify") + "?" + urlencode({"next": _next(request)}))
    device = second_factor.pending_totp(request.user)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.enrol(request=request, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            return render(
                request, "accounts/otp_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error("code", _("This code is not valid. Try the next one."))
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": second_factor.qr_svg_data_uri(device),
            "secret": base64.b32encode(device.bin_key).decode(),
            "required": second_factor.required_for(request.user),
            "next": _next(request),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def person_otp_reset(request, pk):
    person = selectors.person_get(request.user, pk)
    try:
        services.second_factor_reset(acting_user=request.user, user=person)
    except PermissionDenied as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("The second factor was removed."))
    return redirect("accounts:person", pk=person.pk)
