"""Demo monthly tallies: every commune of the province, every month from January 2024 to the last
complete month, with the small counts a commune reports (clarification ~88 %, detection ~90 %).
Older months are approved by the province, the last two submitted; each step is kept as the
workflow keeps it (TallyStatusChange). Counts only, as always. MonthlyTally has no
`is_demo` field: the rows carry DEMO_NOTE, and the step is skipped once the province has tallies.
Deterministic (the context's rng)."""

from datetime import UTC, date, datetime, time, timedelta

from antq.areas.choices import AreaLevel
from antq.tallies.choices import TallyStatus, TallyStep
from antq.tallies.models import MonthlyTally, TallyStatusChange
from antq_demo.writes import bulk_create_with_history

FIRST_MONTH = date(2024, 1, 1)
DEMO_NOTE = "Số liệu mẫu (demo)"
SUBMITTED_MONTHS = 2  # the latest months, still awaiting approval


def _months(first, today):
    """First days of the months from `first` to the last complete month before `today`."""
    month, last = first, today.replace(day=1)
    while month < last:
        yield month
        month = (month + timedelta(days=32)).replace(day=1)


def _binomial(rng, n, p):
    return sum(rng.random() < p for _ in range(n))


def _pick(rng, weights):
    """A count 0, 1, 2 … drawn with these weights."""
    return rng.choices(range(len(weights)), weights=weights)[0]


def _at(day, hour):
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _counts(rng, month):
    registered = _pick(rng, [24, 28, 20, 12, 8, 5, 3])  # 0–6, about 1.8 a month
    clarified = _binomial(rng, registered, 0.88)
    occurred = _pick(rng, [10, 14, 16, 15, 12, 10, 8, 6, 4, 3, 2])  # 0–10, about 3.6
    detected = _binomial(rng, occurred, 0.9)
    drug_cases = _pick(rng, [66, 24, 8, 2])
    festive = month.month in (1, 2, 9)  # Tết and the National Day season
    return {
        "criminal_cases_registered": registered,
        "criminal_cases_clarified": clarified,
        "social_order_cases_occurred": occurred,
        "social_order_cases_detected": detected,
        "criminal_groups_dismantled": 1 if rng.random() < 0.05 else 0,
        "offenders_arrested": clarified + _pick(rng, [55, 30, 15]) if clarified else 0,
        "drug_cases": drug_cases,
        "drug_law_violators": sum(_pick(rng, [0, 35, 30, 20, 10, 5]) for _ in range(drug_cases)),
        "persuaded_into_rehabilitation": _pick(rng, [70, 25, 5]),
        "domestic_delegations_secured": 1 if rng.random() < 0.07 else 0,
        "foreign_delegations_secured": 1 if rng.random() < 0.04 else 0,
        "events_secured": _pick(rng, [55, 35, 10] if festive else [80, 17, 3]),
    }


def generate(ctx):
    rng = ctx.rng
    if MonthlyTally.objects.filter(area__path__startswith=ctx.province.path).exists():
        return
    months = list(_months(FIRST_MONTH, date.today()))
    recent = set(months[-SUBMITTED_MONTHS:])
    tallies = []
    for commune in ctx.communes:
        for month in months:
            # figures go up in the first days of the next month, approved a few days later
            next_month = (month + timedelta(days=32)).replace(day=1)
            submitted = next_month + timedelta(days=rng.randint(1, 5))
            approved = month not in recent
            tally = MonthlyTally(
                area=commune,
                month=month,
                **_counts(rng, month),
                status=TallyStatus.APPROVED if approved else TallyStatus.SUBMITTED,
                submitted_by=ctx.actor,
                submitted_at=_at(submitted, rng.randint(1, 9)),
                approved_by=ctx.actor if approved else None,
                approved_level=AreaLevel.PROVINCE if approved else None,
                approved_at=(
                    _at(submitted + timedelta(days=rng.randint(1, 6)), rng.randint(1, 9))
                    if approved
                    else None
                ),
                notes=DEMO_NOTE,
            )
            # the model's own rules (a commune, a begun month, clarified ≤ registered …);
            # the foreign keys and the one-per-month rule hold by construction
            tally.full_clean(
                exclude=["area", "submitted_by", "approved_by"],
                validate_unique=False,
                validate_constraints=False,
            )
            tallies.append(tally)
    created = bulk_create_with_history(
        tallies, MonthlyTally, batch_size=2000, default_user=ctx.actor, default_change_reason="demo"
    )
    TallyStatusChange.objects.bulk_create(
        [step for tally in created for step in _steps(tally, ctx.actor)], batch_size=2000
    )
    ctx.count("monthly tallies", len(tallies))


def _steps(tally, actor):
    """The steps a demo tally took: submitted, then approved by the province for older months."""
    yield TallyStatusChange(
        tally=tally,
        from_status=TallyStatus.DRAFT,
        to_status=TallyStatus.SUBMITTED,
        step=TallyStep.SUBMIT,
        changed_by=actor,
        changed_at=tally.submitted_at,
    )
    if tally.status == TallyStatus.APPROVED:
        yield TallyStatusChange(
            tally=tally,
            from_status=TallyStatus.SUBMITTED,
            to_status=TallyStatus.APPROVED,
            step=TallyStep.APPROVE,
            level=AreaLevel.PROVINCE,
            changed_by=actor,
            changed_at=tally.approved_at,
        )
