from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.areas.models import Area
from antq.core.forms import AreaPickField, BootstrapFormMixin, ScopedModelForm
from antq.core.scoping import Action
from antq.reporting.choices import UnitState
from antq.reporting.models import Obligation
from antq.tallies.months import MonthField


class CompletenessForm(BootstrapFormMixin, forms.Form):
    """?area=&month=&state= of the approver's page (the month as YYYY-MM)."""

    area = AreaPickField(required=False)
    month = MonthField(label=_("Month"), required=False)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All"))] + UnitState.choices
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, Action.VIEW)

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month and month > timezone.localdate().replace(day=1):
            raise forms.ValidationError(_("This month has not begun yet."))
        return month


class ObligationForm(ScopedModelForm):
    """A unit added to the units that report, or exempted (administrators)."""

    class Meta:
        model = Obligation
        fields = ["area", "kind", "exempt", "valid_from", "valid_to", "reason"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, Action.ADMINISTER)
