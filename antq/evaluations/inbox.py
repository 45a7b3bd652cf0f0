"""The evaluations' work in the inbox: registrations still to make while they are due,
assessments still in draft while their window is open, and assessments that meet the standard
awaiting recognition by a level above the subject."""

from urllib.parse import urlencode

from django.db.models import DateField, Exists, F, IntegerField, OuterRef, Q, Value
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antq.areas.choices import AreaLevel
from antq.areas.models import Area, active_on_q
from antq.core.scoping import Action, above_q, own_level_paths, scope_q
from antq.evaluations import windows
from antq.evaluations.choices import ORGANISATION_KINDS, AssessmentStatus, SubjectKind
from antq.evaluations.models import Assessment, Registration
from antq.inbox.registry import Item, ItemKind, declare
from antq.registry.models import Organisation

# The subjects a commune's own staff register: the commune itself and its residential areas
SUBJECT_LEVELS = {
    AreaLevel.COMMUNE: SubjectKind.COMMUNE,
    AreaLevel.VILLAGE: SubjectKind.RESIDENTIAL,
}
# The columns of a subject due, an area's or an organisation's
SUBJECT_COLUMNS = ("org_pk", "area_pk", "subject_name", "area_path", "is_org", "year", "deadline")


def _due_year(kind, today):
    """The evaluation year whose registration is due on `today` for a kind of subject: from the
    opening of its window to the end of the year's first quarter (windows.py), else None."""
    year = windows.year_of(kind, today)
    return year if today <= windows.registration_deadline(year) else None


def _registers(user):
    """The areas whose subjects `user` registers: those where the user holds a role allowing
    change (at their own level, as core.scoping.own_level_q reads it), and the residential
    areas of such a commune (its children: a prefix of its path one step deeper, so that the
    path's index finds them)."""
    own = own_level_paths(user, Action.CHANGE)
    q = Q(path__in=own)
    for path in own:
        q |= Q(path__startswith=path, depth=len(path) // Area.steplen + 1, level=AreaLevel.VILLAGE)
    return q


def _due_columns(queryset, year, **columns):
    """The queryset as rows of SUBJECT_COLUMNS, named, so that areas and organisations read
    alike in one union."""
    deadline = windows.registration_deadline(year) if year else None
    columns |= {
        "year": Value(year, output_field=IntegerField()),
        "deadline": Value(deadline, output_field=DateField()),
    }
    return (
        queryset.annotate(**{name: columns[name] for name in SUBJECT_COLUMNS})
        .order_by()  # the union is ordered, not its parts
        .values_list(*SUBJECT_COLUMNS, named=True)
    )


def registrations_due(user, today):
    """The subjects that have not registered for the evaluation year whose registration is due
    (its window has opened and its first quarter has not ended), for the staff who register
    them, as rows of SUBJECT_COLUMNS:

    - communes and residential areas in force today, for those holding a role at the commune
      itself, or at the residential area;
    - the organisations that are assessed (agencies, enterprises, industrial parks and schools,
      choices.ORGANISATION_KINDS) standing at a unit in force today, for those holding a role
      at that unit, or at the commune of the residential area it stands at.

    One union of two set-based queries, counted in the inbox's one statement."""
    due = {level: _due_year(kind, today) for level, kind in SUBJECT_LEVELS.items()}
    pending = Q(pk__in=[])
    for level, year in due.items():
        if year is not None:
            made = Registration.objects.filter(
                area=OuterRef("pk"), organisation__isnull=True, year=year
            )
            pending |= Q(level=level) & ~Exists(made)
    # the kinds' windows open a fortnight apart (1 and 16 November) and share the deadline, so
    # whichever are due on a day are due for the same year
    year = due[AreaLevel.COMMUNE] or due[AreaLevel.VILLAGE]
    # the units in force the user registers for, built once for both parts
    registering = Area.objects.filter(_registers(user), active_on_q(today))
    areas = registering.filter(pending)
    org_types = [
        org_type
        for org_type, kind in ORGANISATION_KINDS.items()
        if _due_year(kind, today) is not None
    ]
    # agencies, enterprises and schools open their window with the communes (windows.py)
    org_year = _due_year(SubjectKind.AGENCY, today)
    made = Registration.objects.filter(organisation=OuterRef("pk"), year=org_year)
    organisations = Organisation.objects.filter(
        ~Exists(made),
        # the units first, then their organisations by the (area, type) index
        area__in=registering.values("pk"),
        org_type__in=org_types,
    )
    return (
        _due_columns(
            areas,
            year,
            org_pk=Value(None, output_field=IntegerField()),
            area_pk=F("pk"),
            subject_name=F("name"),
            area_path=F("path"),
            is_org=Value(0, output_field=IntegerField()),
        )
        .union(
            _due_columns(
                organisations,
                org_year,
                org_pk=F("pk"),
                area_pk=F("area_id"),
                subject_name=F("name"),
                area_path=F("area__path"),
                is_org=Value(1, output_field=IntegerField()),
            ),
            all=True,
        )
        .order_by("area_path", "is_org", "subject_name", "org_pk")
    )


def _assessments():
    return Assessment.objects.select_related("area", "organisation")


def drafts_in_window(user, today):
    """Draft assessments whose evaluation window holds today, for the staff who answer them."""
    return (
        _assessments()
        .filter(
            scope_q(user, Action.CHANGE),
            status=AssessmentStatus.DRAFT,
            window_start__lte=today,
            window_end__gte=today,
        )
        .order_by("window_end", "area__path", "pk")
    )


def awaiting_recognition(user, today):
    """Assessed subjects meeting the standard that the user recognises from above them, as
    `assessment_recognise` checks."""
    return (
        _assessments()
        .filter(
            above_q(user, Action.APPROVE),
            status=AssessmentStatus.ASSESSED,
            meets_standard=True,
        )
        .order_by("year", "area__path", "pk")
    )


def _item(assessment):
    return Item(
        title=assessment.subject_name,
        url=assessment.get_absolute_url(),
        detail=_("{year} · window closes on {day}").format(
            year=assessment.year, day=assessment.window_end.strftime("%d/%m/%Y")
        ),
        when=assessment.window_end,
    )


def _registration_item(row):
    subject = {"area": row.area_pk}
    if row.org_pk is not None:
        subject["organisation"] = row.org_pk
    return Item(
        title=row.subject_name,
        url=reverse("evaluations:registration-create") + "?" + urlencode(subject),
        detail=_("{year} · register by {day}").format(
            year=row.year, day=row.deadline.strftime("%d/%m/%Y")
        ),
        when=row.deadline,
    )


def _list(status):
    return lambda: reverse("evaluations:assessment-list") + "?" + urlencode({"status": status})


declare(
    ItemKind(
        "evaluations-registrations-due",
        gettext_lazy("Registrations for the standard due in the current window"),
        registrations_due,
        _registration_item,
        lambda: reverse("evaluations:registration-list"),
        order=78,
    ),
    ItemKind(
        "evaluations-assessments-due",
        gettext_lazy("Assessments to complete in the current window"),
        drafts_in_window,
        _item,
        _list(AssessmentStatus.DRAFT),
        order=80,
    ),
    ItemKind(
        "evaluations-recognitions-awaiting",
        gettext_lazy("Assessments awaiting your recognition"),
        awaiting_recognition,
        _item,
        _list(AssessmentStatus.ASSESSED),
        order=75,
    ),
)
