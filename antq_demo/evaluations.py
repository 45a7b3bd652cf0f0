"""Demo evaluations of the province for 2024 and 2025, shaped like the reported figures: every
residential area, commune, enterprise and school registers (a few late), and is assessed —
90 % of residential areas, 100 % of agencies and enterprises, 95 % of schools and about 92 % of
communes meet the standard, and those that do are recognised by the level above (one decision
per authority); every unit's movement is classified (a few weak, each with its improvement
plan, under the province's own cut-offs for residential areas); and about 89 % of rural
communes meet the new-rural criterion on defence and security.

The first demo commune's 2025 is left registered but unassessed, for a walk through the
evaluation page with its pre-fills. Deterministic (the context's rng)."""

from datetime import date, timedelta

from django.db import transaction

from antq.areas.choices import AreaType
from antq.evaluations import selectors, windows
from antq.evaluations.choices import (
    ORGANISATION_KINDS,
    AssessmentStatus,
    MovementClass,
    PlanStatus,
    SubjectKind,
    UnitKind,
)
from antq.evaluations.models import (
    Answer,
    Assessment,
    Classification,
    ClassificationScheme,
    ClassificationScore,
    ImprovementPlan,
    RecognitionDecision,
    Registration,
    RuralAnswer,
    RuralAssessment,
    SchemeCriterion,
)
from antq_demo.writes import bulk_create_with_history

YEARS = (2024, 2025)
NOTE = "Số liệu mẫu (demo)"
FAILING = {  # the share of each kind of subject that does not meet the standard
    SubjectKind.RESIDENTIAL: 0.10,
    SubjectKind.COMMUNE: 0.08,
    SubjectKind.AGENCY: 0.0,
    SubjectKind.SCHOOL: 0.05,
}
REASONS = {
    "no_serious_crime": "Xảy ra 01 vụ cố ý gây thương tích nghiêm trọng trên địa bàn",
    "no_new_hotspot": "Phát sinh tranh chấp đất đai kéo dài, chưa giải quyết dứt điểm",
    "crime_held": "Số vụ trộm cắp tài sản tăng so với năm trước",
    "effective_model": "Mô hình tự quản hoạt động cầm chừng, chưa hiệu quả",
    "households_registered": "Còn 06 hộ chưa ký cam kết",
    "residents_violations": "02 người dân bị khởi tố về tội đánh bạc",
    "subunits_recognised": "Chưa đủ 70% khu dân cư được công nhận",
    "no_school_violence": "Xảy ra 01 vụ học sinh đánh nhau gây thương tích",
    "no_student_crime": "01 học sinh vi phạm pháp luật bị xử lý hình sự",
    "police_rating": "Công an xã chỉ hoàn thành nhiệm vụ",
    "security_team": "Tổ bảo vệ an ninh, trật tự chưa được củng cố",
}
LATE = "Đăng ký muộn, sau ngày 31/3"
PLAN_MEASURES = (
    "Củng cố tổ tự quản, tổ bảo vệ an ninh, trật tự; tổ chức 04 buổi tuyên truyền pháp luật; "
    "xây dựng mô hình camera an ninh; rà soát, hòa giải dứt điểm mâu thuẫn trong nhân dân."
)
CLASS_SHARES = [  # class, weight, share of each criterion's points
    (MovementClass.EXCELLENT, 25, (0.91, 1.0)),
    (MovementClass.GOOD, 55, (0.73, 0.89)),
    (MovementClass.AVERAGE, 16, (0.53, 0.69)),
    (MovementClass.WEAK, 4, (0.30, 0.45)),
]


def _day(rng, start, end):
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _subjects(ctx):
    """(kind, area, organisation, the level above) of every subject of the province, in a
    fixed order."""
    out = []
    for commune in ctx.communes:
        out.append((SubjectKind.COMMUNE, commune, None, ctx.province))
        out += [
            (SubjectKind.RESIDENTIAL, v, None, commune) for v in ctx.villages.get(commune.pk, [])
        ]
        for org in ctx.organisations.get(commune.pk, []):
            kind = ORGANISATION_KINDS.get(org.org_type)
            if kind:
                out.append((kind, org.area, org, ctx.province))
    return out


def _failing(rng, subjects):
    """Exactly the share of each kind that fails, chosen at random."""
    failing = set()
    for kind, share in FAILING.items():
        of_kind = [i for i, s in enumerate(subjects) if s[0] == kind]
        failing.update(rng.sample(of_kind, round(len(of_kind) * share)))
    return failing


def _registrations(ctx, rng, subjects, year, failing):
    regs = []
    for i, (kind, area, org, _above) in enumerate(subjects):
        late = i in failing and rng.random() < 0.25
        start = date(year, 4, 2) if late else date(year, 1, 3)
        end = date(year, 6, 20) if late else date(year, 3, 25)
        registered = _day(rng, start, end)
        regs.append(
            Registration(
                area=area,
                organisation=org,
                subject_kind=kind,
                year=year,
                registered_on=registered,
                plan_adopted_on=min(
                    registered + timedelta(days=rng.randint(0, 6)), date(year, 3, 31)
                )
                if not late
                else registered,
                is_late=windows.is_late(registered, year),
                notes=NOTE,
                is_demo=True,
            )
        )
    return bulk_create_with_history(
        regs, Registration, batch_size=2000, default_user=ctx.actor, default_change_reason="demo"
    )


def _decision(ctx, cache, authority, year, decided_on):
    key = (authority.pk, year, decided_on)
    if key not in cache:
        number = f"{len(cache) + 101}/QĐ-UBND"
        decision = RecognitionDecision(
            authority=authority, number=number, decided_on=decided_on, created_by=ctx.actor
        )
        decision.save()
        cache[key] = decision
    return cache[key]


def _assessments(ctx, rng, subjects, regs, year, failing, skip):
    today = date.today()
    sets, criteria = {}, {}
    decisions = {}
    assessments, failed_codes = [], []
    for i, ((kind, area, org, above), reg) in enumerate(zip(subjects, regs, strict=True)):
        if area.path.startswith(skip):
            continue
        if kind not in sets:
            sets[kind] = selectors.criteria_set_for(kind, year)
            criteria[kind] = list(sets[kind].criteria.filter(area__isnull=True))
        w = windows.window(kind, year)
        assessed_on = min(w.end - timedelta(days=rng.randint(0, 20)), today)
        fails = i in failing
        codes = set()
        if fails:
            if reg.is_late:
                codes.add("registered")
            options = [c.code for c in criteria[kind] if c.code in REASONS]
            codes.update(rng.sample(options, rng.randint(1, 2)))
        recognised = not fails
        decision = None
        if recognised:
            decided_on = min(w.end + timedelta(days=12 + (3 if org else 0)), today)
            decision = _decision(ctx, decisions, above, year, decided_on)
        assessments.append(
            Assessment(
                area=area,
                organisation=org,
                subject_kind=kind,
                year=year,
                criteria_set=sets[kind],
                window_start=w.start,
                window_end=w.end,
                assessed_on=assessed_on,
                status=AssessmentStatus.RECOGNISED if recognised else AssessmentStatus.ASSESSED,
                meets_standard=not fails,
                assessed_by=ctx.actor,
                decision=decision,
                recognised_by=ctx.actor if recognised else None,
                notes=NOTE,
                is_demo=True,
            )
        )
        failed_codes.append(codes)
    saved = bulk_create_with_history(
        assessments,
        Assessment,
        batch_size=2000,
        default_user=ctx.actor,
        default_change_reason="demo",
    )
    answers = []
    for assessment, codes in zip(saved, failed_codes, strict=True):
        for c in criteria[assessment.subject_kind]:
            met = c.code not in codes
            answers.append(
                Answer(
                    assessment=assessment,
                    criterion=c,
                    met=met,
                    evidence=REASONS.get(c.code, LATE) if not met else NOTE,
                )
            )
    Answer.objects.bulk_create(answers, batch_size=2000)
    ctx.count("assessments", len(saved))
    ctx.count("recognition decisions", len(decisions))


def _province_scheme(ctx):
    """The province's own cut-offs for residential areas (the country's default has others)."""
    code = f"demo-{ctx.province.code}-residential"
    scheme = ClassificationScheme.objects.filter(code=code).first()
    if scheme is None:
        national = ClassificationScheme.objects.get(code="vn-2022-residential")
        scheme = ClassificationScheme.objects.create(
            code=code,
            name=f"Thang điểm xếp loại phong trào khu dân cư — {ctx.province.name}",
            name_en=f"Movement classification of residential areas — {ctx.province.name}",
            name_ar=f"سلّم تصنيف الحركة في المناطق السكنية — {ctx.province.name}",
            area=ctx.province,
            unit_kind=UnitKind.RESIDENTIAL,
            legal_basis="Hướng dẫn của Ban Chỉ đạo tỉnh (mẫu)",
            valid_from=date(2024, 1, 1),
            excellent_min=85,
            good_min=65,
            average_min=45,
            source_note="Demo: a province's own cut-offs.",
        )
        SchemeCriterion.objects.bulk_create(
            SchemeCriterion(
                scheme=scheme,
                code=c.code,
                name=c.name,
                name_en=c.name_en,
                name_ar=c.name_ar,
                max_points=c.max_points,
                sort_order=c.sort_order,
            )
            for c in national.criteria.all()
        )
    return scheme


def _classifications(ctx, rng, year):
    units = []
    for commune in ctx.communes:
        units.append(commune)
        units.extend(ctx.villages.get(commune.pk, []))
    schemes = {}
    rows, scores = [], []
    for area in units:
        kind = UnitKind.RESIDENTIAL if area.level == 4 else UnitKind.COMMUNE
        if kind not in schemes:
            scheme = selectors.scheme_for(area, year)
            schemes[kind] = (scheme, list(scheme.criteria.all()))
        scheme, criteria = schemes[kind]
        _klass, _w, (low, high) = rng.choices(CLASS_SHARES, weights=[c[1] for c in CLASS_SHARES])[0]
        points = {c.pk: round(c.max_points * rng.uniform(low, high)) for c in criteria}
        total = sum(points.values())
        rows.append(
            Classification(
                area=area,
                unit_kind=kind,
                year=year,
                scheme=scheme,
                points=total,
                movement_class=scheme.class_for(total),
                period_end=windows.window(kind, year).end,
                notes=NOTE,
                is_demo=True,
            )
        )
        scores.append(points)
    saved = bulk_create_with_history(
        rows, Classification, batch_size=2000, default_user=ctx.actor, default_change_reason="demo"
    )
    ClassificationScore.objects.bulk_create(
        [
            ClassificationScore(classification=c, criterion_id=cid, points=p)
            for c, points in zip(saved, scores, strict=True)
            for cid, p in points.items()
        ],
        batch_size=2000,
    )
    plans = []
    today = date.today()
    for c in saved:
        if c.movement_class != MovementClass.WEAK:
            continue
        due = date(year + 1, 6, 30)
        done = due <= today and rng.random() < 0.7
        plans.append(
            ImprovementPlan(
                area=c.area,
                classification=c,
                measures=PLAN_MEASURES,
                responsible=f"Công an {c.area.name}"
                if c.unit_kind == UnitKind.COMMUNE
                else f"Ban công tác Mặt trận {c.area.name}",
                due_on=due,
                status=PlanStatus.DONE
                if done
                else rng.choice([PlanStatus.PLANNED, PlanStatus.IN_PROGRESS]),
                done_on=_day(rng, date(year + 1, 3, 1), due) if done else None,
                notes=NOTE,
                is_demo=True,
            )
        )
    bulk_create_with_history(
        plans, ImprovementPlan, default_user=ctx.actor, default_change_reason="demo"
    )
    ctx.count("classifications", len(saved))
    ctx.count("improvement plans", len(plans))


def _rural(ctx, rng, year):
    communes = [c for c in ctx.communes if c.area_type == AreaType.COMMUNE]
    failing = set(rng.sample(range(len(communes)), round(len(communes) * 0.11)))
    rural_set = selectors.rural_set_for(ctx.province, year)
    subs = list(rural_set.sub_criteria.all())
    rows, answers = [], []
    for i, commune in enumerate(communes):
        fails = i in failing
        failed = rng.choice(subs).pk if fails else None
        rows.append(
            RuralAssessment(
                area=commune,
                year=year,
                criteria_set=rural_set,
                assessed_on=min(date(year, 12, rng.randint(5, 20)), date.today()),
                meets=not fails,
                period_end=windows.calendar_year(year).end,
                notes=NOTE,
                is_demo=True,
            )
        )
        answers.append(failed)
    saved = bulk_create_with_history(
        rows, RuralAssessment, default_user=ctx.actor, default_change_reason="demo"
    )
    RuralAnswer.objects.bulk_create(
        [
            RuralAnswer(
                assessment=r,
                sub_criterion=s,
                met=s.pk != failed,
                evidence="Chưa đạt: còn khiếu kiện đông người kéo dài" if s.pk == failed else NOTE,
            )
            for r, failed in zip(saved, answers, strict=True)
            for s in subs
        ]
    )
    ctx.count("new-rural criterion assessments", len(saved))


@transaction.atomic
def generate(ctx):
    rng = ctx.rng
    if Registration.objects.filter(is_demo=True, area__path__startswith=ctx.province.path).exists():
        return
    subjects = _subjects(ctx)
    _province_scheme(ctx)
    walk_through = ctx.communes[0].path if ctx.communes else "-"
    for year in YEARS:
        failing = _failing(rng, subjects)
        regs = _registrations(ctx, rng, subjects, year, failing)
        ctx.count("registrations", len(regs))
        skip = walk_through if year == YEARS[-1] else "-"
        _assessments(ctx, rng, subjects, regs, year, failing, skip)
        _classifications(ctx, rng, year)
        _rural(ctx, rng, year)
