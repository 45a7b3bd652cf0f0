"""Who approves a tally next, level by level, and whether the tally may be approved now.

A commune's tally is approved in turn by the levels ANTQ_APPROVAL_LEVELS names, from the nearest
(an intermediate level, where the deployment keeps one) to the province. A level takes part only
where a unit at that level, in force today, lies above the commune; the last level (the
province) always does, for a former commune through the unit it became part of. An approver acts
at the level of the area of the role through which they are above the commune (its ancestor).

Every check here is made for many tallies at once (bulk approval): a handful of queries, not one
per tally.
"""

import calendar
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.core.scoping import Action, path_above
from antq.formats import format_date
from antq.reporting.periods import reporting_period
from antq.tallies.choices import LOCKED_STATUSES, TallyStatus
from antq.tallies.models import MonthlyTally
from antq.tallies.months import month_text

# The acting level of a superuser: whichever level the tally waits for.
ANYWHERE = "anywhere"

_LEVEL_NAMES = {"province": AreaLevel.PROVINCE, "district": AreaLevel.DISTRICT}


def configured_levels():
    """The approval levels, nearest to the commune first (ANTQ_APPROVAL_LEVELS)."""
    try:
        levels = {_LEVEL_NAMES[name] for name in settings.ANTQ_APPROVAL_LEVELS}
    except KeyError as exc:
        raise ImproperlyConfigured(
            f"ANTQ_APPROVAL_LEVELS: unknown level {exc}; use {', '.join(_LEVEL_NAMES)}"
        ) from exc
    return sorted(levels or {AreaLevel.PROVINCE}, reverse=True)


def level_name(level):
    return AreaLevel(level).label if level is not None else ""


def _prefixes(path):
    return [path[:end] for end in range(Area.steplen, len(path), Area.steplen)]


def chains(areas):
    """{area id: [levels that approve its tallies, nearest first]} for these communes: one query
    for the units in force above them."""
    levels = configured_levels()
    top, between = levels[-1], levels[:-1]
    found = set()
    if between:
        prefixes = {p for area in areas for p in _prefixes(area.path)}
        today = timezone.localdate()
        found = set(
            Area.objects.filter(path__in=prefixes, level__in=between)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            .values_list("path", "level")
        )
    return {
        area.pk: [
            *(level for level in between if any((p, level) in found for p in _prefixes(area.path))),
            top,
        ]
        for area in areas
    }


def next_level(tally, chain):
    """The level whose approval the tally waits for, or None when it waits for none."""
    if tally.status == TallyStatus.SUBMITTED:
        return chain[0]
    if tally.status == TallyStatus.ACCEPTED and tally.approved_level in chain:
        at = chain.index(tally.approved_level)
        return chain[at + 1] if at + 1 < len(chain) else None
    return None


def acting_levels(user, areas, action=Action.APPROVE):
    """{area id: the level from which `user` is above the area for `action`, or None}; for a
    superuser, the value ANYWHERE (they act at whatever level is next). One query."""
    if user.is_superuser:
        return dict.fromkeys((a.pk for a in areas), ANYWHERE)
    via = {area.pk: path_above(user, action, area) for area in areas}
    levels = dict(
        Area.objects.filter(path__in={p for p in via.values() if p}).values_list("path", "level")
    )
    return {pk: levels.get(path) for pk, path in via.items()}


def for_chain(acting, chain):
    """The level `acting` decides at on this chain: a role above its last level (the country
    above the province) decides as that last level."""
    if acting not in (None, ANYWHERE) and acting < chain[-1]:
        return chain[-1]
    return acting


def period_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def period_error(tally):
    """The refusal of an approval before the tally's reporting period has ended (the calendar
    month, or under ANTQ_REPORT_PERIOD=cutoff15 the 14th: reporting/periods.py), or None."""
    end = reporting_period(tally.month).end
    if end < timezone.localdate():
        return None
    return ValidationError(
        {
            "month": _(
                "The period {month} has not ended yet (it ends on {end}): its tally cannot be "
                "approved before then."
            ).format(month=month_text(tally.month), end=format_date(end))
        }
    )


def status_error(tally, message):
    return ValidationError({"status": message.format(status=TallyStatus(tally.status).label)})


def level_refusal(tally, chain, acting):
    """Why `acting` (a level, ANYWHERE or None) may not approve or return `tally` now, or None.
    PermissionDenied where the user's role does not reach that far, ValidationError where the
    tally is not in a state to be decided at their level."""
    if acting is None:
        return PermissionDenied(
            _("Only an approver at a level above the commune may approve or return its tally.")
        )
    acting = for_chain(acting, chain)
    wanted = next_level(tally, chain)
    if wanted is None:
        return status_error(
            tally, _("This tally is “{status}”: it is not waiting for an approval.")
        )
    if acting == ANYWHERE or acting == wanted:
        return None
    if acting > wanted:  # a nearer level (a district) than the one the tally waits for
        return PermissionDenied(
            _("This tally now waits for an approver at the {level} level.").format(
                level=level_name(wanted)
            )
        )
    return ValidationError(
        {
            "status": _(
                "This tally must first be accepted at the {level} level, before the {acting} "
                "level decides on it."
            ).format(level=level_name(wanted), acting=level_name(acting))
        }
    )


def children_refusals(tallies, chain_of):
    """{tally id: ValidationError} for the tallies that wait for a level after an intermediate
    one whose unit above the commune still has communes not accepted for the month, when
    ANTQ_APPROVAL_CHILDREN_FIRST is on. Three queries for all of them."""
    if not settings.ANTQ_APPROVAL_CHILDREN_FIRST:
        return {}
    before = {}  # tally → the level before the one it waits for
    for tally in tallies:
        chain = chain_of[tally.area_id]
        wanted = next_level(tally, chain)
        if wanted is not None and chain.index(wanted) > 0:
            before[tally] = chain[chain.index(wanted) - 1]
    if not before:
        return {}
    units = {
        (unit.path, unit.level): unit
        for unit in Area.objects.filter(
            path__in={p for tally in before for p in _prefixes(tally.area.path)},
            level__in=set(before.values()),
        )
    }
    unit_of = {}
    for tally, level in before.items():
        unit = next(
            (units[(p, level)] for p in _prefixes(tally.area.path) if (p, level) in units), None
        )
        if unit is not None:
            unit_of[tally] = unit
    if not unit_of:
        return {}
    under = Q()
    for path in {unit.path for unit in unit_of.values()}:
        under |= Q(path__startswith=path)
    communes = list(
        Area.objects.filter(under, level=AreaLevel.COMMUNE).values_list(
            "pk", "path", "valid_from", "valid_to"
        )
    )
    done = set(
        MonthlyTally.objects.filter(
            area_id__in=[c[0] for c in communes],
            month__in={tally.month for tally in unit_of},
            status__in=LOCKED_STATUSES,
        ).values_list("area_id", "month")
    )
    refusals = {}
    for tally, unit in unit_of.items():
        month, end = tally.month, period_end(tally.month)
        pending = sum(
            1
            for pk, path, valid_from, valid_to in communes
            if path.startswith(unit.path)
            and (valid_from is None or valid_from <= end)
            and (valid_to is None or valid_to >= month)
            and (pk, month) not in done
        )
        if pending:
            refusals[tally.pk] = ValidationError(
                {
                    "status": ngettext(
                        "{unit} has {n} commune whose tally for {month} is not yet accepted at "
                        "the {level} level: all its communes must be, first.",
                        "{unit} has {n} communes whose tally for {month} is not yet accepted at "
                        "the {level} level: all its communes must be, first.",
                        pending,
                    ).format(
                        unit=unit.name,
                        n=pending,
                        month=month_text(month),
                        level=level_name(before[tally]),
                    )
                }
            )
    return refusals
