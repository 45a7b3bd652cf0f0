from datetime import date, timedelta

from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from antq.activities.choices import ActivityKind
from antq.activities.forms import DATE, KindSelect, organisations_field
from antq.activities.models import Activity
from antq.areas.choices import AreaLevel
from antq.areas.models import Area, active_on_q
from antq.core.forms import BootstrapFormMixin, ScopedModelForm
from antq.core.scoping import Action
from antq.honours.models import Commendation, EmulationAgreement
from antq.movement.models import Team

PRESENTING_KINDS = (
    ActivityKind.FESTIVAL_DAY,
    ActivityKind.PRELIMINARY_REVIEW,
    ActivityKind.FINAL_REVIEW,
    ActivityKind.AGREEMENT_SIGNING,
    ActivityKind.OTHER,
)
ACTIVITY_YEARS = 3


class AreaChoices(forms.ModelMultipleChoiceField):
    """Communes and villages that the user may see, each named with its commune so that the many
    "Thôn 1" can be told apart: those in force on `day` (the agreement's signing day: former
    units of the user's jurisdiction, for an agreement of their time) and the units in `keep`
    (the parties it has); without a day, every unit, today's and the former ones, each former
    one with the day it ended. The service refuses a party not in force on the signing day."""

    def __init__(self, *, user, day=None, keep=(), **kwargs):
        queryset = Area.objects.visible_to(user, Action.VIEW).filter(
            level__in=(AreaLevel.COMMUNE, AreaLevel.VILLAGE)
        )
        if day is not None:
            queryset = queryset.filter(active_on_q(day) | Q(pk__in=list(keep)))
        super().__init__(queryset=queryset.order_by("path"), **kwargs)
        self._parents = None

    def label_from_instance(self, obj):
        if self._parents is None:
            paths = {a.path[: -Area.steplen] for a in self.queryset if a.level == AreaLevel.VILLAGE}
            self._parents = dict(Area.objects.filter(path__in=paths).values_list("path", "name"))
        parent = (
            self._parents.get(obj.path[: -Area.steplen]) if obj.level == AreaLevel.VILLAGE else None
        )
        name = f"{obj.name} · {parent}" if parent else obj.name
        if obj.valid_to is not None and obj.valid_to < date.today():
            return gettext("{name} (until {day})").format(
                name=name, day=obj.valid_to.strftime("%d/%m/%Y")
            )
        return name


def recent_activities(user, current=None):
    """Activities where commendations are presented or agreements signed, of the last years."""
    since = date.today() - timedelta(days=366 * ACTIVITY_YEARS)
    qs = Activity.objects.visible_to(user, Action.VIEW).filter(
        kind__in=PRESENTING_KINDS, held_on__gte=since
    )
    if current is not None:
        qs = Activity.objects.visible_to(user, Action.VIEW).filter(
            Q(pk=current) | Q(pk__in=qs.values("pk"))
        )
    return qs.only("title", "held_on").order_by("-held_on", "-id")


class ActivityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "{day} · {title}".format(day=obj.held_on.strftime("%d/%m/%Y"), title=obj.title)


class EmulationAgreementForm(ScopedModelForm):
    class Meta:
        model = EmulationAgreement
        fields = [
            "area",
            "title",
            "organisations",
            "party_areas",
            "signed_on",
            "period_from",
            "period_to",
            "targets",
            "activity",
        ]
        widgets = {
            "signed_on": DATE,
            "period_from": DATE,
            "period_to": DATE,
            "targets": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        organisations_field(self, "organisations", user)
        field = self.fields["party_areas"]
        # the units in force on the signing day: once the form is sent, any the user may see (the
        # service says which was not in force that day); a new agreement's blank form offers
        # today's and the former ones, an agreement's form those of its day and its parties
        day = None if self.is_bound else self.initial.get("signed_on") or self.instance.signed_on
        keep = self.instance.party_areas.values_list("pk", flat=True) if self.instance.pk else ()
        self.fields["party_areas"] = AreaChoices(
            user=user,
            day=day if isinstance(day, date) else None,
            keep=keep,
            label=field.label,
            required=False,
            help_text=field.help_text,
        )
        self.fields["party_areas"].widget.attrs.update({"size": 8, "class": "form-select"})
        self.fields["party_areas"].help_text = self.fields["organisations"].help_text
        self.fields["activity"] = ActivityChoice(
            queryset=recent_activities(user, self.instance.activity_id),
            label=self.fields["activity"].label,
            required=False,
        )
        self.fields["activity"].widget.attrs["class"] = "form-select"


class CommendationForm(ScopedModelForm):
    """The decision is not here: an approver records it when approving. An approved
    commendation is changed by an administrator only, with a reason."""

    period_year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1945,
        max_value=2200,
        help_text=_("A whole year, or give the period from … to … below."),
    )

    class Meta:
        model = Commendation
        fields = [
            "area",
            "recipient_kind",
            "recipient_organisation",
            "recipient_team",
            "recipient_name",
            "recipient_position",
            "award_form",
            "form_other",
            "authority_level",
            "authority_name",
            "period_year",
            "period_from",
            "period_to",
            "achievement",
            "activity",
        ]
        widgets = {
            "recipient_kind": KindSelect,
            "period_from": DATE,
            "period_to": DATE,
            "achievement": forms.Textarea(attrs={"rows": 3}),
            "recipient_name": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["period_from"].required = False
        self.fields["period_to"].required = False
        organisations = self.fields["recipient_organisation"]
        organisations_field(self, "recipient_organisation", user)
        organisations.widget.attrs.pop("size", None)
        organisations.help_text = ""
        self.fields["recipient_team"].queryset = Team.objects.visible_to(user, Action.VIEW).only(
            "name"
        )
        self.fields["activity"] = ActivityChoice(
            queryset=recent_activities(user, self.instance.activity_id),
            label=self.fields["activity"].label,
            required=False,
        )
        self.fields["activity"].widget.attrs["class"] = "form-select"
        for name, kind in (
            ("recipient_organisation", "organisation"),
            ("recipient_team", "team"),
            ("recipient_name", "individual"),
            ("recipient_position", "individual"),
        ):
            self.fields[name].widget.attrs["data-kind-only"] = kind
        if self.instance.pk and self.instance.is_locked:
            self.fields["decision_number"] = forms.CharField(
                label=Commendation._meta.get_field("decision_number").verbose_name,
                max_length=100,
            )
            self.fields["decision_date"] = forms.DateField(
                label=Commendation._meta.get_field("decision_date").verbose_name, widget=DATE
            )
            self.fields["reason"] = forms.CharField(
                label=_("Reason for changing an approved commendation"),
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            for name in ("decision_number", "decision_date", "reason"):
                self.fields[name].widget.attrs["class"] = "form-control"
                if name != "reason":
                    self.initial[name] = getattr(self.instance, name)

    def clean(self):
        data = super().clean()
        if not data.get("period_year") and not (data.get("period_from") and data.get("period_to")):
            if "period_year" not in self.errors:
                self.add_error("period_year", _("Give the year, or the period from … to …."))
        return data


class ApproveForm(BootstrapFormMixin, forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE)


class RejectForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RenominateForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("What was corrected"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
