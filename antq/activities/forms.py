from django import forms
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from antq.activities.choices import DIALOGUE_PARTIES, FESTIVAL_PARTS
from antq.activities.models import Activity, CoordinationRegulation, SecuredEvent
from antq.core.forms import AreaPickField, BootstrapFormMixin, ScopedModelForm
from antq.core.scoping import Action
from antq.registry.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COUNT = forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"})


def organisations_field(form, name, user):
    """A multiple choice among the organisations the user may see (the service checks again)."""
    field = form.fields[name]
    field.queryset = Organisation.objects.visible_to(user, Action.VIEW).only("name")
    field.widget.attrs["size"] = 8
    field.help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")


class KindSelect(forms.Select):
    """The kind of an activity; its script shows the fields of the chosen kind only."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {}), "data-kind-select": "1"}
        script = format_html(
            '<script src="{}" defer></script>', static("activities/kind-fields.js")
        )
        return super().render(name, value, attrs, renderer) + script


class ActivityForm(ScopedModelForm):
    class Meta:
        model = Activity
        fields = [
            "area",
            "kind",
            "title",
            "held_on",
            "participants",
            "organisers",
            *(name for name, _label in DIALOGUE_PARTIES),
            "other_parties",
            *(name for name, _label in FESTIVAL_PARTS),
            "notes",
        ]
        widgets = {
            "kind": KindSelect,
            "held_on": DATE,
            "participants": COUNT,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        organisations_field(self, "organisers", user)
        for name, _label in DIALOGUE_PARTIES:
            self.fields[name].widget.attrs["data-kind-only"] = "dialogue"
        self.fields["other_parties"].widget.attrs["data-kind-only"] = "dialogue"
        for name, _label in FESTIVAL_PARTS:
            self.fields[name].widget.attrs["data-kind-only"] = "festival_day"


class SecuredEventForm(ScopedModelForm):
    class Meta:
        model = SecuredEvent
        fields = [
            "area",
            "held_on",
            "kind",
            "name",
            "scale",
            "incidents_occurred",
            "incident_description",
            "notes",
        ]
        widgets = {
            "held_on": DATE,
            "scale": COUNT,
            "incident_description": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class CoordinationRegulationForm(ScopedModelForm):
    class Meta:
        model = CoordinationRegulation
        fields = [
            "area",
            "number",
            "title",
            "parties",
            "signed_on",
            "review_on",
            "ended_on",
            "scope",
        ]
        widgets = {
            "signed_on": DATE,
            "review_on": DATE,
            "ended_on": DATE,
            "scope": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        organisations_field(self, "parties", user)
        self.fields["parties"].required = True


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("File (JPEG, PNG or PDF, at most 10 MB)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".jpg,.jpeg,.png,.pdf"


class PeriodForm(BootstrapFormMixin, forms.Form):
    """The area and period of a figures page: ?area=&from=&to= (days, both included)."""

    area = AreaPickField(required=False)

    def __init__(self, *args, user=None, **kwargs):
        from antq.areas.models import Area

        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, Action.VIEW)
        # "from" and "to" are the names in the address; Python cannot declare them as attributes
        self.fields["from"] = forms.DateField(label=_("First day"), required=False, widget=DATE)
        self.fields["to"] = forms.DateField(label=_("Last day"), required=False, widget=DATE)
        for name in ("from", "to"):
            self.fields[name].widget.attrs["class"] = "form-control"
        self.order_fields(["area", "from", "to"])

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", _("The period ends before it begins."))
        return data
