from django import forms
from django.utils.translation import gettext_lazy as _

from antq.areas.models import Area
from antq.core.forms import BootstrapFormMixin
from antq.core.scoping import Action
from antq.registry.models import Organisation


class AreaPickField(forms.ModelChoiceField):
    """An area chosen with the search box beside it (a select of 14,000 units is no use)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Area"))
        super().__init__(queryset=Area.objects.all(), **kwargs)


class OrganisationForm(BootstrapFormMixin, forms.ModelForm):
    area = AreaPickField()

    class Meta:
        model = Organisation
        fields = ["name", "org_type", "area", "address", "phone", "email", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, Action.CHANGE)
        self.fields["area"].error_messages["invalid_choice"] = _(
            "Choose an area in your jurisdiction."
        )
