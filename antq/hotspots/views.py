"""The status change of a hotspot (the other pages are the generic record pages)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from antq.core.scoping import Action, can
from antq.hotspots import services
from antq.hotspots.forms import HotspotStatusForm
from antq.hotspots.records import HOTSPOTS


def error_text(form, errors):
    """Errors as one line, each prefixed by its field's label."""

    def label(name):
        return form.fields[name].label if name in form.fields else ""

    return " ".join(
        f"{label(name)}: {message}" if label(name) else str(message)
        for name, messages_ in errors.items()
        for message in messages_
    )


@login_required
def change_status(request, pk):
    hotspot = HOTSPOTS.get(request.user, pk)  # 404 first, so existence does not leak
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not can(request.user, Action.CHANGE, hotspot.area):
        raise PermissionDenied
    form = HotspotStatusForm(request.POST, hotspot=hotspot)
    if form.is_valid():
        try:
            services.hotspot_set_status(
                acting_user=request.user, instance=hotspot, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(
                request, error_text(form, getattr(exc, "message_dict", {"__all__": exc.messages}))
            )
        else:
            messages.success(
                request,
                _("The hotspot is now “{status}”.").format(status=hotspot.get_status_display()),
            )
    else:
        messages.error(request, error_text(form, form.errors))
    return redirect(hotspot)
