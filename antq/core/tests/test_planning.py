"""A value given to a query unseen by the planner: the same rows, a condition the planner does
not estimate from the value."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from antq.core.planning import unseen
from antq.core.testing.factories import make_area, make_user
from antq.tips.models import Tip
from antq.tips.tests.helpers import make_tip

pytestmark = pytest.mark.pg


@pytest.fixture
def tips(db):
    commune = make_area(make_area(make_area(), name="Tỉnh Thử"), name="Xã Thử")
    editor = make_user(commune, "editor")
    today = timezone.localdate()
    for days in (3, 12, 20, 40):
        make_tip(editor, commune, received_on=today - timedelta(days=days))
    return today


@pytest.mark.parametrize("lookup", ["lt", "lte", "gte", "gt"])
def test_the_same_rows_as_the_value(tips, lookup):
    running = Tip.objects.exclude(due_on=None)
    for day in (tips - timedelta(days=30), tips, tips + timedelta(days=10)):
        seen = set(running.filter(**{f"due_on__{lookup}": day}))
        assert set(running.filter(**{f"due_on__{lookup}": unseen(day)})) == seen


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_postgresql_plans_it_as_a_value_known_only_when_run(tips):
    with connection.cursor() as cursor:
        sql, params = Tip.objects.filter(due_on__lt=unseen(tips)).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "InitPlan" in plan
