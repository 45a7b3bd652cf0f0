"""Export columns of tips. Never the reporter's identity; and no free text (summary, outcome
notes) either, since those may name people and exports travel by e-mail. Under the headers of
the import of past tips, with the steps its rows replay (the outcome, the extensions, a
suspension), so that an export imports back: without its summary, which the import then leaves
empty."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from antq.core.exports import place_columns
from antq.tips import deadlines
from antq.tips.choices import OUTCOMES, EventKind, TipStatus
from antq.tips.imports import TIP_IMPORT
from antq.tips.models import TipEvent
from antq.tips.services.past import OUTCOME_STEPS

_STEP_KINDS = (
    EventKind.EXTENDED,
    EventKind.EXTENDED_SECOND,
    EventKind.SUSPENDED,
    EventKind.RESUMED,
    *(kind for _step, kind in OUTCOME_STEPS.values()),
)
# the export's queryset reads the steps of all its tips in one more query (tips/selectors.py)
STEPS_PREFETCH = Prefetch(
    "events",
    queryset=TipEvent.objects.filter(kind__in=_STEP_KINDS).order_by("on", "pk"),
    to_attr="register_steps",
)


def register_line(tip):
    """The steps of `tip` as a row of the import of past tips reads them: {column key: value}.
    A tip suspended more than once shows its first suspension and resumption (the register's
    line has room for one)."""
    steps = getattr(tip, "register_steps", None)
    if steps is None:  # a tip that did not come through the export's queryset
        steps = list(tip.events.filter(kind__in=_STEP_KINDS).order_by("on", "pk"))
    first = {}
    for event in steps:
        first.setdefault(event.kind, event)
    line = {}
    if tip.status in OUTCOMES:
        _step, kind = OUTCOME_STEPS[tip.status]
        last = [e for e in steps if e.kind == kind][-1:]
        line["outcome"] = TipStatus(tip.status).label
        line["outcome_on"] = last[0].on if last else None
        line["to_agency"] = last[0].to_agency if last else ""
    for kind, on, until in (
        (EventKind.EXTENDED, "extended_on", "extended_until"),
        (EventKind.EXTENDED_SECOND, "extended_again_on", "extended_again_until"),
    ):
        if kind in first:
            line[on], line[until] = first[kind].on, first[kind].until
    if tip.status != TipStatus.SUSPENDED:
        for kind, key in ((EventKind.SUSPENDED, "suspended_on"), (EventKind.RESUMED, "resumed_on")):
            if kind in first:
                line[key] = first[kind].on
    return line


def _step(key):
    def cell(tip):
        if not hasattr(tip, "_register_line"):  # once per tip, for its nine columns
            tip._register_line = register_line(tip)
        return tip._register_line.get(key)

    return cell


_LABELS = {c.key: c.label for c in TIP_IMPORT.columns}


def _today():
    return timezone.localdate()


TIP_COLUMNS = [
    (_("id"), lambda t: t.pk),
    (_("code"), lambda t: t.code),
    *place_columns(TIP_IMPORT),
    (_("received on"), lambda t: t.received_on),
    (_("legal kind"), lambda t: t.get_legal_kind_display()),
    (_("channel"), lambda t: t.get_channel_display()),
    (pgettext_lazy("tip", "category code"), lambda t: t.category.code),
    (pgettext_lazy("tip", "category"), lambda t: t.category.label),
    (_("occurred on"), lambda t: t.occurred_on),
    (
        _("time of occurrence"),
        lambda t: t.occurred_time.strftime("%H:%M") if t.occurred_time else None,
    ),
    (_("status"), lambda t: t.get_status_display()),
    (_("assigned to"), lambda t: t.assigned_to.person_label if t.assigned_to else ""),
    (_("extensions"), lambda t: t.extensions),
    (_("due on"), lambda t: t.due_on),
    (_("days left"), lambda t: deadlines.days_left(t.due_on, _today())),
    (_("overdue"), lambda t: deadlines.is_overdue(t.due_on, _today())),
    (_("settled on"), lambda t: t.settled_on),
    (_("decided on"), lambda t: t.decided_on),
    *(
        (_LABELS[key], _step(key))
        for key in (
            "outcome",
            "outcome_on",
            "to_agency",
            "extended_on",
            "extended_until",
            "extended_again_on",
            "extended_again_until",
            "suspended_on",
            "resumed_on",
        )
    ),
]
