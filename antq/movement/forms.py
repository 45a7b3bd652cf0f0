from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.core.forms import BootstrapFormMixin, ScopedModelForm
from antq.core.scoping import Action
from antq.movement.choices import STATUS_TRANSITIONS, ModelStatus
from antq.movement.models import ModelCategory, MovementModel, Team, TeamMember
from antq.registry.models import Organisation

_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _organisations(user):
    return Organisation.objects.visible_to(user, Action.VIEW).only("name")


class MovementModelForm(ScopedModelForm):
    """Status is not here: it changes only through the status form on the model's page."""

    class Meta:
        model = MovementModel
        fields = [
            "area",
            "name",
            "category",
            "host_organisation",
            "started_on",
            "ended_on",
            "recognition_level",
            "recognised_on",
            "replicated_from",
        ]
        widgets = {"started_on": _date, "ended_on": _date, "recognised_on": _date}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        current = self.instance.category_id if self.instance.pk else None
        self.fields["category"].queryset = ModelCategory.objects.filter(
            Q(is_active=True) | Q(pk=current)
        )
        self.fields["host_organisation"].queryset = _organisations(user)
        sources = MovementModel.objects.visible_to(user, Action.VIEW).only("name")
        if self.instance.pk:
            sources = sources.exclude(pk=self.instance.pk)
        self.fields["replicated_from"].queryset = sources


class TeamForm(ScopedModelForm):
    class Meta:
        model = Team
        fields = [
            "area",
            "name",
            "kind",
            "movement_model",
            "host_organisation",
            "established_on",
            "dissolved_on",
        ]
        widgets = {"established_on": _date, "dissolved_on": _date}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["movement_model"].queryset = MovementModel.objects.visible_to(
            user, Action.VIEW
        ).only("name")
        self.fields["host_organisation"].queryset = _organisations(user)


class TeamMemberForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["full_name", "role_in_team", "phone", "joined_on", "left_on"]
        widgets = {
            "joined_on": _date,
            "left_on": _date,
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }

    def _post_clean(self):
        # services validate and save; the form only turns input into typed values
        pass


class ModelStatusForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("On"), required=False, widget=_date)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to terminate a model."),
    )

    def __init__(self, *args, model: MovementModel, **kwargs):
        super().__init__(*args, **kwargs)
        # offer the allowed moves; a posted value is judged by the service, which says why not
        allowed = STATUS_TRANSITIONS[ModelStatus(model.status)]
        choices = ModelStatus.choices if self.is_bound else [(s.value, s.label) for s in allowed]
        self.fields["status"].choices = choices
