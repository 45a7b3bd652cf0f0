from django import forms
from django.utils.translation import gettext_lazy as _

from antq.areas.models import Area
from antq.core.scoping import Action


def apply_errors(form, exc):
    """Show a service's ValidationError on the form: on its field where the form has one."""
    for name, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        form.add_error(name if name in form.fields else None, errors)


class BootstrapFormMixin:
    """Gives every widget its Bootstrap class, and marks fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                w = self.fields[name].widget
                w.attrs["class"] = f"{w.attrs.get('class', '')} is-invalid".strip()


class AreaPickField(forms.ModelChoiceField):
    """An area chosen with the search box beside it (a select of 14,000 units is no use). The
    search offers units at `levels` only, when set (the record type's `area_levels`); the
    service still says why another level is refused."""

    widget = forms.HiddenInput

    def __init__(self, *, levels=(), **kwargs):
        self.levels = tuple(levels)
        kwargs.setdefault("label", _("Area"))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": _("Choose an area in your jurisdiction."),
                "required": _("Choose an area."),
            },
        )
        super().__init__(queryset=Area.objects.none(), **kwargs)


class ScopedModelForm(BootstrapFormMixin, forms.ModelForm):
    """A form for an AreaScoped record: the area is picked among those the user may change."""

    area = AreaPickField()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, Action.CHANGE)
        self.fields["area"].levels = tuple(getattr(self._meta.model, "area_levels", ()))
        self.user = user

    def _post_clean(self):
        # services validate and save; the form only turns input into typed values
        pass
