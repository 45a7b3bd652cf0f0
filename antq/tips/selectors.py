"""Every read of tips, scoped to the user: the inbox by urgency, a tip's timeline, messages,
attached files and clock, the readings of identities, the daily reminder, and the dashboard's
flag of the units with overdue tips."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Substr, TruncMonth
from django.http import Http404
from django.utils import timezone

from antq.areas.models import Area
from antq.cameras.choices import CameraStatus
from antq.cameras.models import CameraSite
from antq.cameras.selectors import camerasite_list, camerasite_near
from antq.core.scoping import EVERYWHERE, Action, Role, jurisdiction_paths
from antq.indicators.compute import compute
from antq.tips import deadlines
from antq.tips.choices import RUNNING, TipStatus
from antq.tips.exports import STEPS_PREFETCH
from antq.tips.models import IdentityReveal, Tip, TipAttachment, TipCategory

# The reminder (and the inbox's "falling due" mark) looks this many days ahead.
REMIND_WITHIN_DAYS = 5
# For management commands run by the operator: every unit, no user.
ALL_UNITS = object()
# The indicator of the tips being handled by their due date (declared in tips/indicators.py).
OPEN_DUE = "tips.open_due"


def _today(today=None) -> date:
    return today or timezone.localdate()


def _under(queryset, area):
    return queryset if area is None else queryset.filter(area__path__startswith=area.path)


def overdue_q(today) -> Q:
    """Tips overdue on `today`: open with the clock running and past the due date in force (the
    due date itself is still on time, as `deadlines.is_overdue` says)."""
    return Q(status__in=RUNNING, due_on__lt=today)


def urgency(today):
    """0 overdue, 1 running (soonest first by due_on), 2 suspended, 3 settled."""
    return Case(
        When(due_on__lt=today, then=Value(0)),
        When(due_on__isnull=False, then=Value(1)),
        When(status=TipStatus.SUSPENDED, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def category_list():
    """The tip categories, those not in use too (old tips keep theirs): a catalogue every user
    may read."""
    return TipCategory.objects.all()


def tip_list(user, action=Action.VIEW, today=None):
    """The unit's inbox by urgency: overdue first, then by due date, then the rest newest first;
    for an export, with the steps its columns show (one query more)."""
    tips = (
        Tip.objects.visible_to(user, action)
        .select_related("area", "category", "assigned_to")
        .annotate(urgency=urgency(_today(today)))
        .order_by("urgency", F("due_on").asc(nulls_last=True), "-received_on", "-id")
    )
    if action == Action.EXPORT:
        tips = tips.prefetch_related(STEPS_PREFETCH)
    return tips


def assignable_officers(tip: Tip):
    """Active users who may work on the tips of the tip's unit: editors or above there or at a
    unit above it."""
    from antq.accounts.models import User

    path, step = tip.area.path, tip.area.steplen
    prefixes = [path[:i] for i in range(step, len(path) + 1, step)]
    return (
        User.objects.filter(
            is_active=True,
            roles__area__path__in=prefixes,
            roles__role__in=(Role.EDITOR, Role.APPROVER, Role.ADMINISTRATOR),
        )
        .distinct()
        .order_by("username")
    )


def tip_get(user, pk, action=Action.VIEW) -> Tip:
    try:
        return tip_list(user, action).get(pk=pk)
    except (Tip.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def timeline(tip: Tip):
    """The events of a tip the caller already holds (so already scoped), oldest first."""
    return tip.events.select_related(
        "by", "assignee", "from_area", "to_area", "footage_request"
    ).order_by("on", "id")


def thread(tip: Tip):
    """The messages between the unit and the reporter, in the order they were sent (not by
    time: a reporter's message is dated to the hour only)."""
    return tip.messages.select_related("by").order_by("id")


def attachments_of(tip: Tip):
    """The files sent with a tip the caller already holds (so already scoped), in order."""
    return TipAttachment.objects.filter(tip=tip).order_by("id")


def tip_attachment(tip: Tip, pk) -> TipAttachment:
    """One file of the tip; 404 for any other (a file of another tip included)."""
    try:
        return attachments_of(tip).get(pk=pk)
    except (TipAttachment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def tip_clock(events) -> deadlines.Clock | None:
    """The clock of a tip from its events (as `timeline` returns them); None for a tip whose
    events do not make a clock (one written without its receipt event, say): pages then show
    the stored due date only."""
    try:
        return deadlines.clock(list(events))
    except deadlines.DeadlineError:
        return None


def clock_summary(tip: Tip, clock: deadlines.Clock | None, today=None) -> dict:
    """What a page shows about a tip's time limit."""
    today = _today(today)
    left = deadlines.days_left(tip.due_on, today)
    overdue = deadlines.is_overdue(tip.due_on, today)
    # an expired time limit cannot be extended any more
    next_extension = clock.next_extension if clock and not overdue else None
    return {
        "due": tip.due_on,
        "days_left": left,
        "overdue": overdue,
        "days_overdue": -left if left is not None and left < 0 else 0,
        "falling_due": tip.due_on is not None
        and today <= tip.due_on <= today + timedelta(days=REMIND_WITHIN_DAYS),
        "request_extension_by": (
            deadlines.extension_request_due(tip.due_on) if next_extension else None
        ),
        "next_extension": next_extension,
        "extension_limit": clock.extension_limit if next_extension else None,
    }


def may_list_reveals(user) -> bool:
    paths = jurisdiction_paths(user, Action.ADMINISTER)
    return paths is EVERYWHERE or bool(paths)


def identity_reveals(user):
    """Readings of reporters' identities, newest first, for administrators of the unit that
    holds (or held) the tip."""
    return IdentityReveal.objects.visible_to(user, Action.ADMINISTER).select_related(
        "tip", "user", "area", "attachment"
    )


def tips_to_remind(user, *, today=None, within=REMIND_WITHIN_DAYS):
    """Tips with a running clock that are overdue or fall due within `within` days, by unit
    then due date. `user` may be ALL_UNITS for the daily command."""
    today = _today(today)
    qs = Tip.objects.all() if user is ALL_UNITS else Tip.objects.visible_to(user)
    return (
        qs.filter(status__in=RUNNING, due_on__isnull=False, due_on__lte=today + timedelta(within))
        .select_related("area", "assigned_to")
        .order_by("area__path", "due_on", "code")
    )


@dataclass
class OverdueFlag:
    """A unit directly under the shown area (or the area itself, `own`, for the tips held at
    it) with tips overdue today."""

    area: Area
    overdue: int
    own: bool = False


def overdue_by_child(user, area: Area, today: date | None = None) -> list[OverdueFlag]:
    """The units directly under `area` holding tips overdue on `today` (in their subtree), the
    most overdue first. Overdue is the tips' own rule (`overdue_q`: running, due before today), a
    state of today, so the period shown does not change it.

    Read from the indicator OPEN_DUE (running tips by due date, kept per area and month by the
    rollup) up to the end of last month, plus the tips of this month due before today: "overdue"
    moves with every day, which the monthly rollup cannot hold, so those few days are read from
    the tips through the partial index on the running tips' due dates (`tip_running_due`), one
    month of due dates at most however many tips there are. Then one query for the units."""
    today = today or timezone.localdate()
    month_start = today.replace(day=1)
    prefix_len = (area.depth + 1) * Area.steplen
    kept = compute(
        [OPEN_DUE],
        user=user,
        area=area,
        date_to=month_start - timedelta(days=1),
        by_child=True,
    )
    counts = {path: result.value(OPEN_DUE) for path, result in kept.items()}
    rows = (
        Tip.objects.visible_to(user)
        .filter(overdue_q(today), due_on__gte=month_start, area__path__startswith=area.path)
        .annotate(_bucket=Substr("area__path", 1, prefix_len))
        .values("_bucket")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        bucket = row["_bucket"] if len(row["_bucket"]) == prefix_len else area.path
        counts[bucket] = counts.get(bucket, 0) + row["n"]
    counts = {path: n for path, n in counts.items() if n}
    below = [path for path in counts if path != area.path]
    units = (
        {a.path: a for a in Area.objects.visible_to(user).filter(path__in=below)} if below else {}
    )
    flags = [
        OverdueFlag(
            area=area if path == area.path else units[path], overdue=n, own=path == area.path
        )
        for path, n in counts.items()
        if path == area.path or path in units
    ]
    flags.sort(key=lambda f: (-f.overdue, f.area.path))
    return flags


def register_tip_months(area_ids, months) -> dict:
    """{(area id, month): tips} of the register's tips received in these units and months: a
    monthly tally must not count them too. Not scoped: it guards a rule."""
    if not area_ids or not months:
        return {}
    rows = (
        Tip.objects.filter(
            area_id__in=set(area_ids),
            received_on__gte=min(months),
            received_on__lt=_month_after(max(months)),
        )
        .annotate(month=TruncMonth("received_on"))
        .values("area_id", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    wanted = set(months)
    return {(row["area_id"], row["month"]): row["n"] for row in rows if row["month"] in wanted}


def _month_after(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


# The distances (metres) the tip's page offers for the camera sites near the incident.
NEARBY_METRES = (200, 500, 1000, 2000)
NEARBY_DEFAULT = 500


def nearby_metres(value) -> int:
    """One of NEARBY_METRES from a query parameter; the default for anything else."""
    try:
        metres = int(value)
    except (TypeError, ValueError):
        return NEARBY_DEFAULT
    return metres if metres in NEARBY_METRES else NEARBY_DEFAULT


def nearby_cameras(user, tip: Tip, metres: int):
    """The camera sites the user may see within `metres` of the tip's point, nearest first
    (`distance_km` annotated); None when the tip has no point."""
    if tip.latitude is None or tip.longitude is None:
        return None
    return camerasite_near(user, tip.latitude, tip.longitude, metres / 1000)


def footage_sites(user, tip: Tip, metres: int):
    """The camera sites a footage request for the tip may name, as the page offers them: those
    near its point whose owner agreed to be asked; for a tip without a point, those of the unit
    where it happened (or of the unit holding it)."""
    near = nearby_cameras(user, tip, metres)
    if near is None:
        area = tip.place_area or tip.area
        near = camerasite_list(user).filter(area__path__startswith=area.path).order_by("address")
    return near.filter(footage_consent=True).exclude(status=CameraStatus.REMOVED)


def footage_requests(user, tip: Tip) -> list:
    """The footage requests of a tip the caller already holds (so already scoped), newest
    first. `site_visible` says whether the reader may see the camera site it names (a tip
    transferred to another commune keeps its requests, not the right to see the first
    commune's cameras): two queries."""
    requests = list(
        tip.footage_requests.select_related(
            "camera_site", "camera_site__owner_organisation", "requested_by", "outcome_by"
        ).order_by("-requested_on", "-id")
    )
    site_ids = {r.camera_site_id for r in requests}
    visible = (
        set(
            CameraSite.objects.visible_to(user).filter(pk__in=site_ids).values_list("pk", flat=True)
        )
        if site_ids
        else set()
    )
    for r in requests:
        r.site_visible = r.camera_site_id in visible
    return requests


def footage_request_get(tip: Tip, pk):
    """One footage request of the tip; 404 for any other (one of another tip included)."""
    try:
        return tip.footage_requests.select_related("tip", "camera_site").get(pk=pk)
    except (ValueError, TypeError, tip.footage_requests.model.DoesNotExist) as exc:
        raise Http404 from exc
