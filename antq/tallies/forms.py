from django import forms
from django.utils.translation import gettext_lazy as _

from antq.core.forms import AreaPickField, BootstrapFormMixin, ScopedModelForm
from antq.tallies.choices import COUNT_FIELDS, TIP_COUNT_FIELDS
from antq.tallies.models import NO_NAMES, MonthlyTally
from antq.tallies.months import MonthField


class MonthlyTallyForm(ScopedModelForm):
    """Status and its dates are not here: they change only through the workflow's steps."""

    month = MonthField(label=_("Month"), help_text=_("The month the figures are for."))

    class Meta:
        model = MonthlyTally
        fields = ["area", "month", *COUNT_FIELDS, *TIP_COUNT_FIELDS, "notes"]
        widgets = {
            name: forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"})
            for name in (*COUNT_FIELDS, *TIP_COUNT_FIELDS)
        } | {"notes": forms.Textarea(attrs={"rows": 3})}


class ReasonForm(BootstrapFormMixin, forms.Form):
    """The reason of a return or an unapproval (the service refuses an empty one)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=NO_NAMES,
    )


class FiguresForm(BootstrapFormMixin, forms.Form):
    """The area and period of the figures page, as ?area=&from=&to= (months as YYYY-MM)."""

    area = AreaPickField(required=False)
    approved_only = forms.BooleanField(label=_("Approved tallies only"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        from antq.areas.models import Area
        from antq.core.scoping import Action

        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, Action.VIEW)
        # "from" and "to" are the names in the address; Python cannot declare them as attributes
        self.fields["from"] = MonthField(label=_("From month"), required=False)
        self.fields["to"] = MonthField(label=_("To month"), required=False)
        for name in ("from", "to"):
            self.fields[name].widget.attrs["class"] = "form-control"
        self.order_fields(["area", "from", "to", "approved_only"])

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", _("The period ends before it begins."))
        return data
