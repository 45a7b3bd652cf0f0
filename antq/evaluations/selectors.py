"""Every read of the evaluations: the lists and figures, scoped to the user, and the catalogue
entries (criteria set, scheme, rural set) and pre-filled answers that apply to a subject."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.http import Http404

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.core.scoping import EVERYWHERE, Action, jurisdiction_paths, path_above
from antq.evaluations import prefill, windows
from antq.evaluations.choices import (
    DONE_STATUSES,
    ORGANISATION_KINDS,
    AssessmentStatus,
    MovementClass,
    SubjectKind,
)
from antq.evaluations.models import (
    Answer,
    Assessment,
    Classification,
    ClassificationScheme,
    ClassificationScore,
    CriteriaSet,
    Criterion,
    ImprovementPlan,
    Registration,
    RuralAnswer,
    RuralAssessment,
    RuralCriterionSet,
    RuralSubCriterion,
    applies_under_q,
    in_force_q,
)
from antq.evaluations.prefill import commune_units
from antq.evaluations.subjects import Subject, unit_kind_for
from antq.indicators.compute import compute
from antq.tallies.models import rate


def _under(queryset, area):
    return queryset if area is None else queryset.filter(area__path__startswith=area.path)


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def registration_list(user, action=Action.VIEW):
    return Registration.objects.visible_to(user, action).select_related("area", "organisation")


def assessment_list(user, action=Action.VIEW):
    return Assessment.objects.visible_to(user, action).select_related(
        "area", "organisation", "criteria_set", "decision__authority", "assessed_by"
    )


def assessment_get(user, pk, action=Action.VIEW) -> Assessment:
    return _get(assessment_list(user, action), pk)


def answers_of(assessment):
    """The answers of an assessment the caller already holds, with their files."""
    return (
        assessment.answers.select_related("criterion", "criterion__area")
        .prefetch_related("attachments")
        .order_by(F("criterion__area__path").asc(nulls_first=True), "criterion__sort_order", "id")
    )


# what the API shows with each classification and rural assessment: fetched for a whole page
# of them at once, by the lists below and by `prefetch_related_objects` for one alone
SCORES = Prefetch("scores", queryset=ClassificationScore.objects.select_related("criterion"))
ANSWERS = Prefetch("answers", queryset=RuralAnswer.objects.select_related("sub_criterion"))


def classification_list(user, action=Action.VIEW):
    return (
        Classification.objects.visible_to(user, action)
        .select_related("area", "scheme")
        .prefetch_related(SCORES)
    )


def plan_list(user, action=Action.VIEW):
    return ImprovementPlan.objects.visible_to(user, action).select_related("area", "classification")


def rural_list(user, action=Action.VIEW):
    return (
        RuralAssessment.objects.visible_to(user, action)
        .select_related("area", "criteria_set")
        .prefetch_related(ANSWERS)
    )


def weak_units(user, area, year):
    """The units under `area` (the user's whole jurisdiction without one) classified weak in
    `year`, with their improvement plans: for the dashboard and the weak-units list."""
    plans = ImprovementPlan.objects.visible_to(user).order_by("due_on", "id")
    return (
        _under(Classification.objects.visible_to(user).select_related("area", "scheme"), area)
        .filter(year=year, movement_class=MovementClass.WEAK)
        .prefetch_related(Prefetch("plans", queryset=plans))
        .order_by("area__path")
    )


@dataclass
class KindResult:
    kind: str
    label: str
    registered: int = 0
    late: int = 0
    assessed: int = 0
    met: int = 0
    recognised: int = 0

    @property
    def share(self):
        return rate(self.met, self.assessed)


def results_by_kind(user, area, year):
    """Per kind of subject under `area` in `year`: registered (late), assessed, meeting the
    standard, recognised. Two GROUP BY queries."""
    out = {k: KindResult(k, str(SubjectKind(k).label)) for k in SubjectKind.values}
    regs = (
        _under(Registration.objects.visible_to(user), area)
        .filter(year=year)
        .values("subject_kind")
        .annotate(n=Count("id"), late=Count("id", filter=Q(is_late=True)))
        .order_by()
    )
    for row in regs:
        out[row["subject_kind"]].registered = row["n"]
        out[row["subject_kind"]].late = row["late"]
    done = Q(status__in=DONE_STATUSES)
    rows = (
        _under(Assessment.objects.visible_to(user), area)
        .filter(year=year)
        .values("subject_kind")
        .annotate(
            assessed=Count("id", filter=done),
            met=Count("id", filter=done & Q(meets_standard=True)),
            recognised=Count("id", filter=Q(status=AssessmentStatus.RECOGNISED)),
        )
        .order_by()
    )
    for row in rows:
        r = out[row["subject_kind"]]
        r.assessed, r.met, r.recognised = row["assessed"], row["met"], row["recognised"]
    return list(out.values())


def class_counts(user, area, year):
    """{class: number of units} under `area` in `year`: one GROUP BY."""
    rows = (
        _under(Classification.objects.visible_to(user), area)
        .filter(year=year)
        .values("movement_class")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = dict.fromkeys(MovementClass.values, 0)
    counts.update({r["movement_class"]: r["n"] for r in rows})
    return counts


def rural_counts(user, area, year):
    row = (
        _under(RuralAssessment.objects.visible_to(user), area)
        .filter(year=year)
        .aggregate(assessed=Count("id"), met=Count("id", filter=Q(meets=True)))
    )
    return {**row, "share": rate(row["met"], row["assessed"])}


@dataclass
class UnitRow:
    """One unit of a commune in the commune's view: what it registered and how it fared."""

    kind: str
    area: Area
    organisation: object = None
    registration: object = None
    assessment: object = None

    @property
    def name(self):
        return self.organisation.name if self.organisation is not None else self.area.name


@dataclass
class CommuneView:
    commune: Area
    year: int
    own: UnitRow
    units: list = field(default_factory=list)
    classification: object = None
    rural: object = None

    @property
    def own_rows(self):
        return [self.own]

    @property
    def villages(self):
        return [u for u in self.units if u.kind == SubjectKind.RESIDENTIAL]

    @property
    def organisations(self):
        return [u for u in self.units if u.kind != SubjectKind.RESIDENTIAL]


def commune_view(user, commune, year) -> CommuneView:
    """The commune's own registration and assessment, and those of its residential areas,
    agencies, enterprises and schools, for a year: a handful of queries, whatever the number of
    units."""
    if commune.level != AreaLevel.COMMUNE:
        raise Http404
    villages, organisations = commune_units(commune, year)
    regs = {
        (r.area_id, r.organisation_id): r
        for r in _under(registration_list(user), commune).filter(year=year)
    }
    done = {
        (a.area_id, a.organisation_id): a
        for a in _under(assessment_list(user), commune).filter(year=year)
    }

    def row(kind, area, organisation=None):
        key = (area.pk, organisation.pk if organisation else None)
        return UnitRow(kind, area, organisation, regs.get(key), done.get(key))

    units = [row(SubjectKind.RESIDENTIAL, v) for v in villages] + [
        row(ORGANISATION_KINDS[o.org_type], o.area, o) for o in organisations
    ]
    return CommuneView(
        commune=commune,
        year=year,
        own=row(SubjectKind.COMMUNE, commune),
        units=units,
        classification=classification_list(user).filter(area=commune, year=year).first(),
        rural=rural_list(user).filter(area=commune, year=year).first(),
    )


def criteria_sets():
    """The sets of the standard, newest first, with their criteria (the law's and the local
    ones, which the caller filters with criteria_visible)."""
    return CriteriaSet.objects.select_related("area").order_by("sort_order", "-valid_from", "id")


def _concerning(user, queryset, prefix=""):
    """Catalogue entries the user should see: the law's (no area), and those added for an area
    of the user's jurisdiction, above it (they apply to its subjects) or below it."""
    paths = jurisdiction_paths(user, Action.VIEW)
    if paths is EVERYWHERE:
        return queryset
    q = Q(**{f"{prefix}area__isnull": True})
    for p in paths:
        q |= Q(**{f"{prefix}area__path__startswith": p})
        q |= Q(
            **{
                f"{prefix}area__path__in": [
                    p[:n] for n in range(Area.steplen, len(p), Area.steplen)
                ]
            }
        )
    return queryset.filter(q)


def criteria_visible(user, criteria_set):
    """A set's criteria the user should see (see _concerning)."""
    qs = _concerning(user, Criterion.objects.filter(criteria_set=criteria_set))
    return qs.select_related("area").order_by(
        F("area__path").asc(nulls_first=True), "sort_order", "id"
    )


def rural_sub_criteria(user, area=None, year=None):
    """The new-rural criterion's sub-criteria (their codes are what a rural assessment's answers
    name), with their set: the set in force for `area` in `year` when an area is given, else
    every set that concerns the user (see _concerning), in force at the end of `year` if given."""
    qs = RuralSubCriterion.objects.select_related("criteria_set")
    if area is not None:
        rural_set = rural_set_for(area, year or default_year())
        qs = qs.filter(criteria_set=rural_set) if rural_set else qs.none()
    else:
        qs = _concerning(user, qs, prefix="criteria_set__")
        if year is not None:
            qs = qs.filter(in_force_q(windows.calendar_year(year).end, prefix="criteria_set__"))
    return qs.order_by(
        F("criteria_set__area__path").asc(nulls_first=True),
        "-criteria_set__valid_from",
        "criteria_set_id",
        "sort_order",
        "id",
    )


def default_year(today=None):
    """The calendar year: its windows are open, or closed in the last weeks, while its
    assessments are finished and recognised."""
    return (today or date.today()).year


# --- what applies to a subject -------------------------------------------------------------


def _most_specific(candidates):
    """The entry attached deepest in the tree (the country's default last), newest first."""
    return max(
        candidates,
        key=lambda c: (c.area.depth if c.area_id else 0, c.valid_from or date.min, c.pk),
        default=None,
    )


def criteria_set_for(kind, year, area=None) -> CriteriaSet | None:
    """The criteria set for a kind of subject in force at the end of the year's window (a
    province's own set, where one applies under `area`, before the country's)."""
    end = windows.window(kind, year).end
    qs = CriteriaSet.objects.filter(in_force_q(end), subject_kind=kind).select_related("area")
    if area is not None:
        qs = qs.filter(applies_under_q(area))
    else:
        qs = qs.filter(area__isnull=True)
    return _most_specific(list(qs))


def applicable_criteria(criteria_set, subject: Subject, year):
    """The set's criteria of the law, then those added for the subject's area or above, in
    force at the end of the window."""
    end = windows.window(subject.kind, year).end
    return (
        Criterion.objects.filter(criteria_set=criteria_set)
        .filter(applies_under_q(subject.area), in_force_q(end))
        .order_by(F("area").asc(nulls_first=True), "sort_order", "id")
    )


def facts_of(assessment) -> prefill.Facts:
    return prefill.Facts(
        Subject(assessment.subject_kind, assessment.area, assessment.organisation),
        assessment.year,
    )


def suggestions(assessment, criteria):
    """{criterion id: Prefill or None} from the records, now."""
    facts = facts_of(assessment)
    return {c.pk: prefill.suggest(c, facts) for c in criteria}


def current_answers(assessment):
    """The answers of every criterion that applies (a criterion a province added since the
    assessment began gets its empty answer), with the records' suggestions of today."""
    criteria = list(
        applicable_criteria(assessment.criteria_set, facts_of(assessment).subject, assessment.year)
    )
    have = {a.criterion_id: a for a in assessment.answers.select_related("criterion")}
    hints = suggestions(assessment, criteria)
    answers = []
    for criterion in criteria:
        answer = have.get(criterion.pk) or Answer(assessment=assessment, criterion=criterion)
        hint = hints[criterion.pk]
        answer.suggested = hint.answer if hint else None
        answer.suggestion_evidence = hint.evidence if hint else ""
        answer.data_sufficient = bool(hint and hint.sufficient)
        answers.append(answer)
    return answers


def recognising_authority(user, area) -> Area | None:
    """The level that recognises a subject of `area` for this user: the deepest area above it
    where the user approves (for a superuser, the area's parent)."""
    paths = jurisdiction_paths(user, Action.APPROVE)
    if paths is EVERYWHERE:
        return Area.objects.get_parent(area)
    path = path_above(user, Action.APPROVE, area)  # a former unit's: through its successor
    return Area.objects.filter(path=path).first() if path else None


def scheme_for(area, year) -> ClassificationScheme | None:
    """The points scheme for a unit in a year: the most specific one attached to the unit's
    area or above (the country's default last) in force at the end of the year's window."""
    kind = unit_kind_for(area)
    end = windows.window(kind, year).end
    qs = ClassificationScheme.objects.filter(
        applies_under_q(area), in_force_q(end), unit_kind=kind
    ).select_related("area")
    return _most_specific(list(qs))


def rural_set_for(area, year) -> RuralCriterionSet | None:
    end = windows.calendar_year(year).end
    qs = RuralCriterionSet.objects.filter(applies_under_q(area), in_force_q(end)).select_related(
        "area"
    )
    return _most_specific(list(qs))


# The dashboard lists this many weak units; the weak-units page lists them all.
WEAK_SHOWN = 20
# The indicators the flag reads (declared in evaluations/indicators.py): a classification is
# placed in time by the end of its year's window, which lies within that year.
CLASSIFIED, CLASSIFIED_WEAK = "evaluations.classified", "evaluations.class_weak"


@dataclass
class WeakUnit:
    """A unit classified weak, with where it lies: its parent (the commune of a village) and the
    unit directly under the shown area that it belongs to, when those differ from the unit."""

    classification: Classification
    parent: Area | None = None
    under: Area | None = None


@dataclass
class WeakFlags:
    """The units under the shown area classified weak in `year` (the latest year within the
    period with any classification there), with their improvement plans; `units` holds the first
    WEAK_SHOWN of `total`, those without an improvement plan first."""

    year: int | None = None
    total: int = 0
    units: list = field(default_factory=list)


def weak_flags(user, area: Area, date_from: date, date_to: date) -> WeakFlags:
    """The latest classified year and its number of weak units from the indicators (the rollup,
    one read a year from the period's last year back until one has classifications), then the
    first WEAK_SHOWN weak units and their plans (one prefetch), and the units they lie in."""
    year = total = None
    for candidate in range(date_to.year, date_from.year - 1, -1):
        figures = compute(
            [CLASSIFIED, CLASSIFIED_WEAK],
            user=user,
            area=area,
            date_from=date(candidate, 1, 1),
            date_to=date(candidate, 12, 31),
        ).get(area.path)
        if figures is not None and figures.value(CLASSIFIED):
            year, total = candidate, figures.value(CLASSIFIED_WEAK)
            break
    if year is None:
        return WeakFlags()
    if not total:
        return WeakFlags(year=year)
    # the units still without a plan first: they are the ones to act on
    weak = (
        weak_units(user, area, year)
        .annotate(planned=Exists(ImprovementPlan.objects.filter(classification=OuterRef("pk"))))
        .order_by("planned", "area__path")
    )
    shown = list(weak[:WEAK_SHOWN])
    prefix_len = (area.depth + 1) * Area.steplen
    # the parent and the unit under the shown area; neither above the shown area, where the
    # place goes without saying
    wanted = {
        c.pk: [
            path
            for path in {c.area.path[: -Area.steplen], c.area.path[:prefix_len]}
            if len(area.path) < len(path) < len(c.area.path)
        ]
        for c in shown
    }
    paths = {path for paths in wanted.values() for path in paths}
    places = (
        {a.path: a for a in Area.objects.visible_to(user).filter(path__in=paths)} if paths else {}
    )
    units = []
    for c in shown:
        parent = places.get(c.area.path[: -Area.steplen])
        under = places.get(c.area.path[:prefix_len])
        units.append(WeakUnit(c, parent=parent, under=under if under != parent else None))
    return WeakFlags(year=year, total=total, units=units)
