from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from antq.hotspots.choices import OPEN_STATUSES
from antq.hotspots.models import Hotspot
from antq.hotspots.selectors import hotspot_list, opened_between
from antq.hotspots.services import hotspot_set_status, hotspot_update
from antq.hotspots.tests.helpers import make_hotspot

pytestmark = pytest.mark.rollup


def test_a_new_hotspot_is_watched_and_has_its_first_status_row(tree, users):
    h = make_hotspot(users.a_editor, tree.a1)
    assert h.status == "monitoring" and h.settled_on is None
    first = h.status_changes.get()
    assert (first.from_status, first.to_status, first.changed_on) == ("", "monitoring", h.opened_on)
    assert h.history.count() == 1


def test_one_recorded_already_settled_needs_a_proper_settlement_date(tree, users, english):
    with pytest.raises(ValidationError) as exc:
        make_hotspot(users.a_editor, tree.a, status="settled")
    assert exc.value.message_dict["settled_on"] == [
        "A settled hotspot has the date it was settled."
    ]
    with pytest.raises(ValidationError) as exc:
        make_hotspot(users.a_editor, tree.a, status="settled", settled_on=date(2025, 3, 1))
    assert "settled_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        make_hotspot(
            users.a_editor, tree.a, status="settled", settled_on=date.today() + timedelta(days=1)
        )
    assert exc.value.message_dict["settled_on"] == ["This date is in the future."]
    with pytest.raises(ValidationError) as exc:
        make_hotspot(users.a_editor, tree.a, settled_on=date(2025, 4, 1))
    assert "settled_on" in exc.value.message_dict
    h = make_hotspot(users.a_editor, tree.a, status="settled", settled_on=date(2025, 3, 10))
    assert h.status_changes.get().changed_on == date(2025, 3, 10)
    assert Hotspot.objects.count() == 1


def test_a_hotspot_arises_in_a_commune_or_a_village_not_in_the_future(tree, users, english):
    with pytest.raises(ValidationError) as exc:
        make_hotspot(users.p_approver, tree.p)
    assert exc.value.message_dict["area"] == [
        "Choose a unit at one of these levels: Commune, Village."
    ]
    with pytest.raises(ValidationError) as exc:
        make_hotspot(users.a_editor, tree.a, opened_on=date.today() + timedelta(days=1))
    assert exc.value.message_dict["opened_on"] == ["This date is in the future."]
    with pytest.raises(PermissionDenied):
        make_hotspot(users.a_viewer, tree.a)


def test_settling_dates_it_and_reopening_needs_a_reason_and_clears_it(tree, users, english):
    h = make_hotspot(users.a_editor, tree.a1)
    hotspot_set_status(
        acting_user=users.a_editor, instance=h, status="being_settled", on=date(2025, 4, 1)
    )
    with pytest.raises(ValidationError) as exc:
        hotspot_set_status(
            acting_user=users.a_editor, instance=h, status="settled", on=date(2025, 3, 1)
        )
    assert "on" in exc.value.message_dict  # before the hotspot arose
    with pytest.raises(ValidationError) as exc:
        hotspot_set_status(
            acting_user=users.a_editor, instance=h, status="settled", on=date(2025, 3, 20)
        )
    assert "2025-04-01" in exc.value.message_dict["on"][0]  # before the last change
    hotspot_set_status(
        acting_user=users.a_editor,
        instance=h,
        status="settled",
        on=date(2025, 6, 30),
        reason="Hòa giải thành",
    )
    h.refresh_from_db()
    assert (h.status, h.settled_on) == ("settled", date(2025, 6, 30))
    with pytest.raises(ValidationError) as exc:
        hotspot_set_status(acting_user=users.a_editor, instance=h, status="monitoring")
    assert exc.value.message_dict["reason"] == ["Say why the settled hotspot is reopened."]
    with pytest.raises(ValidationError) as exc:
        hotspot_set_status(acting_user=users.a_editor, instance=h, status="settled", reason="again")
    assert "status" in exc.value.message_dict
    hotspot_set_status(
        acting_user=users.a_editor,
        instance=h,
        status="monitoring",
        on=date(2025, 9, 1),
        reason="Phát sinh lại",
    )
    h.refresh_from_db()
    assert (h.status, h.settled_on) == ("monitoring", None)
    assert [c.to_status for c in h.status_changes.order_by("changed_on", "id")] == [
        "monitoring",
        "being_settled",
        "settled",
        "monitoring",
    ]
    with pytest.raises(PermissionDenied):
        hotspot_set_status(acting_user=users.a_viewer, instance=h, status="settled")


def test_status_is_not_changed_by_an_edit(tree, users, english):
    h = make_hotspot(users.a_editor, tree.a)
    with pytest.raises(ValidationError) as exc:
        hotspot_update(
            acting_user=users.a_editor, instance=h, status="settled", settled_on=date(2025, 5, 1)
        )
    assert set(exc.value.message_dict) == {"settled_on", "status"}
    hotspot_update(acting_user=users.a_editor, instance=h, status="monitoring", title="Mới")
    h.refresh_from_db()
    assert h.title == "Mới"


def test_counts_and_the_window_read(tree, users):
    make_hotspot(users.a_editor, tree.a1, opened_on=date(2024, 10, 31))
    make_hotspot(users.a_editor, tree.a1, opened_on=date(2024, 11, 1), kind="site_clearance")
    make_hotspot(
        users.b_editor,
        tree.b,
        opened_on=date(2025, 1, 1),
        status="settled",
        settled_on=date(2025, 2, 1),
    )
    assert [h.opened_on for h in opened_between(tree.a, date(2024, 11, 1), date(2025, 10, 31))] == [
        date(2024, 11, 1)
    ]
    seen = hotspot_list(users.p_approver)
    still_open = seen.filter(status__in=OPEN_STATUSES)
    assert (seen.count(), still_open.count(), still_open.filter(kind="site_clearance").count()) == (
        3,
        2,
        1,
    )
    assert hotspot_list(users.a_viewer).count() == 2
