from django import forms
from django.utils.translation import gettext_lazy as _

from antq.areas.choices import VILLAGE_TYPES, AreaType
from antq.core.forms import BootstrapFormMixin


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
        help_text=_("Columns: code, name, parent_code (the commune's code), type (optional)."),
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return f
