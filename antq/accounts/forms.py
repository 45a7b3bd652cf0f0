import unicodedata

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from antq.accounts.models import User
from antq.areas.models import Area
from antq.core.forms import AreaPickField, BootstrapFormMixin, own_unit
from antq.core.scoping import Action, Role


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
    """The reset message is written in the account's own language (the one chosen in its
    notification preferences), else in the language the request was made in; its HTML part is
    laid out right to left in Arabic (registration/password_reset_email.html).

    An account whose password was never set (opened by an administrator, its one-time link
    lost or expired) is sent a link too, as the person would otherwise have no way in but to
    ask the administrator again; Django leaves such accounts out for sign-ins made elsewhere,
    which antq has none of."""

    def get_users(self, email):
        field = User.get_email_field_name()
        return (
            user
            for user in User._default_manager.filter(
                **{f"{field}__iexact": email, "is_active": True}
            )
            if unicodedata.normalize("NFKC", getattr(user, field)).casefold()
            == unicodedata.normalize("NFKC", email).casefold()
        )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from antq.notifications.selectors import message_language

        language = message_language(context["user"], fallback=translation.get_language())
        with translation.override(language):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name=html_email_template_name,
            )


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


class PersonForm(BootstrapFormMixin, forms.ModelForm):
    """An administrator's form for one of their people; the unit is picked among the areas they
    administer, and is the user's own unit by default."""

    unit = AreaPickField(label=_("Unit"), required=True)

    class Meta:
        model = User
        fields = ["username", "full_name", "rank", "position", "unit", "email", "phone"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Area.objects.visible_to(user, Action.ADMINISTER)
        if self.instance.pk is not None:
            del self.fields["username"]
        elif not self.is_bound and own_unit(user, Action.ADMINISTER) is not None:
            self.initial.setdefault("unit", user.unit_id)
        for name in ("full_name", "rank", "position"):
            self.fields[name].widget.attrs["dir"] = "auto"

    def _post_clean(self):
        pass  # the services validate and save


class RoleForm(BootstrapFormMixin, forms.Form):
    area = AreaPickField()
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    may_read_identities = forms.BooleanField(
        label=_("May read reporters' identities"),
        required=False,
        help_text=_("Given only by an administrator at province level, with a reason."),
    )
    reason = forms.CharField(
        label=_("Reason for the identity grant"), required=False, max_length=200
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, Action.ADMINISTER)


class PeopleFilterForm(BootstrapFormMixin, forms.Form):
    ACTIVE = [("", _("Active or not")), ("1", _("Active")), ("0", _("Deactivated"))]
    SIGNED_IN = [
        ("", _("Any last sign-in")),
        ("recently", _("Signed in within 30 days")),
        ("long_ago", _("Not signed in for 30 days")),
        ("never", _("Never signed in")),
    ]

    area = AreaPickField(required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Any role")), *Role.choices], required=False
    )
    active = forms.ChoiceField(label=_("Active"), choices=ACTIVE, required=False)
    signed_in = forms.ChoiceField(label=_("Last sign-in"), choices=SIGNED_IN, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, Action.ADMINISTER)

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        active = {"1": True, "0": False}.get(data["active"])
        return {
            "area": data["area"],
            "role": data["role"],
            "active": active,
            "signed_in": data["signed_in"],
        }


class OtpCodeForm(_Bootstrap, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
    )
