"""The evaluations' work in the inbox: assessments still in draft while their window is open,
and assessments that meet the standard awaiting recognition by a level above the subject."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antq.core.scoping import Action, above_q, scope_q
from antq.evaluations.choices import AssessmentStatus
from antq.evaluations.models import Assessment
from antq.inbox.registry import Item, ItemKind, declare


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


def _list(status):
    return lambda: reverse("evaluations:assessment-list") + "?" + urlencode({"status": status})


declare(
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
