"""A province's past loaded through the imports (bench/bench_backfill.py at scale): rows dated
2019–2023 under former communes, written by COPY on PostgreSQL with their history, and the
rollup's deltas gathered for the whole file (core/batches.py) instead of appended per chunk:
the rollup equals a recomputation from the records, before and after the fold; a file with bad
rows writes nothing, neither records nor history nor deltas."""

from datetime import date

import pytest
from django.db.models import Count

from antq.activities.imports import ACTIVITY_IMPORT
from antq.activities.models import Activity
from antq.core import imports
from antq.core.imports import run_import
from antq.core.testing.factories import make_former_tree
from antq.indicators import rollup
from antq.indicators.models import PendingDelta
from antq.movement.imports import MEMBER_IMPORT, TEAM_IMPORT
from antq.movement.models import Team, TeamMember
from antq.tips.imports import TIP_IMPORT
from antq.tips.models import Tip

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.pg, pytest.mark.rollup]

ACTIVITY_HEADER = ["commune code", "kind", "title", "held on", "participants"]
TIP_HEADER = ["commune code", "received on", "legal kind", "channel", "category code"]
TIP_HEADER += ["summary", "outcome", "outcome date"]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 3)


@pytest.fixture
def former(tree):
    return make_former_tree(tree)


def _csv(header, rows):
    lines = [",".join(header)] + [",".join(str(c) for c in r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def _import(spec, user, header, rows, name="f.csv"):
    return run_import(spec, acting_user=user, data=_csv(header, rows), filename=name)


def _activities(former):
    """Nine rows over three chunks, FA0's until 2020 and FA's after; the same commune and month
    comes back in later chunks."""
    fa0, fa = former.fa0.code, former.fa.code
    return [
        [fa0, "outreach", "Tuyên truyền 1", "2019-04-10", 120],
        [fa0, "training", "Tập huấn", "2020-05-02", 30],
        [fa, "outreach", "Tuyên truyền 2", "2021-03-01", 80],
        [fa0, "outreach", "Tuyên truyền 3", "2019-04-20", 40],
        [fa, "training", "Tập huấn 2", "2022-09-01", ""],
        [fa, "outreach", "Tuyên truyền 4", "2021-03-15", 60],
        [fa0, "outreach", "Tuyên truyền 5", "2019-04-28", 10],
        [fa, "final_review", "Tổng kết", "2023-12-20", 200],
        [fa, "outreach", "Tuyên truyền 6", "2021-03-30", 25],
    ]


def test_a_backfill_under_former_units_keeps_the_rollup_equal_to_its_records(tree, users, former):
    admin = users.admin
    outcome = _import(ACTIVITY_IMPORT, admin, ACTIVITY_HEADER, _activities(former), "a.csv")
    assert outcome.ok, outcome.errors
    assert outcome.created == 9
    by_unit = Activity.objects.values_list("area__code").annotate(n=Count("id")).order_by()
    assert dict(by_unit) == {former.fa0.code: 4, former.fa.code: 5}
    # every record has its first history row, by the importer, for the file
    history = Activity.history.values_list("history_type", "history_user", "history_change_reason")
    assert set(history) == {("+", admin.pk, "Imported from a.csv")}
    assert Activity.history.count() == 9
    # the file's deltas, gathered: one pending row per leaf, indicator and month, however many
    # chunks held rows of that month
    repeated = (
        PendingDelta.objects.values("path", "key", "bucket").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert not repeated.exists()

    teams = _import(
        TEAM_IMPORT,
        admin,
        ["unit code", "name", "kind", "established on"],
        [
            [former.fa0.code, "Tổ tự quản", "security_self_governing", "2019-01-10"],
            [former.fa.code, "Tổ công nghệ số", "digital_technology", "2022-02-01"],
        ],
    )
    assert teams.ok, teams.errors
    old, new = Team.objects.order_by("established_on").values_list("pk", flat=True)
    members = [[old, f"Thành viên {i}", "2019-02-01"] for i in range(4)]
    members += [[new, f"Thành viên {i}", "2022-03-01"] for i in range(3)]
    outcome = _import(MEMBER_IMPORT, admin, ["team id", "full name", "joined on"], members)
    assert outcome.ok, outcome.errors
    assert TeamMember.objects.count() == 7

    tips = [
        [former.fa0.code, "2019-03-01", "denunciation", "in_person", "theft", "Mất trộm"]
        + ["decided_prosecute", "2019-03-15"],
        [former.fa.code, "2022-05-02", "crime_report", "press", "drugs", "Ma túy"]
        + ["decided_not_prosecute", "2022-05-12"],
        [former.fa.code, "2023-06-01", "denunciation", "phone", "fraud", "Lừa đảo", "", ""],
        [former.fa.code, "2023-06-03", "denunciation", "letter", "fraud", "Lừa đảo 2", "", ""],
    ]
    outcome = _import(TIP_IMPORT, admin, TIP_HEADER, tips)
    assert outcome.ok, outcome.errors
    assert Tip.objects.filter(received_on__lt=date(2024, 1, 1)).count() == 4

    # cells plus pending against the records, before the worker folds and after
    assert rollup.check() == []
    assert rollup.fold() > 0
    assert rollup.check() == []


def test_a_backfill_with_bad_rows_writes_nothing(tree, users, former):
    rows = _activities(former)
    rows[7] = [former.fa.code, "outreach", "Tuyên truyền", "2019-06-01", 5]  # FA began in 2021
    rows[8] = [former.fa.code, "lecture", "Tuyên truyền", "2022-06-01", 5]
    pending = list(PendingDelta.objects.values_list("pk", flat=True))  # the units' own
    outcome = _import(ACTIVITY_IMPORT, users.admin, ACTIVITY_HEADER, rows)
    assert [(e.row, e.column) for e in outcome.errors] == [(9, "commune code"), (10, "kind")]
    assert "No unit with the code" in outcome.errors[0].message
    assert former.fa.name in outcome.errors[0].message  # the candidates are named
    assert outcome.created == 0
    assert not Activity.objects.exists()
    assert not Activity.history.exists()
    assert list(PendingDelta.objects.values_list("pk", flat=True)) == pending


def test_a_record_created_then_changed_in_one_batch_counts_as_changed(tree, users, former):
    """The creations a batch holds back are applied before a change reads its "before": the
    change is not counted on top of a creation read after it."""
    from django.db import transaction

    from antq.activities import services
    from antq.core import batches

    new = Activity(area=former.fa, kind="outreach", title="Tuyên truyền", held_on=date(2022, 1, 5))
    with transaction.atomic(), batches.write_batch():
        (created,) = services.activity_bulk_create(
            records=[new], acting_user=users.admin, reason="test"
        )
        services.activity_update(acting_user=users.admin, instance=created, participants=50)
    assert rollup.check() == []
