"""The evaluations' work in the inbox: registrations still to make while they are due,
assessments still in draft while their window is open, and assessments that meet the standard
awaiting recognition by a level above the subject."""

from urllib.parse import urlencode

from django.db.models import DateField, Exists, IntegerField, OuterRef, Q, Value
from django.db.models.functions import Length, Substr
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antq.areas.choices import AreaLevel
from antq.areas.models import Area, active_on_q
from antq.core.scoping import Action, above_q, own_level_q, scope_q
from antq.evaluations import windows
from antq.evaluations.choices import AssessmentStatus, SubjectKind
from antq.evaluations.models import Assessment, Registration
from antq.inbox.registry import Item, ItemKind, declare

# The subjects a commune's own staff register: the commune itself and its residential areas
SUBJECT_LEVELS = {
    AreaLevel.COMMUNE: SubjectKind.COMMUNE,
    AreaLevel.VILLAGE: SubjectKind.RESIDENTIAL,
}


def _due_year(kind, today):
    """The evaluation year whose registration is due on `today` for a kind of subject: from the
    opening of its window to the end of the year's first quarter (windows.py), else None."""
    year = windows.year_of(kind, today)
    return year if today <= windows.registration_deadline(year) else None


def registrations_due(user, today):
    """Communes and residential areas in force today that have not registered for the
    evaluation year whose registration is due (its window has opened and its first quarter has
    not ended), for the staff who register them: those holding a role at the commune itself, or
    at the residential area. An organisation registers itself, and is not listed here."""
    due = {level: _due_year(kind, today) for level, kind in SUBJECT_LEVELS.items()}
    pending = Q(pk__in=[])
    for level, year in due.items():
        if year is not None:
            made = Registration.objects.filter(
                area=OuterRef("pk"), organisation__isnull=True, year=year
            )
            pending |= Q(level=level) & ~Exists(made)
    own = own_level_q(user, Action.CHANGE, "path")
    village_of_own = Q(level=AreaLevel.VILLAGE) & own_level_q(user, Action.CHANGE, "_commune")
    # the kinds' windows open a fortnight apart (1 and 16 November) and share the deadline, so
    # whichever are due on a day are due for the same year
    year = due[AreaLevel.COMMUNE] or due[AreaLevel.VILLAGE]
    return (
        Area.objects.alias(_commune=Substr("path", 1, Length("path") - Area.steplen))
        .filter(own | village_of_own, pending, active_on_q(today))
        .annotate(
            year=Value(year, output_field=IntegerField()),
            deadline=Value(
                windows.registration_deadline(year) if year else None, output_field=DateField()
            ),
        )
        .order_by("path")
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


def _registration_item(area):
    return Item(
        title=area.name,
        url=reverse("evaluations:registration-create") + "?" + urlencode({"area": area.pk}),
        detail=_("{year} · register by {day}").format(
            year=area.year, day=area.deadline.strftime("%d/%m/%Y")
        ),
        when=area.deadline,
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
