"""The generic list page of a record type, as a user meets it: the record count and the empty
state, the yes/no filters' "any", overdue dates said in words, and the bulk actions (each
through the type's services, all or nothing, scoped); and the area picker's starting unit."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from antq.areas.choices import AreaLevel
from antq.cameras.models import CameraSite
from antq.core.forms import own_unit
from antq.core.scoping import Action
from antq.hotspots.models import Hotspot
from antq.hotspots.tests.helpers import make_hotspot

VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}
CAMERAS = reverse("cameras:camerasite-list")
CAMERAS_BULK = reverse("cameras:camerasite-bulk")
HOTSPOTS_BULK = reverse("hotspots:hotspot-bulk")
LONG_AGO = date.today() - timedelta(days=400)


def _site(area, address, **fields):
    values = {"owner_type": "household", "heads": 2, "reconfirm_due_on": LONG_AGO} | fields
    return CameraSite.objects.create(area=area, address=address, **values)


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def sites(tree):
    return [_site(tree.a, "Nhà A1"), _site(tree.a, "Nhà A2"), _site(tree.b, "Nhà B1")]


# --- count, empty state, filter label, overdue -------------------------------------------


def test_the_list_says_how_many_records_grouped_and_in_the_users_language(client, tree, users):
    CameraSite.objects.bulk_create(
        CameraSite(area=tree.a, address=f"Nhà {i}", owner_type="household") for i in range(1001)
    )
    client.force_login(users.a_editor)
    page = _text(client.get(CAMERAS, **VI))
    assert "1.001 bản ghi" in page
    assert 'id="empty-state"' not in page
    page = _text(client.get(CAMERAS, {"q": "Nhà 1000"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert 'id="record-count" data-list-count="1">1 record</p>' in page


def test_an_empty_list_says_why_and_offers_to_add_or_import(client, tree, users):
    client.force_login(users.a_editor)
    page = _text(client.get(CAMERAS, HTTP_ACCEPT_LANGUAGE="en"))
    assert "0 records" in page
    assert "There are no camera sites yet in your jurisdiction." in page
    assert reverse("cameras:camerasite-create") in page
    assert reverse("cameras:camerasite-import") in page
    # a viewer is told the same, with nothing offered to add
    client.force_login(users.a_viewer)
    page = _text(client.get(CAMERAS, HTTP_ACCEPT_LANGUAGE="en"))
    assert "There are no camera sites yet" in page and "Add the first one" not in page


def test_an_empty_filtered_list_says_the_filters_match_nothing(client, tree, users, sites):
    client.force_login(users.a_editor)
    page = _text(client.get(CAMERAS, {"q": "no such address"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert "No camera sites match the filters." in page
    assert "Clear the filters" in page and "yet in your jurisdiction" not in page


def test_the_yes_no_filters_any_reads_all_not_unknown(client, tree, users):
    client.force_login(users.a_editor)
    page = client.get(CAMERAS, **VI).content.decode()
    connected = re.search(r'<select name="connected".*?</select>', page, re.S).group(0)
    assert '<option value="unknown" selected>Tất cả</option>' in connected
    assert "Chưa xác định" not in page


def test_an_overdue_re_confirmation_is_marked_in_words(client, tree, users, sites):
    _site(tree.a, "Nhà mới", reconfirm_due_on=date.today() + timedelta(days=30))
    client.force_login(users.a_editor)
    page = _text(client.get(CAMERAS, HTTP_ACCEPT_LANGUAGE="en"))
    assert page.count('class="date-overdue"') == 2  # the two sites of A; not the new one
    assert page.count("overdue by 400 d") == 2
    # every cell is labelled for the phone's card layout
    assert 'data-label="Re-confirm by"' in page


# --- bulk actions ---------------------------------------------------------------------------


def _ids(*records):
    return [str(r.pk) for r in records]


def test_rows_have_checkboxes_only_for_users_who_may_change(client, tree, users, sites):
    client.force_login(users.a_editor)
    page = client.get(CAMERAS).content.decode()
    assert page.count('name="selected"') == 2 and 'id="bulk-form"' in page
    client.force_login(users.a_viewer)
    page = client.get(CAMERAS).content.decode()
    assert 'name="selected"' not in page and 'id="bulk-form"' not in page


def test_bulk_re_confirmation_asks_then_re_confirms_every_selected_site(client, tree, users, sites):
    a1, a2, _b1 = sites
    client.force_login(users.a_editor)
    data = {"action": "reconfirm", "selected": _ids(a1, a2), "query": "status=active"}
    page = _text(client.post(CAMERAS_BULK, data, HTTP_ACCEPT_LANGUAGE="en"))
    assert "2 records are selected:" in page and "Nhà A1" in page
    assert CameraSite.objects.get(pk=a1.pk).verified_on is None  # not before the confirmation
    response = client.post(CAMERAS_BULK, data | {"confirmed": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == f"{CAMERAS}?status=active"
    for site in (a1, a2):
        site.refresh_from_db()
        assert site.verified_on == date.today() and site.verified_by == users.a_editor
        assert site.history.first().history_change_reason == "Annual re-confirmation"
    page = _text(client.get(CAMERAS, HTTP_ACCEPT_LANGUAGE="en"))
    assert "2 records changed." in page


def test_a_bulk_action_with_a_forged_id_outside_the_jurisdiction_changes_nothing(
    client, tree, users, sites
):
    a1, a2, b1 = sites
    client.force_login(users.a_editor)
    data = {"action": "reconfirm", "selected": _ids(a1, b1), "confirmed": "1"}
    assert client.post(CAMERAS_BULK, data).status_code == 404
    data = {"action": "delete", "selected": _ids(a2, b1), "confirmed": "1", "reason": "x"}
    assert client.post(CAMERAS_BULK, data).status_code == 404
    assert CameraSite.objects.filter(pk__in=[a1.pk, a2.pk], verified_on=None).count() == 2
    b1.refresh_from_db()
    assert b1.verified_on is None


def test_a_bulk_action_is_refused_to_a_viewer(client, tree, users, sites):
    a1, _a2, _b1 = sites
    client.force_login(users.a_viewer)
    data = {"action": "reconfirm", "selected": _ids(a1), "confirmed": "1"}
    assert client.post(CAMERAS_BULK, data).status_code == 403
    a1.refresh_from_db()
    assert a1.verified_on is None


def test_bulk_delete_needs_a_reason_and_keeps_it_in_history(client, tree, users, sites):
    a1, a2, _b1 = sites
    client.force_login(users.a_editor)
    data = {"action": "delete", "selected": _ids(a1, a2), "confirmed": "1", "reason": " "}
    response = client.post(CAMERAS_BULK, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "Give the reason" in response.content.decode()
    assert CameraSite.objects.filter(pk__in=[a1.pk, a2.pk]).count() == 2
    data["reason"] = "Trùng với bản ghi khác"
    assert client.post(CAMERAS_BULK, data).status_code == 302
    assert not CameraSite.objects.filter(pk__in=[a1.pk, a2.pk]).exists()
    deleted = CameraSite.history.filter(id=a1.pk, history_type="-").get()
    assert deleted.history_change_reason == "Trùng với bản ghi khác"


def test_bulk_status_change_goes_through_the_workflow_all_or_nothing(client, tree, users):
    first = make_hotspot(users.a_editor, tree.a, title="Điểm 1")
    second = make_hotspot(users.a_editor, tree.a, title="Điểm 2", status="being_settled")
    client.force_login(users.a_editor)
    data = {"action": "status", "selected": _ids(first, second), "confirmed": "1"}
    response = client.post(
        HOTSPOTS_BULK, data | {"value": "being_settled"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    # the second is already being settled: the workflow refuses, and the first stays as it was
    assert response.status_code == 422
    assert "“Điểm 2”: The hotspot is already “Being settled”." in _text(response)
    assert Hotspot.objects.get(pk=first.pk).status == "monitoring"
    response = client.post(HOTSPOTS_BULK, data | {"value": "nonsense"})
    assert response.status_code == 422
    data["selected"] = _ids(first)
    assert client.post(HOTSPOTS_BULK, data | {"value": "being_settled"}).status_code == 302
    first.refresh_from_db()
    assert first.status == "being_settled"
    assert first.status_changes.filter(from_status="monitoring", to_status="being_settled").exists()


# --- the area picker starts at the user's own unit --------------------------------------------


def test_a_new_records_area_starts_at_the_users_own_unit(client, tree, users):
    users.a_editor.unit = tree.a
    users.a_editor.save(update_fields=["unit"])
    client.force_login(users.a_editor)
    for url in (reverse("tips:tip-create"), reverse("cameras:camerasite-create")):
        page = client.get(url).content.decode()
        assert f'name="area" value="{tree.a.pk}"' in page, url
    # the list's area (the filter) wins over the own unit
    page = client.get(reverse("tips:tip-create"), {"area": tree.a1.pk}).content.decode()
    assert f'name="area" value="{tree.a1.pk}"' in page
    # only where the role lets the user add records, and at a level the type stands at
    assert own_unit(users.a_editor, Action.CHANGE, (AreaLevel.VILLAGE,)) is None
    users.a_viewer.unit = tree.a
    assert own_unit(users.a_viewer, Action.CHANGE) is None
    assert own_unit(users.a_viewer, Action.VIEW) == tree.a.pk
