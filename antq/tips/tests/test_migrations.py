"""The data migration that cuts to the hour the reporters' times of portal tips stored before the
portal kept hours only."""

import importlib
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from antq.core.services import save_with_history
from antq.portal.models import ReporterAccess
from antq.tips.models import Tip, TipAttachment, TipEvent, TipMessage
from antq.tips.services import entry as entry_services
from antq.tips.services import messages as message_services
from antq.tips.tests.helpers import category, make_tip

pytestmark = [pytest.mark.pg, pytest.mark.migrations]

EXACT = timezone.make_aware(datetime(2026, 11, 3, 14, 37, 12, 345678))
HOUR = EXACT.replace(minute=0, second=0, microsecond=0)
STAFF = EXACT + timedelta(days=1, minutes=13, seconds=5)

MIGRATION = ("tips", "0006_portal_times_to_the_hour")
migration = importlib.import_module(f"antq.tips.migrations.{MIGRATION[1]}")


def _portal_tip(tree):
    tip = entry_services.tip_submit_public(
        area=tree.a,
        category=category(),
        summary="Có người giả danh công an gọi điện yêu cầu chuyển tiền.",
    )
    ReporterAccess.objects.create(tip=tip, passphrase_hash="x")
    TipAttachment.objects.create(tip=tip, stored_name="a" * 32, kind="png", size=1, sha256="0")
    TipMessage.objects.create(tip=tip, from_staff=False, body="Thêm ảnh.", by=None)
    return tip


def test_portal_reporters_times_are_cut_to_the_hour_and_staff_times_kept(tree, users):
    tip = _portal_tip(tree)
    tip.outcome_notes = "Đang xác minh."
    save_with_history(tip, acting_user=users.a_editor)
    message_services.tip_send_message(
        acting_user=users.a_editor, tip=tip, body="Xin cho biết thêm?"
    )
    staff_tip = make_tip(users.a_editor, tree.a)
    # as stored before the portal kept hours only
    History = Tip.history.model
    Tip.objects.update(created_at=EXACT, updated_at=EXACT)
    History.objects.update(created_at=EXACT, updated_at=EXACT, history_date=EXACT)
    History.objects.filter(history_user__isnull=False).update(updated_at=STAFF, history_date=STAFF)
    TipEvent.objects.update(created_at=EXACT)
    TipMessage.objects.filter(from_staff=False).update(at=EXACT)
    TipMessage.objects.filter(from_staff=True).update(at=STAFF)
    ReporterAccess.objects.update(created_at=EXACT)
    TipAttachment.objects.update(created_at=EXACT)

    # the models as the migration saw them (TipAttachment was the portal's then)
    state = MigrationLoader(connection).project_state(MIGRATION)
    migration.truncate_portal_times(state.apps, None)

    tip.refresh_from_db()
    assert (tip.created_at, tip.updated_at) == (HOUR, HOUR)
    reporter_version = History.objects.get(id=tip.pk, history_user__isnull=True)
    assert (
        reporter_version.created_at,
        reporter_version.updated_at,
        reporter_version.history_date,
    ) == (HOUR, HOUR, HOUR)
    staff_version = History.objects.get(id=tip.pk, history_user__isnull=False)
    assert (staff_version.updated_at, staff_version.history_date) == (STAFF, STAFF)
    assert staff_version.created_at == HOUR
    assert TipEvent.objects.get(tip=tip).created_at == HOUR
    assert TipMessage.objects.get(tip=tip, from_staff=False).at == HOUR
    assert TipMessage.objects.get(tip=tip, from_staff=True).at == STAFF
    assert ReporterAccess.objects.get(tip=tip).created_at == HOUR
    assert TipAttachment.objects.get(tip=tip).created_at == HOUR
    # a tip taken by phone is the staff's record: its times stay exact
    staff_tip.refresh_from_db()
    assert staff_tip.created_at == EXACT
    assert set(History.objects.filter(id=staff_tip.pk).values_list("created_at", flat=True)) == {
        EXACT
    }
    assert set(TipEvent.objects.filter(tip=staff_tip).values_list("created_at", flat=True)) == {
        EXACT
    }
