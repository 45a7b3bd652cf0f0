from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm

from antq.accounts.models import User


class _Bootstrap:
    """Bootstrap's classes on every widget, so the templates can loop over the fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class OwnPasswordChangeForm(_Bootstrap, PasswordChangeForm):
    """The old password is checked through the authentication backends, so that django-axes
    counts a wrong one as a failed sign-in: a left-open session is no way round the limit."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(
            request=self.request, username=self.user.get_username(), password=old_password
        )
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class ResetRequestForm(_Bootstrap, PasswordResetForm):
    pass


class ResetSetPasswordForm(_Bootstrap, SetPasswordForm):
    pass


class ProfileForm(_Bootstrap, forms.ModelForm):
    """What a person may say about themselves. Not their e-mail address: reset links go there,
    so a session left open would otherwise be enough to take the account; nor their unit and
    roles, which administrators give."""

    class Meta:
        model = User
        fields = ["full_name", "rank", "position", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("full_name", "rank", "position"):
            self.fields[name].widget.attrs["dir"] = "auto"  # Vietnamese names on an Arabic page
