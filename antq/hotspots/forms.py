from django import forms
from django.utils.translation import gettext_lazy as _

from antq.core.forms import BootstrapFormMixin, ScopedModelForm
from antq.hotspots.choices import STATUS_TRANSITIONS, HotspotStatus
from antq.hotspots.models import Hotspot

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HotspotForm(ScopedModelForm):
    """A new hotspot may be recorded in any status (one settled before it was entered, say);
    afterwards the status changes only through the status form on the hotspot's page."""

    class Meta:
        model = Hotspot
        fields = ["area", "title", "kind", "opened_on", "status", "settled_on", "notes"]
        widgets = {
            "opened_on": DATE,
            "settled_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            del self.fields["status"]
            del self.fields["settled_on"]
        else:
            self.fields["settled_on"].help_text = _("Only for a hotspot already settled.")


class HotspotStatusForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("On"), required=False, widget=DATE)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to reopen a settled hotspot."),
    )

    def __init__(self, *args, hotspot: Hotspot, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = STATUS_TRANSITIONS[HotspotStatus(hotspot.status)]
        choices = HotspotStatus.choices if self.is_bound else [(s.value, s.label) for s in allowed]
        self.fields["status"].choices = choices
