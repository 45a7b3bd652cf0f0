"""Reads of signed reports: the list the user may see, one of them, the one of an area and
period, the figures that changed since a report was signed off and the writes that lock
exceptions let into its period; and the lock exceptions the user may see."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404

from antq.core.scoping import with_former_q
from antq.indicators.groups import ordered_keys
from antq.indicators.registry import REGISTRY
from antq.reports.figures import Figures, collect_figures, plain
from antq.reports.models import Boundaries, ExceptionWrite, FrozenReport, LockException


def frozen_report_list(user):
    """Signed reports of the areas the user may see, newest first."""
    return FrozenReport.objects.visible_to(user).select_related("area", "signed_by")


def frozen_report_get(user, pk):
    """One signed report the user may see; 404 otherwise."""
    try:
        return frozen_report_list(user).get(pk=pk)
    except (FrozenReport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def frozen_report_find(user, area, date_from, date_to, boundaries):
    return (
        frozen_report_list(user)
        .filter(area=area, date_from=date_from, date_to=date_to, boundaries=boundaries)
        .first()
    )


@dataclass
class Difference:
    """A figure that changed since sign-off (a later correction)."""

    unit: str  # the unit's name ("" for the total of the report's area)
    code: str
    key: str
    name: str
    frozen: object
    current: object

    @property
    def change(self):
        return self.current - self.frozen


def frozen_differences(user, frozen):
    """Every figure of a signed report whose value today differs from the kept one: the total
    and each child unit, recomputed now (the same few GROUP BY queries as the report)."""
    kept = Figures.from_json(frozen.figures)
    now = collect_figures(user, frozen.area, kept.date_from, kept.date_to, kept.boundaries)
    pairs = [("", kept.area["code"], kept.total, now.total)]
    current_children = {c["code"]: c["values"] for c in now.children}
    for child in kept.children:
        pairs.append(
            (child["name"], child["code"], child["values"], current_children.get(child["code"], {}))
        )
    out = []
    for unit, code, before, after in pairs:
        after = plain(after)
        for key in ordered_keys():
            ind = REGISTRY[key]
            old, new = before.get(key, 0) or 0, after.get(key, 0) or 0
            if old != new:
                out.append(Difference(unit, code, key, str(ind.name), old, new))
    return out


def exception_writes(frozen):
    """The writes into a signed report's area and period that a lock exception let through
    after it was signed: the "changes since" made in a closed period. On today's boundaries, the
    former units that became part of its area are its area too (core/scoping.former_units)."""
    if frozen.boundaries == Boundaries.TODAY:
        where = with_former_q([frozen.area.path], "area__path")
    else:
        where = Q(area__path__startswith=frozen.area.path)
    return (
        ExceptionWrite.objects.filter(
            where,
            dated__range=(frozen.date_from, frozen.date_to),
            at__gte=frozen.signed_at,
        )
        .select_related("area", "by", "content_type", "exception")
        .order_by("at", "pk")
    )


def lock_exception_list(user):
    """The lock exceptions of the areas the user may see, newest first."""
    return (
        LockException.objects.visible_to(user)
        .select_related("area", "granted_by", "revoked_by")
        .annotate(write_count=Count("writes"))
    )


def lock_exception_get(user, pk):
    """One lock exception the user may see; 404 otherwise."""
    try:
        return lock_exception_list(user).get(pk=pk)
    except (LockException.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
