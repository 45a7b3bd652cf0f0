from django import forms
from django.utils.translation import gettext_lazy as _

from antq.areas.models import Area
from antq.core.forms import AreaPickField, BootstrapFormMixin
from antq.core.scoping import Action
from antq.movement.choices import TeamKind
from antq.notifications.choices import PHONE_CHANNELS, Kind
from antq.notifications.models import Preference


class PreferenceForm(BootstrapFormMixin, forms.ModelForm):
    muted_kinds = forms.MultipleChoiceField(
        label=_("Not sent beyond this list"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every notification is always listed here; these kinds are not e-mailed."),
    )

    class Meta:
        model = Preference
        fields = ["by_email", "by_sms", "by_zalo", "language", "muted_kinds"]

    def _post_clean(self):
        pass  # the service validates and saves


class AlertForm(BootstrapFormMixin, forms.Form):
    area = AreaPickField(label=_("Teams in"))
    team_kinds = forms.MultipleChoiceField(
        label=_("Kinds of team"), choices=TeamKind.choices, widget=forms.CheckboxSelectMultiple
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=[(c.value, c.label) for c in PHONE_CHANNELS],
        initial=[PHONE_CHANNELS[0].value],
        widget=forms.CheckboxSelectMultiple,
    )
    text_vi = forms.CharField(
        label=_("Text (Vietnamese)"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )
    text_en = forms.CharField(
        label=_("Text (English)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    text_ar = forms.CharField(
        label=_("Text (Arabic)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "rtl"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, Action.CHANGE)
