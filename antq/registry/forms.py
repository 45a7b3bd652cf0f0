from django import forms

from antq.core.forms import ScopedModelForm
from antq.registry.models import Organisation


class OrganisationForm(ScopedModelForm):
    class Meta:
        model = Organisation
        fields = ["area", "name", "org_type", "address", "phone", "email", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
