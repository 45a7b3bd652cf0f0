from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.core.forms import AreaPickField, BootstrapFormMixin, ScopedModelForm
from antq.core.scoping import Action
from antq.evaluations import windows
from antq.evaluations.choices import ORGANISATION_KINDS, MovementClass
from antq.evaluations.models import (
    Classification,
    CriteriaSet,
    Criterion,
    ImprovementPlan,
    Registration,
)
from antq.registry.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MET = (("yes", _("Met")), ("no", _("Not met")))


def style(form):
    """Bootstrap classes for fields added after the form was built (BootstrapFormMixin styles
    the declared ones)."""
    for field in form.fields.values():
        widget = field.widget
        if widget.attrs.get("class"):
            continue
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            widget.attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select):
            widget.attrs["class"] = "form-select"
        else:
            widget.attrs["class"] = "form-control"


def as_met(value):
    return {"yes": True, "no": False}.get(value)


def from_met(value):
    return {True: "yes", False: "no"}.get(value, "")


class YearField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        last = date.today().year + 1
        kwargs.setdefault("label", _("Year"))
        super().__init__(
            coerce=int,
            choices=[(y, str(y)) for y in range(last, windows.FIRST_YEAR - 1, -1)],
            **kwargs,
        )


def assessed_organisations(user):
    """Organisations the user may see that are assessed against the standard."""
    return (
        Organisation.objects.visible_to(user, Action.VIEW)
        .filter(org_type__in=list(ORGANISATION_KINDS))
        .select_related("area")
        .order_by("area__path", "name")
    )


class SubjectFields(ScopedModelForm):
    """The subject: an area (a residential area or a commune), or an organisation in it."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["area"].label = _("Residential area or commune")
        self.fields["area"].help_text = _(
            "For an agency, an enterprise or a school: its commune, and the organisation below."
        )
        self.fields["organisation"].queryset = assessed_organisations(user)
        self.fields["organisation"].label_from_instance = lambda o: f"{o.name} · {o.area.name}"


class RegistrationForm(SubjectFields):
    year = YearField()

    class Meta:
        model = Registration
        fields = ["area", "organisation", "year", "registered_on", "plan_adopted_on", "notes"]
        widgets = {
            "registered_on": DATE,
            "plan_adopted_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:  # the subject and year of a registration stay
            for name in ("area", "organisation", "year"):
                del self.fields[name]
        else:
            self.fields["year"].initial = date.today().year


class AssessmentStartForm(SubjectFields):
    year = YearField()

    class Meta:
        model = Registration  # the same subject fields; nothing is saved through this form
        fields = ["area", "organisation", "year"]

    def __init__(self, *args, user=None, **kwargs):
        kwargs.pop("instance", None)
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].initial = date.today().year


class AnswersForm(BootstrapFormMixin, forms.Form):
    """The evaluation page's form: the date, then per criterion met / not met, evidence notes,
    the reason for answering against the records, and files. Field names are
    `<code>__met`, `<code>__evidence`, `<code>__override_reason`, `<code>__files`."""

    assessed_on = forms.DateField(label=_("Assessed on"), required=False, widget=DATE)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, answers, hints, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for answer in answers:
            code = answer.criterion.code
            hint = hints.get(answer.criterion_id)
            initial = answer.met
            if initial is None and hint is not None and hint.sufficient:
                initial = hint.answer  # pre-filled: the assessor confirms or answers otherwise
            self.fields[f"{code}__met"] = forms.ChoiceField(
                label=answer.criterion.label,
                choices=MET,
                required=False,
                widget=forms.RadioSelect,
                initial=from_met(initial),
            )
            self.fields[f"{code}__evidence"] = forms.CharField(
                label=_("Evidence notes"),
                required=False,
                initial=answer.evidence,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{code}__override_reason"] = forms.CharField(
                label=_("Reason for answering against the records"),
                required=False,
                initial=answer.override_reason,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{code}__files"] = MultipleFileField(
                label=_("Attach files (PDF, JPEG, PNG)"), required=False
            )
            self.rows.append((answer, hint, code))
        style(self)

    def bound_rows(self):
        for answer, hint, code in self.rows:
            yield {
                "answer": answer,
                "hint": hint,
                "code": code,
                "met": self[f"{code}__met"],
                "evidence": self[f"{code}__evidence"],
                "reason": self[f"{code}__override_reason"],
                "files": self[f"{code}__files"],
            }

    def service_input(self):
        """(answers, files) as assessment_answer takes them."""
        answers, files = {}, {}
        for _answer, _hint, code in self.rows:
            answers[code] = {
                "met": as_met(self.cleaned_data.get(f"{code}__met")),
                "evidence": self.cleaned_data.get(f"{code}__evidence", ""),
                "override_reason": self.cleaned_data.get(f"{code}__override_reason", ""),
            }
            uploads = self.cleaned_data.get(f"{code}__files") or []
            if uploads:
                files[code] = uploads
        return answers, files

    @staticmethod
    def field_name(service_key):
        """`answers.<code>.<part>` (a service's error) → `<code>__<part>` (this form's field)."""
        if service_key.startswith("answers."):
            _prefix, code, part = service_key.split(".", 2)
            return f"{code}__{part}"
        return service_key


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class RecogniseForm(BootstrapFormMixin, forms.Form):
    decision_number = forms.CharField(
        label=_("Decision or certificate number"),
        max_length=60,
        required=False,
        help_text=_("One decision may recognise several subjects: give the same number and date."),
    )
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DATE)


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LocalCriterionForm(BootstrapFormMixin, forms.ModelForm):
    area = AreaPickField(label=_("Province"))

    class Meta:
        model = Criterion
        fields = [
            "criteria_set",
            "area",
            "code",
            "name",
            "name_en",
            "name_ar",
            "text",
            "required",
            "valid_from",
            "valid_to",
        ]
        widgets = {
            "valid_from": DATE,
            "valid_to": DATE,
            "text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        from antq.areas.choices import AreaLevel
        from antq.areas.models import Area

        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, Action.ADMINISTER).filter(
            level__lte=AreaLevel.PROVINCE
        )
        self.fields["criteria_set"].queryset = CriteriaSet.objects.order_by("sort_order")
        self.fields["criteria_set"].label_from_instance = lambda s: s.label
        self.fields["valid_from"].required = True

    def _post_clean(self):
        pass


class ScoresForm(BootstrapFormMixin, forms.Form):
    """A unit's points per criterion of its scheme (the unit and year are chosen first)."""

    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, criteria, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        have = {s.criterion_id: s.points for s in instance.scores.all()} if instance else {}
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"score_{c.code}"] = forms.IntegerField(
                label=f"{c.label} (≤ {c.max_points})",
                min_value=0,
                max_value=c.max_points,
                required=False,
                initial=have.get(c.pk),
                widget=forms.NumberInput(attrs={"min": 0, "max": c.max_points, "step": 1}),
            )
        if instance is not None:
            self.fields["notes"].initial = instance.notes
        self.order_fields([f"score_{c.code}" for c in self.criteria] + ["notes"])
        style(self)

    def scores(self):
        return {c.code: self.cleaned_data.get(f"score_{c.code}") for c in self.criteria}


class UnitYearForm(BootstrapFormMixin, forms.Form):
    """The first step of a classification or a rural assessment: the unit and the year."""

    area = AreaPickField()
    year = YearField()

    def __init__(self, *args, user=None, **kwargs):
        from antq.areas.models import Area

        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, Action.VIEW)
        self.fields["year"].initial = date.today().year


class PlanForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ImprovementPlan
        fields = [
            "classification",
            "measures",
            "responsible",
            "due_on",
            "status",
            "done_on",
            "notes",
        ]
        widgets = {
            "due_on": DATE,
            "done_on": DATE,
            "measures": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        weak = (
            Classification.objects.visible_to(user, Action.CHANGE)
            .filter(movement_class=MovementClass.WEAK)
            .select_related("area")
            .order_by("-year", "area__path")
        )
        self.fields["classification"].queryset = weak
        self.fields["classification"].label_from_instance = lambda c: f"{c.area.name} · {c.year}"
        if self.instance.pk:
            del self.fields["classification"]

    def _post_clean(self):
        pass


class RuralForm(BootstrapFormMixin, forms.Form):
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, sub_criteria, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        have = {a.sub_criterion_id: a for a in instance.answers.all()} if instance else {}
        self.subs = list(sub_criteria)
        for s in self.subs:
            old = have.get(s.pk)
            self.fields[f"{s.code}__met"] = forms.ChoiceField(
                label=f"{s.number} {s.label}".strip(),
                choices=MET,
                required=False,
                widget=forms.RadioSelect,
                initial=from_met(old.met) if old else "",
            )
            self.fields[f"{s.code}__evidence"] = forms.CharField(
                label=_("Evidence notes"),
                required=False,
                initial=old.evidence if old else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if instance is not None:
            self.fields["assessed_on"].initial = instance.assessed_on
            self.fields["notes"].initial = instance.notes
        style(self)

    def answers(self):
        return {
            s.code: {
                "met": as_met(self.cleaned_data.get(f"{s.code}__met")),
                "evidence": self.cleaned_data.get(f"{s.code}__evidence", ""),
            }
            for s in self.subs
        }

    def bound_rows(self):
        for s in self.subs:
            yield s, self[f"{s.code}__met"], self[f"{s.code}__evidence"]
