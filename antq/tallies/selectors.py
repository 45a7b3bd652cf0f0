"""Every read of monthly tallies, scoped to the user; the roll-up of figures over the area tree."""

from datetime import date
from typing import NamedTuple

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Substr
from django.http import Http404

from antq.areas.models import Area
from antq.core.scoping import Action
from antq.tallies import approval
from antq.tallies.choices import (
    AWAITING_STATUSES,
    COUNT_FIELDS,
    TIP_COUNT_FIELDS,
    TallyStatus,
    TallyStep,
)
from antq.tallies.models import MonthlyTally, TallyStatusChange, rate


def _return_reason():
    """The reason of the tally's last return (shown while it is returned)."""
    return Subquery(
        TallyStatusChange.objects.filter(tally=OuterRef("pk"), step=TallyStep.RETURN)
        .order_by("-changed_at", "-id")
        .values("reason")[:1]
    )


def tally_list(user, action=Action.VIEW):
    return (
        MonthlyTally.objects.visible_to(user, action)
        .select_related("area", "submitted_by", "approved_by")
        .annotate(return_reason=_return_reason())
    )


def tally_get(user, pk, action=Action.VIEW) -> MonthlyTally:
    try:
        return tally_list(user, action).get(pk=pk)
    except (MonthlyTally.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def steps_of(user, tally: MonthlyTally):
    """The workflow steps of a tally, newest first."""
    return (
        TallyStatusChange.objects.visible_to(user)
        .filter(tally=tally)
        .select_related("changed_by")
        .order_by("-changed_at", "-id")
    )


def tallies_returned_to(user):
    """The tallies returned for correction to units where `user` may change them, with
    `return_reason`, oldest month first."""
    return (
        tally_list(user, Action.CHANGE)
        .filter(status=TallyStatus.RETURNED)
        .order_by("month", "area__path")
    )


class _Unit(NamedTuple):
    """What the approval levels read of a tally's unit."""

    pk: int
    path: str


def tallies_awaiting_approval(user, records=None):
    """The tallies that wait for a decision at the user's level (submitted, or accepted at the
    level before), oldest month first, picked from `records`: by default as the list shows
    them (tally_list); the inbox picks plain records."""
    records = tally_list(user, Action.APPROVE) if records is None else records
    return records.filter(pk__in=keys_awaiting_approval(user)).order_by("month", "area__path")


def keys_awaiting_approval(user) -> list:
    """The keys of the tallies that wait for a decision at the user's level. The levels are read
    for all candidates at once, from rows of what they need (all held by the `tally_awaiting`
    index and the unit's path), not from records."""
    candidates = list(
        MonthlyTally.objects.visible_to(user, Action.APPROVE)
        .filter(status__in=AWAITING_STATUSES)
        .values_list("pk", "area_id", "status", "approved_level", "area__path", named=True)
    )
    areas = {t.area_id: _Unit(t.area_id, t.area__path) for t in candidates}.values()
    chain_of = approval.chains(areas)
    acting_of = approval.acting_levels(user, areas)
    return [
        t.pk
        for t in candidates
        if approval.level_refusal(t, chain_of[t.area_id], acting_of[t.area_id]) is None
    ]


def existing_months(user, commune_codes, months):
    """{(area id, month)} of the tallies that exist for these commune codes and months."""
    if not commune_codes or not months:
        return set()
    return set(
        MonthlyTally.objects.visible_to(user)
        .filter(area__code__in=set(commune_codes), month__in=set(months))
        .values_list("area_id", "month")
    )


# --- figures ----------------------------------------------------------------------------


def _sums():
    sums = {name: Coalesce(Sum(name), 0) for name in COUNT_FIELDS}
    sums["tallies"] = Count("id")
    sums["approved"] = Count("id", filter=Q(status=TallyStatus.APPROVED))
    return sums


def _with_rates(row):
    """A flat dict: every count, `tallies` (how many were summed), `approved`, and the rates."""
    figures = {name: row.get(name) or 0 for name in (*COUNT_FIELDS, "tallies", "approved")}
    figures["clarification_rate"] = rate(
        figures["criminal_cases_clarified"], figures["criminal_cases_registered"]
    )
    figures["detection_rate"] = rate(
        figures["social_order_cases_detected"], figures["social_order_cases_occurred"]
    )
    return figures


def _period(user, date_from, date_to, approved_only):
    """Tallies the user may see whose month (its first day) lies in [date_from, date_to]."""
    qs = MonthlyTally.objects.visible_to(user)
    if date_from is not None:
        qs = qs.filter(month__gte=date_from)
    if date_to is not None:
        qs = qs.filter(month__lte=date_to)
    if approved_only:
        qs = qs.filter(status=TallyStatus.APPROVED)
    return qs


def tally_totals(user, area=None, date_from=None, date_to=None, approved_only=False):
    """Each count summed over `area`'s subtree (everything the user may see without one) and
    the period, with the clarification and detection rates: one aggregate query."""
    qs = _period(user, date_from, date_to, approved_only)
    if area is not None:
        qs = qs.filter(area__path__startswith=area.path)
    return _with_rates(qs.aggregate(**_sums()))


def tally_totals_by_child(user, area, date_from=None, date_to=None, approved_only=False):
    """[(child area, figures)] for each child of `area` the user may see: the sums come from one
    GROUP BY over the children's path prefixes. Children no longer in force are listed only
    when they have figures in the period (old units keep their old figures)."""
    prefix_len = (area.depth + 1) * Area.steplen
    rows = (
        _period(user, date_from, date_to, approved_only)
        .filter(area__path__startswith=area.path, area__depth__gt=area.depth)
        .annotate(prefix=Substr("area__path", 1, prefix_len))
        .values("prefix")
        .annotate(**_sums())
        .order_by()
    )
    by_prefix = {row["prefix"]: row for row in rows}
    day = date_to or date.today()
    children = Area.objects.visible_to(user).filter(
        depth=area.depth + 1, path__startswith=area.path
    )
    return [
        (child, _with_rates(by_prefix.get(child.path, {})))
        for child in children.order_by("path")
        if child.path in by_prefix or child.is_active_on(day)
    ]


def tip_count_months(area_ids, months):
    """{(area id, month)} among these whose tally carries tip counts (TIP_COUNT_FIELDS): the
    register must not count tips there too. Not scoped: it guards a rule, and tells a user
    nothing but a refusal."""
    if not area_ids or not months:
        return set()
    carries = Q()
    for name in TIP_COUNT_FIELDS:
        carries |= Q(**{f"{name}__isnull": False})
    return set(
        MonthlyTally.objects.filter(carries, area_id__in=set(area_ids), month__in=set(months))
        .values_list("area_id", "month")
        .order_by()
    )
