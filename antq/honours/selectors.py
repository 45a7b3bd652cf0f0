"""Every read of emulation agreements and commendations, scoped to the user. Figures are one
GROUP BY over the records the user may see."""

from django.db.models import Count, Q
from django.http import Http404

from antq.core.scoping import Action
from antq.honours.choices import AwardForm, CommendationStatus, RecipientKind
from antq.honours.models import Commendation, EmulationAgreement


def agreement_list(user, action=Action.VIEW):
    return (
        EmulationAgreement.objects.visible_to(user, action)
        .select_related("area", "activity")
        .prefetch_related("organisations", "party_areas")
    )


def commendation_list(user, action=Action.VIEW):
    return Commendation.objects.visible_to(user, action).select_related(
        "area", "activity", "recipient_organisation", "recipient_team"
    )


def commendation_get(user, pk, action=Action.VIEW) -> Commendation:
    try:
        return commendation_list(user, action).get(pk=pk)
    except (Commendation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def status_history(commendation: Commendation):
    """The steps of a commendation the caller already holds (so already scoped)."""
    return commendation.status_changes.select_related("changed_by").order_by("-changed_at", "-id")


def presented_at(user, activity):
    """Commendations presented at an activity, among those the user may see."""
    return (
        commendation_list(user)
        .filter(activity=activity)
        .order_by("status", "award_form", "recipient_kind", "id")
    )


def commendation_figures(user, area=None, *, date_from=None, date_to=None):
    """Approved commendations whose decision falls in the period, by form and by collective or
    individual: one GROUP BY."""
    qs = Commendation.objects.visible_to(user).filter(status=CommendationStatus.APPROVED)
    if area is not None:
        qs = qs.filter(area__path__startswith=area.path)
    if date_from:
        qs = qs.filter(decision_date__gte=date_from)
    if date_to:
        qs = qs.filter(decision_date__lte=date_to)
    rows = (
        qs.order_by()
        .values("award_form")
        .annotate(
            n=Count("id"),
            individual=Count("id", filter=Q(recipient_kind=RecipientKind.INDIVIDUAL)),
        )
    )
    by_form = {f: 0 for f in AwardForm.values}
    individual = 0
    for row in rows:
        by_form[row["award_form"]] = row["n"]
        individual += row["individual"]
    total = sum(by_form.values())
    return {
        "total": total,
        "by_form": by_form,
        "individual": individual,
        "collective": total - individual,
    }
