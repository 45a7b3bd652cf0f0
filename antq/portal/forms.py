from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from antq.core.forms import BootstrapFormMixin
from antq.portal import selectors
from antq.portal.services import MAX_SUMMARY, MIN_SUMMARY, check_attachments
from antq.tips.models import point_errors


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to MAX_ATTACHMENTS files; their content is checked by check_attachments."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ReportForm(BootstrapFormMixin, forms.Form):
    category = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=selectors.categories_in_use(),
        empty_label=_("Choose…"),
    )
    area = forms.ModelChoiceField(
        label=_("Commune or ward where it happened"),
        queryset=selectors.communes_in_force(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Search and choose the commune or ward where it happened."),
            "invalid_choice": _("Choose a commune or ward that exists today."),
        },
    )
    occurred_place = forms.CharField(
        label=_("Address or place (optional)"), max_length=255, required=False
    )
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal", "dir": "ltr"}),
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal", "dir": "ltr"}),
    )
    occurred_on = forms.DateField(
        label=_("When did it happen?"), widget=forms.DateInput(attrs={"type": "date"})
    )
    occurred_time = forms.TimeField(
        label=_("At what time? (optional)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    summary = forms.CharField(
        label=_("What happened?"),
        min_length=MIN_SUMMARY,
        max_length=MAX_SUMMARY,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=format_lazy(
            _("Between {low} and {high} characters."), low=MIN_SUMMARY, high=MAX_SUMMARY
        ),
    )
    attachments = MultipleFileField(
        label=_("Photos or documents (optional)"),
        required=False,
        help_text=_("Up to 3 files, JPEG, PNG or PDF, 5 MB each."),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
    reporter_name = forms.CharField(
        label=_("Your name (optional)"), max_length=200, required=False, strip=True
    )
    reporter_contact = forms.CharField(
        label=_("How to reach you (optional)"),
        max_length=200,
        required=False,
        help_text=_(
            "Leave both empty to stay anonymous. If given, they are stored encrypted and "
            "read only by officers holding a special grant; every reading is recorded."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # evaluated per request: "today" and the catalogue change
        self.fields["area"].queryset = selectors.communes_in_force()
        self.fields["category"].queryset = selectors.categories_in_use()

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return day

    def clean(self):
        data = super().clean()
        day, hour = data.get("occurred_on"), data.get("occurred_time")
        if day == timezone.localdate() and hour and hour > timezone.localtime().time():
            self.add_error("occurred_time", _("This time is in the future."))
        for field, message in point_errors(data.get("latitude"), data.get("longitude")).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        try:
            check_attachments(files)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["attachments"]) from None
        return files


class FollowForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label=_("Tip code"), max_length=40)
    passphrase = forms.CharField(
        label=_("Passphrase"), max_length=100, widget=forms.PasswordInput(render_value=False)
    )


class ReplyForm(BootstrapFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=MAX_SUMMARY, widget=forms.Textarea(attrs={"rows": 4})
    )
