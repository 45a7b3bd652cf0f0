from django import forms
from django.utils.translation import gettext_lazy as _

from antq.areas.models import Area
from antq.core.scoping import Action, can


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


def own_unit(user, action, levels=()):
    """The id of the unit a person works in, where an area picker starts: only when their role
    lets them `action` there, and (when `levels` is given) the unit is at one of those levels;
    else None, and the picker starts empty."""
    unit_id = getattr(user, "unit_id", None)
    if unit_id is None or not can(user, action, user.unit):
        return None
    if levels and user.unit.level not in levels:
        return None
    return unit_id


class ScopedModelForm(BootstrapFormMixin, forms.ModelForm):
    """A form for an AreaScoped record: the area is picked among those the user may change. A
    new record's area starts at the person's own unit (an `area` given in `initial`, such as the
    list's filter, wins)."""

    area = AreaPickField()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        levels = tuple(getattr(self._meta.model, "area_levels", ()))
        self.fields["area"].queryset = Area.objects.visible_to(user, Action.CHANGE)
        self.fields["area"].levels = levels
        self.user = user
        if self.instance.pk is None and not self.is_bound and self.initial.get("area") is None:
            unit_id = own_unit(user, Action.CHANGE, levels)
            if unit_id is not None:
                self.initial["area"] = unit_id

    def _post_clean(self):
        # services validate and save; the form only turns input into typed values
        pass
