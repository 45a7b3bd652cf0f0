from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.areas.models import Area
from antq.core.forms import AreaPickField, BootstrapFormMixin, ScopedModelForm
from antq.core.scoping import Action
from antq.tips.choices import FootageOutcome
from antq.tips.models import HANDLING_LEVELS, Tip, TipCategory
from antq.tips.selectors import NEARBY_METRES, assignable_officers, footage_sites

_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_time = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
_degrees = forms.NumberInput(attrs={"step": "any", "inputmode": "decimal", "dir": "ltr"})


class NoEchoInput(forms.TextInput):
    """A text box that never sends its value back: a form shown again after an error does not
    carry the reporter's identity in the page."""

    def format_value(self, value):
        return None


class TipForm(ScopedModelForm):
    """Entry and correction of a tip. The reporter's identity is asked for on entry only."""

    place_area = AreaPickField(label=_("Area where it happened"), required=False)
    reporter_name = forms.CharField(
        label=_("Reporter's name"),
        required=False,
        max_length=200,
        help_text=_(
            "Optional. Stored encrypted; shown only to holders of the grant, and every reading "
            "is logged. After an error, type it again: it is not sent back to the page."
        ),
        widget=NoEchoInput(attrs={"autocomplete": "off"}),
    )
    reporter_contact = forms.CharField(
        label=_("Reporter's contact"),
        required=False,
        max_length=200,
        help_text=_("Optional: phone, e-mail or address. Stored encrypted."),
        widget=NoEchoInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = Tip
        fields = [
            "area",
            "legal_kind",
            "channel",
            "category",
            "received_on",
            "occurred_on",
            "occurred_time",
            "occurred_place",
            "place_area",
            "latitude",
            "longitude",
            "summary",
        ]
        widgets = {
            "received_on": _date,
            "occurred_on": _date,
            "occurred_time": _time,
            "latitude": _degrees,
            "longitude": _degrees,
            "summary": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        current = self.instance.category_id if self.instance.pk else None
        self.fields["category"].queryset = TipCategory.objects.filter(
            Q(is_active=True) | Q(pk=current)
        )
        self.fields["place_area"].queryset = Area.objects.visible_to(user, Action.VIEW)
        self.fields["area"].label = _("Receiving unit")
        self.fields["summary"].required = True  # empty only on a past tip imported from an export
        if self.instance.pk:
            # identities are entered once; the unit changes only by a transfer
            del self.fields["reporter_name"], self.fields["reporter_contact"]


class _StepForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, tip=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tip, self.user = tip, user


def _on(label=None):
    return forms.DateField(label=label or _("On"), required=False, widget=_date)


def _reason(required=True, label=None):
    return forms.CharField(
        label=label or _("Reason"),
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(_StepForm):
    assignee = forms.ModelChoiceField(label=_("Officer"), queryset=None)
    on = _on()
    reason = _reason(required=False, label=_("Note"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_officers(self.tip)


class VerifyForm(_StepForm):
    on = _on()


class ExtendForm(_StepForm):
    reason = _reason()
    on = _on(_("Decided on"))
    until = forms.DateField(
        label=_("Extended until"),
        required=False,
        widget=_date,
        help_text=_("Leave empty for the longest extension the law allows."),
    )
    procuracy_approved = forms.BooleanField(
        label=_("Approved by the procuracy"),
        required=False,
        help_text=_("Required for the second extension."),
    )
    requested_on = forms.DateField(
        label=_("Requested on"),
        required=False,
        widget=_date,
        help_text=_("Leave empty if it was requested on the day it was decided."),
    )
    late_reason = _reason(required=False, label=_("Reason for the late request"))
    late_reason.help_text = _(
        "Required when the request came later than 5 days before the time limit expires."
    )


class SuspendForm(_StepForm):
    reason = _reason()
    on = _on()


class ResumeForm(_StepForm):
    on = _on()
    reason = _reason(required=False)


class DecideForm(_StepForm):
    prosecute = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Prosecute")), ("0", _("Do not prosecute"))],
        coerce=lambda v: v == "1",
    )
    on = _on(_("Decision date"))
    notes = _reason(required=False, label=_("Notes"))


class TransferForm(_StepForm):
    """To a unit found with the area search, or to a unit above this one (a commune's
    province), which the user may not otherwise see."""

    to_area = AreaPickField(label=_("To a unit in your jurisdiction"), required=False)
    higher = forms.ModelChoiceField(
        label=_("or to a unit above"), queryset=Area.objects.none(), required=False
    )
    reason = _reason()
    on = _on()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_area"].queryset = Area.objects.visible_to(self.user, Action.VIEW)
        self.fields["higher"].queryset = Area.objects.get_ancestors(self.tip.area).filter(
            level__in=HANDLING_LEVELS
        )

    def clean(self):
        data = super().clean()
        data["to_area"] = data.get("to_area") or data.pop("higher", None)
        data.pop("higher", None)
        if data["to_area"] is None and not self.errors:
            raise forms.ValidationError(_("Choose the unit to transfer the tip to."))
        return data


class TransferOutForm(_StepForm):
    to_agency = forms.CharField(label=_("Agency"), max_length=255)
    reason = _reason(required=False)
    on = _on()


class CloseForm(_StepForm):
    reason = _reason()
    on = _on()


class MessageForm(_StepForm):
    body = forms.CharField(
        label=_("Message to the reporter"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RevealForm(_StepForm):
    reason = _reason(label=_("Why do you need the reporter's identity?"))


class OpenAttachmentForm(_StepForm):
    reason = _reason(label=_("Why do you need to open this file?"))


_moment = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def default_window(tip):
    """The footage window a request starts from: an hour either side of the incident's time;
    the whole day when only its date is known; nothing without a date."""
    now = timezone.now().replace(second=0, microsecond=0)
    if tip.occurred_at is not None:
        start, end = tip.occurred_at - FOOTAGE_MARGIN, tip.occurred_at + FOOTAGE_MARGIN
    elif tip.occurred_on is not None:
        start = timezone.make_aware(datetime.combine(tip.occurred_on, time.min))
        end = start + timedelta(hours=23, minutes=59)
    else:
        return None, None
    return min(start, now), min(end, now)


FOOTAGE_MARGIN = timedelta(hours=1)


class SiteChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, site):
        distance = getattr(site, "distance_km", None)
        parts = [str(site), owner_label(site)]
        if distance is not None:
            parts.append(_("{n} m").format(n=round(distance * 1000)))
        return " · ".join(parts)


def owner_label(site):
    """Who owns a camera site, as the request names them: the organisation, or the owner
    type (a household, the commune's system …)."""
    if site.owner_organisation_id:
        return site.owner_organisation.name
    return site.get_owner_type_display()


class FootageRequestForm(_StepForm):
    camera_site = SiteChoiceField(label=_("Camera site"), queryset=None, empty_label=_("Choose…"))
    window_start = forms.DateTimeField(label=_("Footage from"), widget=_moment)
    window_end = forms.DateTimeField(label=_("Footage to"), widget=_moment)
    reason = _reason(label=_("Why the footage is needed"))

    def __init__(self, *args, metres=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["camera_site"].queryset = footage_sites(
            self.user, self.tip, metres or NEARBY_METRES[-1]
        )
        if not self.is_bound:
            start, end = default_window(self.tip)
            self.initial.setdefault("window_start", start)
            self.initial.setdefault("window_end", end)


class FootageAnswerForm(_StepForm):
    outcome = forms.ChoiceField(label=_("The owner's answer"), choices=FootageOutcome.choices)
    on = _on(_("Answered on"))
    note = _reason(required=False, label=_("Note"))
