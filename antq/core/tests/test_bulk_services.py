"""The bulk services (what imports and the demo write through) apply the single creates' rules:
the user's jurisdiction, defaults, first status rows, and the decision-number check."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from antq.cameras.models import CameraSite
from antq.cameras.services import camerasite_bulk_create, default_reconfirm_due
from antq.honours.models import Commendation, CommendationStatusChange
from antq.honours.services import commendation_bulk_create
from antq.honours.tests.helpers import AUTHORITY, approve, individual
from antq.hotspots.models import Hotspot, HotspotStatusChange
from antq.hotspots.services import hotspot_bulk_create

# bulk inserts in one transaction, and the rollup kept for them
pytestmark = [pytest.mark.pg, pytest.mark.rollup]


def test_camera_sites_get_their_default_due_date(tree, users):
    sites = [
        CameraSite(area=tree.a, owner_type="agency", installed_on=date(2025, 3, 1)),
        CameraSite(area=tree.a1, owner_type="agency", reconfirm_due_on=date(2026, 1, 5)),
    ]
    camerasite_bulk_create(records=sites, acting_user=users.a_editor, reason="test")
    saved = list(CameraSite.objects.order_by("pk"))
    assert saved[0].reconfirm_due_on == default_reconfirm_due(saved[0])
    assert saved[1].reconfirm_due_on == date(2026, 1, 5)
    assert [s.history.get().history_user for s in saved] == [users.a_editor] * 2


def test_nothing_is_written_outside_the_users_jurisdiction(tree, users):
    sites = [
        CameraSite(area=tree.a, owner_type="agency"),
        CameraSite(area=tree.b, owner_type="agency"),
    ]
    with pytest.raises(PermissionDenied):
        camerasite_bulk_create(records=sites, acting_user=users.a_editor, reason="test")
    assert not CameraSite.objects.exists()


def test_hotspots_get_their_first_status_row(tree, users):
    hotspots = [
        Hotspot(
            area=tree.a, title="Tranh chấp đất", kind="land_dispute", opened_on=date(2025, 2, 1)
        ),
        Hotspot(
            area=tree.a1,
            title="Giải phóng mặt bằng",
            kind="site_clearance",
            opened_on=date(2025, 1, 1),
            status="settled",
            settled_on=date(2025, 4, 1),
        ),
    ]
    hotspot_bulk_create(records=hotspots, acting_user=users.a_editor, reason="test")
    rows = HotspotStatusChange.objects.order_by("hotspot_id")
    assert [(r.from_status, r.to_status, r.changed_on, r.changed_by) for r in rows] == [
        ("", "monitoring", date(2025, 2, 1), users.a_editor),
        ("", "settled", date(2025, 4, 1), users.a_editor),
    ]


def test_a_decision_number_is_checked_against_the_records(tree, users):
    approve(users.p_approver, individual(users.a_editor, tree.a), day=date(2025, 8, 15))
    reused = Commendation(
        area=tree.b,
        recipient_kind="individual",
        recipient_name="Trần Thị Bình",
        award_form="certificate_of_merit",
        authority_level="province",
        authority_name=AUTHORITY,
        decision_number="45/QĐ-UBND",
        decision_date=date(2025, 9, 1),
        period_from=date(2025, 1, 1),
        period_to=date(2025, 12, 31),
        achievement="Thành tích xuất sắc",
        status="approved",
        nominated_by=users.p_approver,
        decided_by=users.p_approver,
    )
    reused.fill_collective_name()
    with pytest.raises(ValidationError) as exc:
        commendation_bulk_create(records=[reused], acting_user=users.p_approver, reason="test")
    assert "decision_number" in exc.value.message_dict
    assert Commendation.objects.count() == 1 and CommendationStatusChange.objects.count() == 2
