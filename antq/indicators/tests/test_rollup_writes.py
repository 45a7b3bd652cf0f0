"""The one suite-wide check of the rollup against the records: random writes through the
services and the imports of the counted record types (created, updated, deleted, refused),
after which `rollup.check()` finds nothing. The other tests check the rollup only where it is
tested (`@pytest.mark.rollup`, antq/conftest.py)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from antq.activities.services import activity_delete, activity_update
from antq.activities.tests.helpers import make_activity, make_event
from antq.cameras.imports import CAMERA_IMPORT
from antq.cameras.services import camerasite_create, camerasite_delete, camerasite_update
from antq.core.imports import run_import
from antq.honours.tests.helpers import nominate
from antq.hotspots.services import hotspot_set_status
from antq.hotspots.tests.helpers import make_hotspot
from antq.indicators import rollup
from antq.movement.services import movementmodel_delete, team_member_create
from antq.movement.tests.helpers import make_model, make_team
from antq.registry.services import organisation_create, organisation_delete
from antq.tallies.services import tally_delete
from antq.tallies.tests.helpers import make_tally
from antq.tips.services.entry import tip_delete
from antq.tips.tests.helpers import make_tip

pytestmark = [pytest.mark.pg, pytest.mark.rollup]

START = date(2024, 1, 1)
AREAS = ("a", "b", "a1", "b1")  # the communes and villages of the shared tree
day = st.integers(0, 700).map(lambda n: START + timedelta(days=n))
area = st.sampled_from(AREAS)
write = st.one_of(
    st.tuples(st.just("camera"), area, st.integers(1, 9), st.booleans(), day),
    st.tuples(st.just("organisation"), area, st.sampled_from(["school", "enterprise"])),
    st.tuples(st.just("model"), area, day),
    st.tuples(st.just("team"), area, st.integers(0, 3)),
    st.tuples(st.just("activity"), area, day, st.integers(0, 200)),
    st.tuples(st.just("event"), area, day),
    st.tuples(st.just("hotspot"), area, day, st.booleans()),
    st.tuples(st.just("tally"), area, st.integers(0, 23), st.integers(0, 5)),
    st.tuples(st.just("tip"), area),
    st.tuples(st.just("commendation"), area),
    st.tuples(st.just("import"), st.sampled_from(["10001", "10002"]), st.integers(1, 4), day),
    st.tuples(st.just("update"), st.integers(0, 50), st.integers(1, 9), day),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("fold")),  # the worker's fold, between writes
)


@given(writes=st.lists(write, min_size=1, max_size=12))
def test_the_rollup_equals_the_records_after_writes_through_services(tree, users, writes):
    with transaction.atomic():  # each example starts from the shared tree alone
        written = []  # (record, update, delete) of what the writes made
        for op in writes:
            try:
                with transaction.atomic():
                    _apply(op, tree, users.admin, written)
            except (ValidationError, PermissionDenied):
                pass  # a refused write leaves the rollup as it was, which the check proves too
        assert rollup.check() == []
        transaction.set_rollback(True)


def _apply(op, tree, admin, written):
    kind, *rest = op
    if kind == "fold":
        rollup.fold()
        return
    if kind == "update":
        index, n, on = rest
        if written:
            record, update, _ = written[index % len(written)]
            if update:
                update(record, n, on)
        return
    if kind == "delete":
        if written:
            record, _, delete = written.pop(rest[0] % len(written))
            delete(acting_user=admin, instance=record, reason="entered twice")
        return
    if kind == "import":
        commune, n, on = rest
        header = ["commune code", "village code", "address", "latitude", "longitude"]
        header += ["owner type", "camera heads", "connected to the commune system"]
        rows = [",".join([*header, "installed on", "status"])]
        rows += [
            f"{commune},,Số {i},16.8,107.1,household,2,có,{on:%d/%m/%Y},working" for i in range(n)
        ]
        data = "\n".join(rows).encode()
        outcome = run_import(CAMERA_IMPORT, acting_user=admin, data=data, filename="c.csv")
        assert outcome.ok, outcome.errors
        return
    where = getattr(tree, rest[0])
    if kind == "camera":
        heads, connected, on = rest[1:]
        site = camerasite_create(
            acting_user=admin,
            area=where,
            owner_type="household",
            heads=heads,
            connected=connected,
            installed_on=on,
        )

        def update(record, n, on):
            camerasite_update(acting_user=admin, instance=record, heads=n, installed_on=on)

        written.append((site, update, camerasite_delete))
    elif kind == "organisation":
        org = organisation_create(
            acting_user=admin, area=where, name=f"Tổ chức {len(written)}", org_type=rest[1]
        )
        written.append((org, None, organisation_delete))
    elif kind == "model":
        written.append((make_model(admin, where, started_on=rest[1]), None, movementmodel_delete))
    elif kind == "team":
        team = make_team(admin, where)
        for i in range(rest[1]):
            team_member_create(acting_user=admin, team=team, full_name=f"Thành viên {i}")
    elif kind == "activity":
        on, participants = rest[1:]
        activity = make_activity(admin, where, held_on=on, participants=participants)

        def update(record, n, on):
            activity_update(acting_user=admin, instance=record, participants=n, held_on=on)

        written.append((activity, update, activity_delete))
    elif kind == "event":
        make_event(admin, where, held_on=rest[1])
    elif kind == "hotspot":
        on, settle = rest[1:]
        hotspot = make_hotspot(admin, where, opened_on=on)
        if settle:
            hotspot_set_status(
                acting_user=admin, instance=hotspot, status="settled", on=on, reason="đã giải quyết"
            )
    elif kind == "tally":
        month, cases = rest[1:]
        tally = make_tally(
            admin, where, month=date(2024 + month // 12, month % 12 + 1, 1), drug_cases=cases
        )
        written.append((tally, None, tally_delete))
    elif kind == "tip":
        written.append((make_tip(admin, where), None, tip_delete))
    elif kind == "commendation":
        nominate(admin, where)
