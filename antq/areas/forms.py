from django import forms
from django.utils.translation import gettext_lazy as _

from antq.areas.choices import (
    ALLOWED_PARENT_LEVELS,
    LEVEL_TYPES,
    VILLAGE_TYPES,
    AreaType,
    SuccessionKind,
)
from antq.areas.imports import MAX_UPLOAD_MB
from antq.areas.models import Area
from antq.core.forms import BootstrapFormMixin
from antq.core.scoping import Action


class VillageForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=200)
    area_type = forms.ChoiceField(
        label=_("Type"),
        choices=[(t.value, t.label) for t in AreaType if t in VILLAGE_TYPES],
        initial=AreaType.VILLAGE,
    )


class VillageImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: code, name, parent_code (the commune's code), and optionally type, "
            "valid_from, valid_to and valid_on (a day the commune was in force)."
        ),
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return f


class UnitsImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than {n} MB.").format(n=MAX_UPLOAD_MB)
            )
        return f


class UnitForm(BootstrapFormMixin, forms.Form):
    """A unit added by an administrator under `parent`: today's, or one that no longer exists."""

    level = forms.TypedChoiceField(label=_("Level"), coerce=int)
    area_type = forms.ChoiceField(label=_("Type"))
    code = forms.CharField(label=_("Official code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=200)
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label=_("Valid to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a unit that exists today."),
    )

    def __init__(self, *args, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        levels = [lv for lv, parents in ALLOWED_PARENT_LEVELS.items() if parent.level in parents]
        self.fields["level"].choices = [(lv.value, lv.label) for lv in levels]
        self.fields["area_type"].choices = [
            (t.value, t.label) for lv in levels for t in LEVEL_TYPES[lv]
        ]


class SuccessionForm(BootstrapFormMixin, forms.Form):
    successor = forms.ModelChoiceField(
        label=_("New unit"),
        queryset=Area.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("Choose an area in your jurisdiction."),
            "required": _("Choose the unit it became."),
        },
    )
    kind = forms.ChoiceField(label=_("Kind of change"), choices=SuccessionKind.choices)
    is_default = forms.BooleanField(
        label=_("Main successor"),
        required=False,
        initial=True,
        help_text=_("Where an old unit was divided, the new unit its figures are counted under."),
    )
    effective_on = forms.DateField(
        label=_("Effective on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = Area.objects.visible_to(user, Action.ADMINISTER)
