from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antq.accounts import selectors, services
from antq.core.records import as_id, refusal_text


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
