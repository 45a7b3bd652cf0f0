from django import forms

from antq.cameras.models import CameraSite, FirePoint
from antq.core.forms import ScopedModelForm
from antq.core.scoping import Action
from antq.registry.models import Organisation

_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CameraSiteForm(ScopedModelForm):
    class Meta:
        model = CameraSite
        fields = [
            "area",
            "address",
            "latitude",
            "longitude",
            "owner_type",
            "owner_organisation",
            "household_contact",
            "heads",
            "connected",
            "retention_days",
            "installed_on",
            "status",
            "funding_source",
            "funding_amount",
            "footage_consent",
            "reconfirm_due_on",
        ]
        widgets = {"installed_on": _date, "reconfirm_due_on": _date}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["owner_organisation"].queryset = Organisation.objects.visible_to(
            user, Action.VIEW
        ).only("name")


class FirePointForm(ScopedModelForm):
    class Meta:
        model = FirePoint
        fields = [
            "area",
            "name",
            "address",
            "latitude",
            "longitude",
            "equipment",
            "last_inspected_on",
        ]
        widgets = {"last_inspected_on": _date, "equipment": forms.Textarea(attrs={"rows": 4})}
