"""The evaluations' own pages: the overview of an area's results, the evaluation page that
walks an assessor through the criteria (with what the records say), recognition and reopening,
the commune's view of its units, the criteria (and a province's own), classification and
rural-criterion forms, and the weak units.

Each page looks its record up through the scoped selectors first, so a record outside the
user's jurisdiction is a 404 before any 405 or 403.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from antq.areas import selectors as area_selectors
from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.audit import services as audit
from antq.core.exports import EXPORT_FORMATS, export_response
from antq.core.forms import apply_errors
from antq.core.records import as_id
from antq.core.scoping import Action, can, can_at_higher_level
from antq.core.selectors import history_for
from antq.evaluations import selectors, windows
from antq.evaluations.choices import AssessmentStatus, MovementClass
from antq.evaluations.exports import WEAK_COLUMNS
from antq.evaluations.forms import (
    AnswersForm,
    LocalCriterionForm,
    PlanForm,
    ReasonForm,
    RecogniseForm,
    RuralForm,
    ScoresForm,
    UnitYearForm,
)
from antq.evaluations.models import AnswerAttachment, Assessment
from antq.evaluations.records import ASSESSMENTS, CLASSIFICATIONS, PLANS, RURAL
from antq.evaluations.services import classification as classification_services
from antq.evaluations.services import rural as rural_services
from antq.evaluations.services import standard as standard_services

CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}


def _year(request):
    year = as_id(request.GET.get("year"))
    return year if windows.valid_year(year) else selectors.default_year()


def _area(request):
    """The area of ?area= (404 outside the jurisdiction), else the user's only root."""
    if request.GET.get("area"):
        return area_selectors.area_get(request.user, as_id(request.GET["area"]))
    roots = area_selectors.jurisdiction_roots(request.user)
    return roots[0] if len(roots) == 1 else None


def _years():
    return list(range(date.today().year + 1, windows.FIRST_YEAR - 1, -1))


@login_required
def overview(request):
    """An area's results for a year: the standard by kind of subject, the classes, the rural
    criterion."""
    area, year = _area(request), _year(request)
    user = request.user
    counts = selectors.class_counts(user, area, year)
    return render(
        request,
        "evaluations/overview.html",
        {
            "area": area,
            "picked_area": area,
            "year": year,
            "years": _years(),
            "results": selectors.results_by_kind(user, area, year),
            "classes": [(c, c.label, counts[c]) for c in MovementClass],
            "rural": selectors.rural_counts(user, area, year),
            "is_commune": area is not None and area.level == AreaLevel.COMMUNE,
            "area_field": UnitYearForm(user=user)["area"],
        },
    )


# --- the evaluation page ----------------------------------------------------------------------


def _page(request, assessment, *, form=None, recognise_form=None, reopen_form=None, status=200):
    user = request.user
    answers = list(selectors.answers_of(assessment))
    draft = assessment.status == AssessmentStatus.DRAFT
    may_change = can(user, Action.CHANGE, assessment.area)
    hints = {}
    if draft:
        # a draft shows what the records say today; an assessed one what they said then
        hints = selectors.suggestions(assessment, [a.criterion for a in answers])
    if form is None and draft and may_change:
        form = AnswersForm(
            answers=answers,
            hints=hints,
            initial={
                "assessed_on": assessment.assessed_on or min(date.today(), assessment.window_end),
                "notes": assessment.notes,
            },
        )
    higher = can_at_higher_level(user, Action.APPROVE, assessment.area)
    can_recognise = (
        higher and assessment.status == AssessmentStatus.ASSESSED and assessment.meets_standard
    )
    if recognise_form is None and can_recognise:
        recognise_form = RecogniseForm(initial={"decision_date": date.today()})
    prefilled = (
        sum(1 for h in hints.values() if h is not None and h.sufficient)
        if draft
        else sum(1 for a in answers if a.data_sufficient)
    )
    return render(
        request,
        "evaluations/assessment.html",
        {
            "opts": Assessment._meta,
            "object": assessment,
            "answers": answers,
            "rows": list(form.bound_rows()) if form is not None else None,
            "form": form,
            "prefilled": prefilled,
            "window": windows.window(assessment.subject_kind, assessment.year),
            "window_text": windows.period_text(
                windows.window(assessment.subject_kind, assessment.year)
            ),
            "deadline": windows.registration_deadline(assessment.year),
            "recognise_form": recognise_form if can_recognise else None,
            "authority": selectors.recognising_authority(user, assessment.area) if higher else None,
            "reopen_form": (reopen_form or ReasonForm())
            if may_change and assessment.status == AssessmentStatus.ASSESSED
            else None,
            "can_delete": may_change and draft,
            "commune": _commune_of(assessment.area),
            "history": history_for(assessment, user),
        },
        status=status,
    )


def _commune_of(area):
    if area.level == AreaLevel.COMMUNE:
        return area
    if area.level == AreaLevel.VILLAGE:
        return Area.objects.get_parent(area)
    return None


def _apply(form, exc, name=lambda key: key):
    """A service's errors on the form's fields (the rest above the form)."""
    for key, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        field = name(key)
        form.add_error(field if field in form.fields else None, errors)


@login_required
def assessment_page(request, pk):
    assessment = selectors.assessment_get(request.user, pk)
    if request.method != "POST":
        return _page(request, assessment)
    if not can(request.user, Action.CHANGE, assessment.area):
        raise PermissionDenied
    answers = list(selectors.answers_of(assessment))
    hints = selectors.suggestions(assessment, [a.criterion for a in answers])
    form = AnswersForm(request.POST, request.FILES, answers=answers, hints=hints)
    if form.is_valid():
        given, files = form.service_input()
        complete = request.POST.get("action") == "complete"
        try:
            standard_services.assessment_answer(
                acting_user=request.user,
                instance=assessment,
                answers=given,
                assessed_on=form.cleaned_data["assessed_on"],
                notes=form.cleaned_data["notes"],
                complete=complete,
                files=files,
            )
        except ValidationError as exc:
            _apply(form, exc, AnswersForm.field_name)
        else:
            messages.success(
                request, _("The assessment is complete.") if complete else _("Answers saved.")
            )
            return redirect(assessment)
    assessment.refresh_from_db()
    return _page(request, assessment, form=form, status=422)


@login_required
def assessment_recognise(request, pk):
    assessment = selectors.assessment_get(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RecogniseForm(request.POST)
    if form.is_valid():
        try:
            standard_services.assessment_recognise(
                acting_user=request.user, instance=assessment, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, _("The subject is recognised as meeting the standard."))
            return redirect(assessment)
    assessment.refresh_from_db()
    return _page(request, assessment, recognise_form=form, status=422)


@login_required
def assessment_reopen(request, pk):
    assessment = selectors.assessment_get(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not can(request.user, Action.CHANGE, assessment.area):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        standard_services.assessment_reopen(
            acting_user=request.user, instance=assessment, reason=form.cleaned_data.get("reason")
        )
    except ValidationError as exc:
        _apply(form, exc)
        assessment.refresh_from_db()
        return _page(request, assessment, reopen_form=form, status=422)
    messages.success(request, _("The assessment is open for correction."))
    return redirect(assessment)


@login_required
def assessment_delete(request, pk):
    assessment = selectors.assessment_get(request.user, pk)
    if not can(request.user, Action.CHANGE, assessment.area):
        raise PermissionDenied
    if request.method == "POST":
        try:
            standard_services.assessment_delete(
                acting_user=request.user,
                instance=assessment,
                reason=request.POST.get("reason", "")[:200],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(assessment)
        messages.success(request, _("“{name}” was deleted.").format(name=assessment))
        return redirect(ASSESSMENTS.url("list"))
    return render(request, "core/record_confirm_delete.html", {"object": assessment})


@login_required
def attachment(request, pk):
    try:
        found = (
            AnswerAttachment.objects.visible_to(request.user)
            .select_related("answer__assessment__area")
            .get(pk=pk)
        )
    except (AnswerAttachment.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    # evidence files can show people (photos, signed minutes)
    audit.record_export(
        request, "assessment_attachment", found.kind, personal=True, obj=found.answer.assessment
    )
    response = FileResponse(
        found.file.open("rb"),
        content_type=CONTENT_TYPES.get(found.kind, "application/octet-stream"),
        as_attachment=True,
        filename=found.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the commune's view -----------------------------------------------------------------------


@login_required
def commune_page(request, pk):
    commune = area_selectors.area_get(request.user, pk)
    if commune.level != AreaLevel.COMMUNE:
        raise Http404
    year = _year(request)
    view = selectors.commune_view(request.user, commune, year)
    return render(
        request,
        "evaluations/commune.html",
        {
            "view": view,
            "area": commune,
            "year": year,
            "years": _years(),
            "can_change": can(request.user, Action.CHANGE, commune),
            "results": selectors.results_by_kind(request.user, commune, year),
        },
    )


# --- criteria ---------------------------------------------------------------------------------


@login_required
def criteria_page(request):
    sets = [
        (s, list(selectors.criteria_visible(request.user, s))) for s in selectors.criteria_sets()
    ]
    return render(
        request,
        "evaluations/criteria.html",
        {"sets": sets, "can_add": _may_add_criteria(request.user)},
    )


def _may_add_criteria(user):
    return (
        Area.objects.visible_to(user, Action.ADMINISTER)
        .filter(level__lte=AreaLevel.PROVINCE)
        .exists()
    )


@login_required
def criterion_new(request):
    if not _may_add_criteria(request.user):
        raise PermissionDenied
    form = LocalCriterionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            standard_services.local_criterion_create(acting_user=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The criterion was added."))
            return redirect("evaluations:criteria")
    picked = as_id(form["area"].value())
    picked_area = (
        area_selectors.area_list(request.user).filter(pk=picked).first() if picked else None
    )
    return render(
        request,
        "evaluations/criterion_form.html",
        {"form": form, "picked_area": picked_area},
        status=422 if form.errors else 200,
    )


# --- classification and the rural criterion ---------------------------------------------------


def _unit_year(request, obj):
    """The unit and year of the form: the record's, or those chosen in the first step."""
    if obj is not None:
        return obj.area, obj.year, None
    first = UnitYearForm(request.GET if "area" in request.GET else None, user=request.user)
    if first.is_bound and first.is_valid():
        return first.cleaned_data["area"], first.cleaned_data["year"], first
    return None, None, first


def _unit_page(request, *, kind, obj, area, year, first, form, extra=None, status=200):
    picked = as_id(first["area"].value()) if first is not None else None
    picked_area = (
        area_selectors.area_list(request.user).filter(pk=picked).first() if picked else None
    )
    return render(
        request,
        "evaluations/unit_form.html",
        {
            "kind": kind,
            "object": obj,
            "area": area,
            "year": year,
            "first": first,
            "form": form,
            "picked_area": picked_area,
            "list_url": (CLASSIFICATIONS if kind == "classification" else RURAL).url("list"),
            **(extra or {}),
        },
        status=status,
    )


def _edit_unit(request, *, kind, record_type, pk, find, build, save, field, done):
    """A classification or rural assessment: choose the unit and year (first step), then the
    form of the catalogue entry that applies to them (`find(area, year)`: a scheme, a set)."""
    obj = record_type.get(request.user, pk) if pk else None
    area, year, first = _unit_year(request, obj)
    page = {"kind": kind, "obj": obj, "area": None, "year": None, "first": first, "form": None}
    if area is None:
        return _unit_page(request, **page, status=422 if first.errors else 200)
    try:
        entry = find(area, year)
    except ValidationError as exc:  # not a unit of this kind
        first.add_error("area", exc.messages)
        return _unit_page(request, **page, status=422)
    if entry is None:
        messages.error(request, _("Nothing applies to this unit in {year}.").format(year=year))
        return redirect(record_type.url("list"))
    form = build(entry, obj)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(area, year, form)
        except ValidationError as exc:
            _apply(form, exc, field)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done(area, saved))
            return redirect(saved)
    return _unit_page(
        request,
        **(page | {"obj": obj, "area": area, "year": year, "form": form}),
        extra={"scheme" if kind == "classification" else "rural_set": entry},
        status=422 if form.errors else 200,
    )


def _score_field(key):
    return "score_" + key.split(".", 1)[1] if key.startswith("scores.") else key


@login_required
def classification_edit(request, pk=None):
    return _edit_unit(
        request,
        kind="classification",
        record_type=CLASSIFICATIONS,
        pk=pk,
        find=selectors.scheme_for,
        build=lambda scheme, obj: ScoresForm(
            request.POST or None, criteria=scheme.criteria.all(), instance=obj
        ),
        save=lambda area, year, form: classification_services.classification_save(
            acting_user=request.user,
            area=area,
            year=year,
            scores=form.scores(),
            notes=form.cleaned_data["notes"],
        ),
        field=_score_field,
        done=lambda area, saved: _("{unit}: {klass} ({points} points).").format(
            unit=area.name, klass=saved.get_movement_class_display(), points=saved.points
        ),
    )


@login_required
def rural_edit(request, pk=None):
    return _edit_unit(
        request,
        kind="rural",
        record_type=RURAL,
        pk=pk,
        find=selectors.rural_set_for,
        build=lambda rural_set, obj: RuralForm(
            request.POST or None, sub_criteria=rural_set.sub_criteria.all(), instance=obj
        ),
        save=lambda area, year, form: rural_services.rural_save(
            acting_user=request.user,
            area=area,
            year=year,
            assessed_on=form.cleaned_data["assessed_on"],
            answers=form.answers(),
            notes=form.cleaned_data["notes"],
        ),
        field=AnswersForm.field_name,
        done=lambda area, saved: _("Saved."),
    )


@login_required
def plan_new(request):
    """A new improvement plan, for the weak unit named in ?classification= if any."""
    form = PlanForm(
        request.POST or None,
        user=request.user,
        initial={"classification": as_id(request.GET.get("classification"))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = classification_services.plan_create(
                acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect(saved)
    return render(
        request,
        "core/record_form.html",
        {"rt": PLANS, "opts": PLANS.model._meta, "form": form, "object": None},
        status=422 if form.errors else 200,
    )


@login_required
def weak_page(request):
    area, year = _area(request), _year(request)
    return render(
        request,
        "evaluations/weak.html",
        {
            "area": area,
            "picked_area": area,
            "year": year,
            "years": _years(),
            "units": list(selectors.weak_units(request.user, area, year)),
            "area_field": UnitYearForm(user=request.user)["area"],
        },
    )


@login_required
def weak_export(request, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    area, year = _area(request), _year(request)
    units = selectors.weak_units(request.user, area, year).filter(
        pk__in=selectors.classification_list(request.user, Action.EXPORT).values("pk")
    )
    audit.record_export(request, "weak_units", fmt, area=area)
    return export_response(units, WEAK_COLUMNS, fmt, f"weak-units-{year}")
