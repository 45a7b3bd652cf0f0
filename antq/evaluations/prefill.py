"""Answers suggested by antq's own records. A rule per criterion code: adding one is one
function decorated with `@rule("code")`, returning (suggested answer, evidence text, whether the
records were sufficient). A rule reads the facts of the subject's own subtree (its area, or for
an organisation what it hosts) within the evaluation window; the caller already holds the
subject, so the reads need no further scoping.

The assessor confirms a suggestion or answers against it with a reason (antq.evaluations
.services); a rule whose records are insufficient suggests nothing and says why.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from antq.areas.choices import AreaLevel
from antq.areas.models import Area, active_on_q
from antq.evaluations import windows
from antq.evaluations.choices import ORGANISATION_KINDS, AssessmentStatus, SubjectKind
from antq.evaluations.models import Assessment, Registration
from antq.evaluations.subjects import Subject
from antq.hotspots.selectors import opened_between
from antq.movement.choices import ModelStatus
from antq.movement.models import MovementModel, Team
from antq.registry.models import Organisation
from antq.tallies.models import MonthlyTally

MAX_LISTED = 3


@dataclass(frozen=True)
class Prefill:
    answer: bool | None
    evidence: str
    sufficient: bool


@dataclass(frozen=True)
class Facts:
    subject: Subject
    year: int

    @property
    def window(self):
        return windows.window(self.subject.kind, self.year)

    @property
    def previous(self):
        return windows.previous_window(self.subject.kind, self.year)


RULES = {}


def rule(code):
    def register(func):
        RULES[code] = func
        return func

    return register


def suggest(criterion, facts: Facts) -> Prefill | None:
    """What the records say about one criterion, or None where antq has no rule for it."""
    func = RULES.get(criterion.code)
    return func(facts, criterion) if func else None


def d(day):
    return day.strftime("%d/%m/%Y")


def _period(w):
    return windows.period_text(w)


def _listed(items, text):
    shown = "; ".join(text(i) for i in items[:MAX_LISTED])
    more = len(items) - MAX_LISTED
    return shown + (" " + _("and {n} more").format(n=more) if more > 0 else "")


def _percent(share):
    """71.4 % in the reader's number format (71,4 % in Vietnamese); 70 % without decimals."""
    value = share * 100
    return f"{number_format(value, 0 if value == int(value) else 1)} %"


def _registration(facts):

    return Registration.objects.filter(year=facts.year, **facts.subject.lookup()).first()


# --- registration and plan ------------------------------------------------------------------


@rule("registered")
def registered(facts, criterion):
    reg = _registration(facts)
    deadline = windows.registration_deadline(facts.year)
    if reg is None:
        return Prefill(
            False, _("No registration for {year} is recorded.").format(year=facts.year), True
        )
    if reg.is_late:
        return Prefill(
            False,
            _("Registered on {day}, after the deadline of {deadline}.").format(
                day=d(reg.registered_on), deadline=d(deadline)
            ),
            True,
        )
    return Prefill(
        True,
        _("Registered on {day}, by the deadline of {deadline}.").format(
            day=d(reg.registered_on), deadline=d(deadline)
        ),
        True,
    )


@rule("plan_first_quarter")
def plan_first_quarter(facts, criterion):
    reg = _registration(facts)
    deadline = windows.registration_deadline(facts.year)
    if reg is None or reg.plan_adopted_on is None:
        return Prefill(
            None, _("The registration does not give the day the plan was adopted."), False
        )
    met = reg.plan_adopted_on <= deadline
    text = (
        _("Plan adopted on {day}, within the first quarter.")
        if met
        else _("Plan adopted on {day}, after the first quarter ({deadline}).")
    )
    return Prefill(met, text.format(day=d(reg.plan_adopted_on), deadline=d(deadline)), True)


# --- hotspots and crime ----------------------------------------------------------------------


@rule("no_new_hotspot")
def no_new_hotspot(facts, criterion):

    subject, w = facts.subject, facts.window
    if subject.is_organisation:
        return Prefill(
            None,
            _("Hotspots are recorded by area, not by organisation: check those of {area}.").format(
                area=subject.area.name
            ),
            False,
        )
    found = list(opened_between(subject.area, w.start, w.end).select_related("area"))
    if not found:
        return Prefill(
            True,
            _("No hotspot arose in {area} in {period}.").format(
                area=subject.area.name, period=_period(w)
            ),
            True,
        )
    return Prefill(
        False,
        ngettext(
            "{n} hotspot arose in {period}: {list}.",
            "{n} hotspots arose in {period}: {list}.",
            len(found),
        ).format(
            n=len(found),
            period=_period(w),
            list=_listed(found, lambda h: f"{h.title} ({d(h.opened_on)})"),
        ),
        True,
    )


def _cases(commune, w):
    """(criminal cases registered, monthly tallies found, months) in the window."""

    months = w.months()
    row = MonthlyTally.objects.filter(area=commune, month__in=months).aggregate(
        cases=Sum("criminal_cases_registered"), tallies=Count("id")
    )
    return row["cases"] or 0, row["tallies"], len(months)


def _month_span(w):
    months = w.months()
    return "\u2066{}–{}\u2069".format(months[0].strftime("%m/%Y"), months[-1].strftime("%m/%Y"))


@rule("crime_held")
def crime_held(facts, criterion):
    subject = facts.subject
    commune = subject.area
    if subject.kind != SubjectKind.COMMUNE:
        commune = Area.objects.filter(
            path__in=[subject.area.path[:n] for n in range(4, len(subject.area.path) + 1, 4)],
            level=AreaLevel.COMMUNE,
        ).first()
    if commune is None:
        return Prefill(None, _("No commune's monthly tallies cover this subject."), False)
    now, n_now, of_now = _cases(commune, facts.window)
    before, n_before, of_before = _cases(commune, facts.previous)
    figures = _(
        "Criminal cases registered in {commune}: {now} in {span} against {before} in "
        "{previous_span} (monthly tallies: {n_now} of {of_now} and {n_before} of {of_before})."
    ).format(
        commune=commune.name,
        now=now,
        span=_month_span(facts.window),
        before=before,
        previous_span=_month_span(facts.previous),
        n_now=n_now,
        of_now=of_now,
        n_before=n_before,
        of_before=of_before,
    )
    if subject.kind != SubjectKind.COMMUNE:
        return Prefill(
            None,
            _("Monthly tallies are kept by communes, not by this subject.") + " " + figures,
            False,
        )
    if n_now < of_now or n_before < of_before:
        return Prefill(None, _("Some monthly tallies are missing.") + " " + figures, False)
    return Prefill(now <= before, figures, True)


# --- models and teams -----------------------------------------------------------------------


def _hosted(queryset, subject):
    if subject.is_organisation:
        return queryset.filter(host_organisation=subject.organisation)
    return queryset.filter(area__path__startswith=subject.area.path)


@rule("effective_model")
def effective_model(facts, criterion):

    w = facts.window
    models = list(
        _hosted(MovementModel.objects.all(), facts.subject)
        .filter(status=ModelStatus.EFFECTIVE, started_on__lte=w.end)
        .order_by("started_on", "id")
        .only("name", "started_on")
    )
    if not models:
        return Prefill(
            False,
            _("No model rated effective is recorded for {subject}.").format(
                subject=facts.subject.name
            ),
            True,
        )
    return Prefill(
        True,
        ngettext(
            "{n} model rated effective: {list}.", "{n} models rated effective: {list}.", len(models)
        ).format(n=len(models), list=_listed(models, lambda m: m.name)),
        True,
    )


SECURITY_TEAMS = ("security_self_governing", "security_protection")


@rule("security_team")
def security_team(facts, criterion):

    w = facts.window
    teams = list(
        _hosted(Team.objects.all(), facts.subject)
        .filter(kind__in=SECURITY_TEAMS)
        .filter(Q(established_on__isnull=True) | Q(established_on__lte=w.end))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=w.end))
        .annotate(n=Count("members", filter=Q(members__left_on__isnull=True)))
        .order_by("name", "id")
    )
    if not teams:
        return Prefill(
            False,
            _("No security team in activity is recorded for {subject}.").format(
                subject=facts.subject.name
            ),
            True,
        )
    return Prefill(
        True,
        ngettext(
            "{n} security team in activity: {list}.",
            "{n} security teams in activity: {list}.",
            len(teams),
        ).format(
            n=len(teams),
            list=_listed(teams, lambda t: _("{name} ({n} members)").format(name=t.name, n=t.n)),
        ),
        True,
    )


# --- the commune's own units ----------------------------------------------------------------


def commune_units(commune, year):
    """The units a commune answers for in `year`: its residential areas in force at the end of
    the residential window, and the agencies, enterprises and schools in its subtree."""

    end = windows.window(SubjectKind.RESIDENTIAL, year).end
    villages = list(
        Area.objects.filter(path__startswith=commune.path, level=AreaLevel.VILLAGE).filter(
            active_on_q(end)
        )
    )
    organisations = list(
        Organisation.objects.filter(
            area__path__startswith=commune.path, org_type__in=list(ORGANISATION_KINDS)
        ).order_by("name", "id")
    )
    return villages, organisations


def _share_rule(facts, criterion, found, done_text):
    """A share of the commune's units (villages, agencies, schools) against the threshold."""
    if facts.subject.kind != SubjectKind.COMMUNE:
        return Prefill(None, _("Only a commune answers for the units under it."), False)
    villages, organisations = commune_units(facts.subject.area, facts.year)
    total = len(villages) + len(organisations)
    if not total:
        return Prefill(
            None, _("No residential area or organisation under this commune is recorded."), False
        )
    village_ids = {v.pk for v in villages}
    org_ids = {o.pk for o in organisations}
    done_villages = {r["area_id"] for r in found if r["organisation_id"] is None} & village_ids
    done_orgs = {r["organisation_id"] for r in found if r["organisation_id"]} & org_ids
    done = len(done_villages) + len(done_orgs)
    share = Decimal(done) / Decimal(total)
    threshold = criterion.threshold if criterion.threshold is not None else Decimal(1)
    missing = [v.name for v in villages if v.pk not in done_villages] + [
        o.name for o in organisations if o.pk not in done_orgs
    ]
    text = done_text.format(
        done=done,
        total=total,
        share=_percent(share),
        villages=len(done_villages),
        of_villages=len(villages),
        orgs=len(done_orgs),
        of_orgs=len(organisations),
        threshold=_percent(threshold),
    )
    if missing:
        text += " " + _("Not yet: {list}.").format(list=_listed(missing, str))
    return Prefill(share >= threshold, text, True)


def _subjects_in(model, facts, **filters):
    return list(
        model.objects.filter(
            area__path__startswith=facts.subject.area.path,
            year=facts.year,
            subject_kind__in=[SubjectKind.RESIDENTIAL, SubjectKind.AGENCY, SubjectKind.SCHOOL],
            **filters,
        ).values("area_id", "organisation_id")
    )


@rule("subunits_registered")
def subunits_registered(facts, criterion):

    found = _subjects_in(Registration, facts) if facts.subject.kind == SubjectKind.COMMUNE else []
    return _share_rule(
        facts,
        criterion,
        found,
        _(
            "{done} of {total} units registered ({share}; the standard asks for {threshold}): "
            "{villages} of {of_villages} residential areas, {orgs} of {of_orgs} agencies, "
            "enterprises and schools."
        ),
    )


@rule("subunits_recognised")
def subunits_recognised(facts, criterion):

    found = (
        _subjects_in(Assessment, facts, status=AssessmentStatus.RECOGNISED)
        if facts.subject.kind == SubjectKind.COMMUNE
        else []
    )
    return _share_rule(
        facts,
        criterion,
        found,
        _(
            "{done} of {total} units recognised ({share}; the standard asks for {threshold}): "
            "{villages} of {of_villages} residential areas, {orgs} of {of_orgs} agencies, "
            "enterprises and schools."
        ),
    )
