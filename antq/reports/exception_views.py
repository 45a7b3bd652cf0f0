"""The lock exceptions' pages: the list, granting one (an approver above the unit), one
exception with its history and the writes it let through, and revoking it. Thin: the writes
are reports/services.py, the reads reports/selectors.py."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from antq.areas.models import Area
from antq.core.forms import AreaPickField, BootstrapFormMixin, apply_errors
from antq.core.records import as_id
from antq.core.scoping import Action, can_at_higher_level
from antq.core.selectors import history_for
from antq.reports import selectors, services
from antq.tallies.months import MonthField


class ExceptionForm(BootstrapFormMixin, forms.Form):
    area = AreaPickField(label=_("Unit"))
    month = MonthField(label=_("Month"))
    ends_on = forms.DateField(
        label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, Action.VIEW)


class RevokeForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


@login_required
def exception_list(request):
    """The lock exceptions of the user's jurisdiction, newest first."""
    exceptions = selectors.lock_exception_list(request.user)[:200]
    return render(request, "reports/exception_list.html", {"exceptions": exceptions})


@login_required
def exception_grant(request):
    """Grant a lock exception: one unit and month, a reason and an end date."""
    form = ExceptionForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                exception = services.lock_exception_grant(
                    acting_user=request.user, **form.cleaned_data
                )
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                status = 403
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 422
            else:
                messages.success(request, _("The lock exception is granted."))
                return redirect(exception.get_absolute_url())
        else:
            status = 422
    picked = as_id(form["area"].value())
    picked_area = (
        Area.objects.visible_to(request.user).filter(pk=picked).first() if picked else None
    )
    context = {"form": form, "picked_area": picked_area}
    return render(request, "reports/exception_form.html", context, status=status)


@login_required
def exception_detail(request, pk):
    """One exception: what it reopens, until when, why, the writes it let through, its history."""
    exception = selectors.lock_exception_get(request.user, pk)
    context = {
        "exception": exception,
        "writes": exception.writes.select_related("area", "by", "content_type"),
        "history": history_for(exception, request.user),
        "may_revoke": exception.revoked_at is None
        and can_at_higher_level(request.user, Action.APPROVE, exception.area),
        "form": RevokeForm(),
    }
    return render(request, "reports/exception_detail.html", context)


@login_required
@require_POST
def exception_revoke(request, pk):
    exception = selectors.lock_exception_get(request.user, pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.lock_exception_revoke(
                acting_user=request.user, instance=exception, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The lock exception is revoked."))
            return redirect(exception.get_absolute_url())
    context = {
        "exception": exception,
        "writes": exception.writes.select_related("area", "by", "content_type"),
        "history": history_for(exception, request.user),
        "may_revoke": True,
        "form": form,
    }
    return render(request, "reports/exception_detail.html", context, status=422)
