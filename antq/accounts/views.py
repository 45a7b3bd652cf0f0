from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antq.accounts import selectors, services
from antq.accounts.forms import (
    OwnPasswordChangeForm,
    ProfileForm,
    ResetRequestForm,
    ResetSetPasswordForm,
)
from antq.accounts.lockout import client_address
from antq.audit import services as audit
from antq.audit.models import AuditAction
from antq.core import ratelimit
from antq.core.record_pages import refusal_text
from antq.core.records import as_id


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
