"""A created record's contributions evaluated in Python (rollup/memory.py) are those the
database groups (contributions.py), including NULLs under negation and comparisons of two
fields, and a camera created reads none back."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F, Q
from django.test.utils import CaptureQueriesContext

from antq.areas.models import Area
from antq.cameras.models import CameraSite
from antq.indicators.registry import FLOW, STOCK, Indicator
from antq.indicators.rollup.contributions import own_contributions
from antq.indicators.rollup.memory import compile_plan, created_contributions
from antq.indicators.rollup.plans import Plan, plans
from antq.indicators.rollup.state import supported_keys
from antq.indicators.tests.test_rollup_review import _tip
from antq.movement.models import ModelCategory, MovementModel, Team, TeamMember

pytestmark = [pytest.mark.pg, pytest.mark.rollup]


def _same(plan, objs, keys=None):
    keys = frozenset(keys or supported_keys() & set(plan.keys))
    got = created_contributions(plan, keys, objs)
    assert got is not None
    assert got == own_contributions(plan, keys, {o.pk for o in objs})
    return got


def test_every_declared_indicator_is_evaluated_in_memory():
    for plan in plans().values():
        keys = frozenset(supported_keys() & set(plan.keys))
        assert compile_plan(plan, keys) is not None, plan.model


def test_records_of_every_shape_contribute_as_the_database_groups_them(tree):
    sites = [
        CameraSite.objects.create(area=tree.a1, owner_type="household", heads=3),
        CameraSite.objects.create(
            area=tree.a1,
            owner_type="commune_system",
            heads=5,
            connected=True,
            installed_on=date(2024, 2, 9),
            funding_source="socialised",
            funding_amount=Decimal(1500000),
        ),
        CameraSite.objects.create(
            area=tree.b1, owner_type="business", heads=2, status="removed", installed_on=date.max
        ),
    ]
    _same(plans()[CameraSite], sites)
    category = ModelCategory.objects.get_or_create(code="memory", defaults={"name": "Mô hình"})[0]

    def model(area, **fields):
        return MovementModel.objects.create(area=area, name="M", category=category, **fields)

    first = model(tree.a1, status="active", started_on=date(2024, 1, 1))
    models = [
        first,
        model(tree.a, status="effective", started_on=date(2024, 3, 5), ended_on=date(2025, 1, 1)),
        model(
            tree.b1,
            status="active",
            replicated_from=first,
            started_on=date(2024, 1, 1),
            ended_on=date.max,
        ),
        # ends before the month it starts in: never counted
        model(
            tree.b1, status="ineffective", started_on=date(2024, 5, 9), ended_on=date(2024, 4, 1)
        ),
        model(tree.a1, status="active", recognition_level="province", started_on=date(2023, 1, 9)),
    ]
    _same(plans()[MovementModel], models)
    team = Team.objects.create(area=tree.a, name="T", kind="digital_technology")
    gone = Team.objects.create(
        area=tree.b, name="G", kind="digital_technology", dissolved_on=date(2024, 1, 1)
    )
    members = [
        TeamMember.objects.create(team=team, full_name="A", joined_on=date(2024, 2, 1)),
        TeamMember.objects.create(team=gone, full_name="B", left_on=date(2024, 8, 31)),
    ]
    _same(plans()[TeamMember], members)
    areas = list(Area.objects.filter(pk__in=[tree.a.pk, tree.a1.pk, tree.b1.pk]))
    _same(plans()[Area], areas)


def test_nulls_under_negation_and_field_comparisons_are_those_of_sql(tree):
    """NOT (a <= b) is unknown when b is NULL, true when a is (Django's IS NOT NULL); a
    comparison with NULL is unknown, and NOT unknown stays unknown."""
    from antq.tips.models import Tip

    tips = [
        _tip(tree.a1),
        _tip(tree.a1, settled_on=date(2025, 4, 1)),
        _tip(tree.a1, settled_due_on=date(2025, 4, 1)),
        _tip(tree.b1, settled_on=date(2025, 4, 2), settled_due_on=date(2025, 4, 1)),
        _tip(tree.b1, settled_on=date(2025, 3, 30), settled_due_on=date(2025, 4, 1)),
    ]
    wheres = {
        "late": ~Q(settled_on__lte=F("settled_due_on")),
        "not_late": ~~Q(settled_on__lte=F("settled_due_on")),
        "not_settled": ~Q(settled_on__gte=date(2025, 4, 1)),
        "either": ~(Q(settled_on__lt=date(2025, 4, 1)) | Q(settled_due_on__isnull=True)),
        "both": Q(settled_on__isnull=False) & ~Q(channel__in=["web", "mail"]),
        "related": ~Q(area__path=tree.b1.path),
    }
    inds = [
        Indicator(f"m.{name}", name, "tips", model=Tip, where=where, kind=kind, **dates)
        for name, where in wheres.items()
        for kind, dates in (
            (FLOW, {"date_field": "received_on"}),
            (STOCK, {"date_field": "received_on", "end_field": "settled_on"}),
        )
        if kind == FLOW or name != "late"
    ]
    got = _same(Plan(Tip, "area__path", inds), tips, [i.key for i in inds])
    assert got  # the cases count somewhere


def test_a_value_the_column_would_change_is_read_from_the_database(tree):
    site = CameraSite.objects.create(area=tree.a1, owner_type="household", heads=2)
    plan = plans()[CameraSite]
    keys = frozenset(supported_keys() & set(plan.keys))
    site.installed_on = "2024-01-05"  # saved, it would be a date
    assert created_contributions(plan, keys, [site]) is None


def test_a_camera_created_reads_nothing_back(tree):
    """Its rollup work: its area's path read (locked FOR KEY SHARE on PostgreSQL) and one
    INSERT of pending deltas; the camera table is only written."""
    CameraSite.objects.create(area=tree.a1, owner_type="household", heads=2)
    with CaptureQueriesContext(connection) as queries:
        CameraSite.objects.create(area=tree.a1, owner_type="household", heads=2)
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert len(reads) == 1 and '"cameras_camerasite"' not in reads[0], reads
