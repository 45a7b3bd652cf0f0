"""The figures of a period report, without their wording: every indicator for the area and for
each unit under it (`compute()`: two GROUP BY passes per record type), on the units as filed or
on today's units through the crosswalk, and the approved commendations. Computed once, written
in any language, and kept as JSON when a report is signed off.

Stocks (models, teams, cameras, organisations, villages) are counted as at the period's end;
flows (tips received, monthly case figures) over the whole period. The area and its children
are the units in force on the period's end.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.honours import selectors as honours
from antq.honours.choices import CommendationStatus
from antq.honours.exports import position_or_unit
from antq.indicators import crosswalk
from antq.indicators.compute import Result, compute
from antq.indicators.registry import REGISTRY

BOUNDARIES = ("filed", "today")


class ReportError(ValueError):
    """A report that cannot be made as asked; the message is translated, for the user."""


@dataclass
class Figures:
    """Everything a report says, without its wording: computed once, written in any language,
    and kept as JSON when a report is signed off."""

    area: dict  # code, name, path, level, parent (the name of the province above, or "")
    date_from: date
    date_to: date
    boundaries: str
    day: date  # the day whose units the report shows
    total: dict
    own: dict | None
    children: list  # [{"code", "name", "path", "values"}]
    commendations: list = field(default_factory=list)
    unlisted: int = 0  # approved commendations counted in the figures but not listed
    folded: list = field(default_factory=list)  # [{"code", "name", "former", "divided"}]
    # whether a figure nobody reported can be told from a zero (`Indicator.reported_by`): not in
    # figures signed off before those counts were kept
    tells_unreported: bool = True

    def result(self, values):
        return Result(values, tells_unreported=self.tells_unreported)

    def to_json(self):
        data = {
            "area": self.area,
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "boundaries": self.boundaries,
            "day": self.day.isoformat(),
            "total": plain(self.total),
            "own": plain(self.own) if self.own is not None else None,
            "children": [c | {"values": plain(c["values"])} for c in self.children],
            "commendations": self.commendations,
            "unlisted": self.unlisted,
            "folded": self.folded,
            "tells_unreported": self.tells_unreported,
        }
        return data

    @classmethod
    def from_json(cls, data):
        return cls(
            **(
                data
                | {
                    "date_from": date.fromisoformat(data["date_from"]),
                    "date_to": date.fromisoformat(data["date_to"]),
                    "day": date.fromisoformat(data["day"]),
                    "tells_unreported": data.get("tells_unreported", False),
                }
            )
        )


def plain(values):
    """Numbers as JSON keeps them (sums of money come back from the database as Decimal)."""
    out = {}
    for key, value in (values or {}).items():
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        out[key] = value
    return out


def _commendation_rows(user, area, date_from, date_to, former_paths):
    """Approved commendations decided in the period in the area (and, with today's boundaries,
    in the former communes folded into it), as the user may see them. An individual's name and
    position are personal data: they are not kept in the figures but read when the report is
    written (see `_personal`)."""
    where = Q(area__path__startswith=area.path)
    for path in former_paths:
        where |= Q(area__path__startswith=path)
    rows = (
        honours.commendation_list(user)
        .filter(where, status=CommendationStatus.APPROVED)
        .filter(decision_date__gte=date_from, decision_date__lte=date_to)
        .order_by("decision_date", "decision_number", "id")
    )
    return [
        {
            "id": c.pk,
            "individual": not c.is_collective,
            "recipient": c.recipient_label if c.is_collective else "",
            "position": position_or_unit(c) if c.is_collective else "",
            "form": c.award_form,
            "form_other": c.form_other,
            "authority": c.authority_name,
            "decision_number": c.decision_number,
            "decision_date": c.decision_date.isoformat() if c.decision_date else "",
        }
        for c in rows
    ]


def check_period(area: Area, date_from: date, date_to: date, boundaries="filed"):
    """Refuse a report that cannot be made as asked (ReportError, for the user), before any
    figure is computed; returns the day whose units the report shows."""
    if date_from > date_to:
        raise ReportError(_("The end is before the start."))
    if boundaries not in BOUNDARIES:
        raise ReportError(
            _("Boundaries must be one of {choices}, not {value!r}.").format(
                choices=", ".join(BOUNDARIES), value=boundaries
            )
        )
    day = date_to if boundaries == "filed" else timezone.localdate()
    if boundaries == "today" and not area.is_active_on(day):
        raise ReportError(
            _(
                "{unit} is no longer in force: a report on today's boundaries needs one of "
                "today's units."
            ).format(unit=area.name)
        )
    return day


def collect_figures(user, area: Area, date_from: date, date_to: date, boundaries="filed"):
    """The figures of the report on `area` (as `user` may see it) for [date_from, date_to]."""
    day = check_period(area, date_from, date_to, boundaries)
    keys = list(REGISTRY)
    period = {"user": user, "area": area, "date_from": date_from, "date_to": date_to}
    total = dict((compute(keys, **period).get(area.path) or Result({})).values)
    by_child = {p: dict(r.values) for p, r in compute(keys, by_child=True, **period).items()}
    folded, former_paths = [], []
    if boundaries == "today":
        fold = crosswalk.crosswalk(user, area, day)
        child_len = len(area.path) + Area.steplen
        # every measure adds up over former units (a village lies in one commune, so distinct
        # counts of villages add up too): each former unit's values move to its child bucket
        moved = crosswalk.moved_values(keys, fold, date_from, date_to)
        crosswalk.fold_into(by_child, total, fold, moved, child_len)
        # distinct units (communes with a model) do not add up over the units merged together
        units = crosswalk.distinct_units(keys, user, fold, date_from, date_to, child_len)
        for bucket, values in units.items():
            (total if bucket == area.path else by_child.setdefault(bucket, {})).update(values)
        for bucket, values in by_child.items():
            if bucket not in units and bucket != area.path:
                for key in units.get(area.path, {}):
                    values[key] = 0
        former_paths = list(fold.outside())
        for successor, formers in fold.by_successor():
            code, name = fold.names.get(successor, ("", successor))
            folded.append(
                {
                    "code": code,
                    "name": name,
                    "former": [list(fold.names.get(f, ("", f))) for f in formers],
                    "divided": [
                        fold.names.get(f, ("", f))[0] for f in formers if f in fold.divided
                    ],
                }
            )
    children = [
        {"code": c.code, "name": c.name, "path": c.path, "values": by_child.get(c.path, {})}
        for c in Area.objects.visible_to(user)
        .filter(path__startswith=area.path, depth=area.depth + 1)
        .active_on(day)
        .order_by("path")
    ]
    parent = Area.objects.get_parent(area)
    commendations = _commendation_rows(user, area, date_from, date_to, former_paths)
    return Figures(
        area={
            "code": area.code,
            "name": area.name,
            "path": area.path,
            "level": area.level,
            "parent": parent.name if parent and parent.level >= AreaLevel.PROVINCE else "",
        },
        date_from=date_from,
        date_to=date_to,
        boundaries=boundaries,
        day=day,
        total=total,
        own=by_child.get(area.path),
        children=children,
        commendations=commendations,
        unlisted=max(0, total.get("honours.commendations", 0) - len(commendations)),
        folded=folded,
    )
