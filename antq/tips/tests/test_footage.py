"""Cameras near a tip and footage requests to their owners: the nearby list (distance, scope,
no N+1), the request and its answer (rules, history, clock untouched), scoping both ways, the
pages and the API."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from antq.cameras.services import camerasite_create
from antq.core.imports import run_import
from antq.core.testing.sheets import xlsx_bytes
from antq.tips.exports import TIP_COLUMNS
from antq.tips.imports import TIP_IMPORT
from antq.tips.models import FootageRequest, Tip
from antq.tips.selectors import footage_requests, nearby_cameras
from antq.tips.services import footage as footage_services
from antq.tips.services import workflow as workflow_services
from antq.tips.tests.helpers import make_tip

pytestmark = pytest.mark.rollup

# the incident, in Đông Hà; 0.001 degree of latitude is about 111 m
LAT, LON = 16.8163, 107.1003


def _site(user, area, north_m, **fields):
    values = {
        "owner_type": "enterprise",
        "heads": 2,
        "address": f"Site {north_m} m",
        "latitude": LAT + north_m / 111_195,
        "longitude": LON,
        "connected": True,
        "retention_days": 15,
        "footage_consent": True,
    } | fields
    return camerasite_create(acting_user=user, area=area, **values)


@pytest.fixture
def place(tree, users):
    """A tip of commune A with its point, and camera sites around it: A's at 100, 300 (owner
    not to be asked), 700 and 3,000 m; B's at 50 m."""
    today = timezone.localdate()
    tip = make_tip(
        users.a_editor,
        tree.a,
        latitude=LAT,
        longitude=LON,
        occurred_on=today - timedelta(days=2),
        occurred_time=time(21, 30),
        received_on=today - timedelta(days=1),
    )
    a = users.a_editor
    sites = {
        "near": _site(a, tree.a, 100, owner_type="household", household_contact="Bà Lan"),
        "shy": _site(a, tree.a, 300, footage_consent=False),
        "mid": _site(a, tree.a1, 700, connected=False, retention_days=None),
        "far": _site(a, tree.a, 3000),
        "theirs": _site(users.b_editor, tree.b, 50),
    }
    return tip, sites


def _window(tip, hours=1):
    start = tip.occurred_at - timedelta(hours=hours)
    return {"window_start": start, "window_end": tip.occurred_at + timedelta(hours=hours)}


def _request(user, tip, site, **fields):
    values = _window(tip) | {"reason": "Xác minh người lạ đi xe máy lúc 21h30."} | fields
    return footage_services.footage_request_create(
        acting_user=user, tip=tip, camera_site=site, **values
    )


# --- the nearby list --------------------------------------------------------------------


@pytest.mark.pg  # the distance is computed by the database
def test_nearby_cameras_follow_the_distance_and_the_jurisdiction(place, users):
    tip, sites = place

    def names(user, metres):
        return [s.address for s in nearby_cameras(user, tip, metres)]

    assert names(users.a_editor, 200) == ["Site 100 m"]
    assert names(users.a_editor, 500) == ["Site 100 m", "Site 300 m"]
    assert names(users.a_editor, 2000) == ["Site 100 m", "Site 300 m", "Site 700 m"]
    # the province sees B's site too, nearest first
    assert names(users.p_approver, 500) == ["Site 50 m", "Site 100 m", "Site 300 m"]
    [near] = nearby_cameras(users.a_editor, tip, 200)
    assert 95 < near.distance_km * 1000 < 105


def test_the_nearby_fragment_costs_the_same_queries_for_one_site_or_three(client, place, users):
    tip, _sites = place
    client.force_login(users.a_editor)
    counts = {}
    for metres in (200, 2000):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/tips/{tip.pk}/cameras/?m={metres}", HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        counts[metres] = len(queries)
    body = response.content.decode()
    assert "Site 700 m" in body and "Site 3000 m" not in body and "Site 50 m" not in body
    assert counts[200] == counts[2000]


def test_the_tip_page_lists_nearby_cameras_with_owner_connection_and_retention(
    client, place, users
):
    tip, sites = place
    client.force_login(users.a_editor)
    body = client.get(tip.get_absolute_url()).content.decode()
    assert 'data-nearby="2"' in body  # the default: 500 m
    row = body.split(f'data-site="{sites["near"].pk}"')[1].split("</li>")[0]
    with translation.override("vi"):  # the page's language
        connected = gettext("Connected to the commune system")
        kept = ngettext("%(n)s day", "%(n)s days", 15) % {"n": 15}
    assert "Bà Lan" in row and kept in row and connected in row
    assert (
        "Site 700 m"
        not in body.split('id="footage"')[0].split('id="nearby-list"')[1].split("<form")[0]
    )
    assert 'id="footage-form"' in body
    # an unknown distance falls back to the default
    assert 'data-nearby="2"' in client.get(f"/tips/{tip.pk}/cameras/?m=7").content.decode()


def test_a_tip_without_a_point_says_so(client, tree, users):
    tip = make_tip(users.a_editor, tree.a)
    client.force_login(users.a_viewer)
    body = client.get(tip.get_absolute_url()).content.decode()
    assert 'data-nearby="none"' in body
    assert 'id="footage-form"' not in body  # a viewer drafts nothing


# --- requests and answers ---------------------------------------------------------------


def test_a_request_is_recorded_in_the_tips_history_and_leaves_the_clock(place, users):
    tip, sites = place
    due = tip.due_on
    made = _request(users.a_editor, tip, sites["near"])
    assert (made.requested_on, made.requested_by, made.outcome) == (
        timezone.localdate(),
        users.a_editor,
        "",
    )
    event = tip.events.get(kind="footage_requested")
    assert (event.footage_request, event.by, event.reason) == (made, users.a_editor, made.reason)
    tip.refresh_from_db()
    assert (tip.due_on, tip.status) == (due, "received")


@pytest.mark.parametrize(
    "change, field",
    [
        ({"reason": "  "}, "reason"),
        ({"window_end": "start"}, "window_end"),
        ({"window_end": "+49h"}, "window_end"),
        ({"window_end": "future"}, "window_end"),
    ],
)
def test_a_bad_request_names_its_field_and_writes_nothing(place, users, change, field):
    tip, sites = place
    window = _window(tip)
    values = {}
    for key, value in change.items():
        if value == "start":
            values[key] = window["window_start"]
        elif value == "+49h":
            values[key] = window["window_start"] + timedelta(hours=49)
        elif value == "future":
            values[key] = timezone.now() + timedelta(hours=1)
        else:
            values[key] = value
    with pytest.raises(ValidationError) as exc:
        _request(users.a_editor, tip, sites["near"], **values)
    assert set(exc.value.message_dict) == {field}
    assert not FootageRequest.objects.exists() and not tip.events.filter(kind__startswith="f")


def test_only_a_consenting_site_in_service_in_the_jurisdiction_can_be_asked(place, users):
    tip, sites = place
    for site in (sites["shy"], sites["theirs"]):
        with pytest.raises(ValidationError) as exc:
            _request(users.a_editor, tip, site)
        assert set(exc.value.message_dict) == {"camera_site"}
    with pytest.raises(PermissionDenied):
        _request(users.a_viewer, tip, sites["near"])
    assert not FootageRequest.objects.exists()


def test_the_answer_is_recorded_once_dated_and_kept_after_settlement(place, users):
    tip, sites = place
    made = _request(users.a_editor, tip, sites["near"])
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        footage_services.footage_request_answer(
            acting_user=users.a_editor, request=made, outcome="agreed", on=today + timedelta(1)
        )
    assert set(exc.value.message_dict) == {"outcome_on"}
    with pytest.raises(ValidationError) as exc:
        footage_services.footage_request_answer(
            acting_user=users.a_editor, request=made, outcome="agreed", on=today - timedelta(1)
        )
    assert set(exc.value.message_dict) == {"outcome_on"}
    workflow_services.tip_close_not_crime(acting_user=users.a_editor, tip=tip, reason="Dân sự")
    answered = footage_services.footage_request_answer(
        acting_user=users.a_editor, request=made, outcome="no_longer_existed", note="Ghi đè"
    )
    assert (answered.outcome, answered.outcome_on, answered.outcome_by) == (
        "no_longer_existed",
        today,
        users.a_editor,
    )
    kinds = list(tip.events.values_list("kind", flat=True))
    assert kinds[-1] == "footage_outcome" and "footage_requested" in kinds
    tip.refresh_from_db()
    assert tip.status == "closed_not_crime" and tip.settled_on == today
    with pytest.raises(ValidationError) as exc:
        footage_services.footage_request_answer(
            acting_user=users.a_editor, request=made, outcome="agreed"
        )
    assert set(exc.value.message_dict) == {"outcome"}
    # a settled tip takes no new request
    with pytest.raises(ValidationError) as exc:
        _request(users.a_editor, tip, sites["near"])
    assert set(exc.value.message_dict) == {"tip"}


def test_the_requests_page_flow(client, place, users):
    tip, sites = place
    client.force_login(users.a_editor)
    start = timezone.localtime(tip.occurred_at - timedelta(minutes=30))
    response = client.post(
        f"/tips/{tip.pk}/footage/",
        {
            "footage-camera_site": sites["mid"].pk,
            "footage-window_start": start.strftime("%Y-%m-%dT%H:%M"),
            "footage-window_end": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "footage-reason": "Xe máy đi qua cổng lúc 21h30",
        },
    )
    assert response.status_code == 302
    made = FootageRequest.objects.get()
    assert made.camera_site == sites["mid"]
    assert timezone.localtime(made.window_start).replace(tzinfo=None) == start.replace(
        tzinfo=None, second=0, microsecond=0
    )
    client.post(
        f"/tips/{tip.pk}/footage/{made.pk}/answer/",
        {f"answer-{made.pk}-outcome": "refused", f"answer-{made.pk}-note": "Chủ nhà từ chối"},
    )
    made.refresh_from_db()
    assert made.outcome == "refused"
    body = client.get(tip.get_absolute_url()).content.decode()
    assert f'data-footage="{made.pk}" data-outcome="refused"' in body
    assert 'data-event="footage_outcome"' in body and "Chủ nhà từ chối" in body
    # a bad request says why on the page, and writes nothing
    response = client.post(
        f"/tips/{tip.pk}/footage/", {"footage-camera_site": sites["mid"].pk}, follow=True
    )
    assert FootageRequest.objects.count() == 1
    alert = response.content.decode().split('class="alert alert-danger')[1].split("</div>")[0]
    with translation.override("vi"):
        assert gettext("Why the footage is needed") in alert and gettext("Footage from") in alert


def test_the_default_window_is_an_hour_either_side_of_the_incident(client, place, users):
    tip, _sites = place
    client.force_login(users.a_editor)
    body = client.get(tip.get_absolute_url()).content.decode()
    day = tip.occurred_on.isoformat()
    assert f'value="{day}T20:30"' in body and f'value="{day}T22:30"' in body


# --- scoping, both ways -----------------------------------------------------------------


def test_another_commune_neither_sees_nor_writes_requests(client, api_client, place, users):
    tip, sites = place
    made = _request(users.a_editor, tip, sites["near"])
    client.force_login(users.b_editor)
    for url in (f"/tips/{tip.pk}/cameras/", tip.get_absolute_url()):
        assert client.get(url).status_code == 404
    for url, data in (
        (f"/tips/{tip.pk}/footage/", {"footage-camera_site": sites["theirs"].pk}),
        (f"/tips/{tip.pk}/footage/{made.pk}/answer/", {f"answer-{made.pk}-outcome": "agreed"}),
    ):
        assert client.post(url, data).status_code == 404
    api = api_client.as_user(users.b_editor)
    assert api.get(f"/api/v1/tips/{tip.pk}/footage-requests").status_code == 404
    assert api.get(f"/api/v1/tips/{tip.pk}/cameras").status_code == 404
    response = api.post(
        f"/api/v1/tips/{tip.pk}/footage-requests/{made.pk}/answer", {"outcome": "agreed"}
    )
    assert response.status_code == 404
    # and A cannot name B's camera on its own tip
    body = {
        "camera_site_id": sites["theirs"].pk,
        "reason": "x",
        **{k: v.isoformat() for k, v in _window(tip).items()},
    }
    api = api_client.as_user(users.a_editor)
    theirs = sites["theirs"].pk
    for lang, start in (
        ("en", f"No camera site {theirs} in your jurisdiction"),
        ("vi", f"Không có điểm camera {theirs} trong địa bàn"),
        ("ar", f"لا يوجد موقع كاميرات {theirs} ضمن نطاق اختصاصك"),
    ):
        response = client.post(
            f"/api/v1/tips/{tip.pk}/footage-requests",
            body,
            content_type="application/json",
            headers=api._headers() | {"Accept-Language": lang},
        )
        assert response.status_code == 422
        [error] = response.json()["errors"]
        assert error["field"] == "camera_site_id"
        assert error["reason"].startswith(start), error["reason"]
        assert f"/api/v1/tips/{tip.pk}/cameras" in error["reason"]
    made.refresh_from_db()
    assert made.outcome == "" and FootageRequest.objects.count() == 1


def test_a_reader_who_cannot_see_the_camera_sees_the_request_without_it(place, users, tree):
    tip, sites = place
    _request(users.p_approver, tip, sites["theirs"])  # the province may ask B's owner
    [seen_by_a] = footage_requests(users.a_viewer, tip)
    [seen_by_p] = footage_requests(users.p_approver, tip)
    assert (seen_by_a.site_visible, seen_by_p.site_visible) == (False, True)


# --- the API ----------------------------------------------------------------------------


@pytest.mark.pg  # the distance is computed by the database
def test_the_api_lists_nearby_cameras_and_takes_a_request_and_its_answer(api_client, place, users):
    tip, sites = place
    users.a_editor.full_name, users.a_editor.position = "Đỗ Văn G", "Cán bộ"
    users.a_editor.save()
    api = api_client.as_user(users.a_editor)
    near = api.get(f"/api/v1/tips/{tip.pk}/cameras", metres=1000).json()
    assert [c["id"] for c in near] == [sites[k].pk for k in ("near", "shy", "mid")]
    assert near[0]["distance_m"] in range(95, 106) and near[0]["retention_days"] == 15
    assert api.get(f"/api/v1/tips/{tip.pk}/cameras", metres=123).status_code == 422
    start = timezone.localtime(tip.occurred_at).replace(tzinfo=None)
    body = {
        "camera_site_id": sites["near"].pk,
        "window_start": start.isoformat(),
        "window_end": (start + timedelta(hours=2)).isoformat(),
        "reason": "Đối chiếu lời khai",
    }
    response = api.post(f"/api/v1/tips/{tip.pk}/footage-requests", body)
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["outcome"] == "" and made["camera_site_label"] == "Site 100 m"
    assert (made["requested_by"], made["requested_by_name"]) == ("a_editor", "Đỗ Văn G, Cán bộ")
    bad = api.post(f"/api/v1/tips/{tip.pk}/footage-requests", body | {"reason": ""})
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["reason"]
    shy = api.post(
        f"/api/v1/tips/{tip.pk}/footage-requests", body | {"camera_site_id": sites["shy"].pk}
    )
    assert [e["field"] for e in shy.json()["errors"]] == ["camera_site_id"]
    answer = api.post(
        f"/api/v1/tips/{tip.pk}/footage-requests/{made['id']}/answer", {"outcome": "agreed"}
    )
    assert answer.status_code == 200 and answer.json()["outcome"] == "agreed"
    listed = api.get(f"/api/v1/tips/{tip.pk}/footage-requests").json()
    assert [r["outcome"] for r in listed] == ["agreed"]
    kinds = [e["kind"] for e in api.get(f"/api/v1/tips/{tip.pk}/events").json()]
    assert kinds[-2:] == ["footage_requested", "footage_outcome"]
    viewer = api_client.as_user(users.a_viewer)
    assert viewer.post(f"/api/v1/tips/{tip.pk}/footage-requests", body).status_code == 403


# --- the incident's time ----------------------------------------------------------------


def test_the_time_of_occurrence_needs_its_date_and_is_not_in_the_future(tree, users):
    with pytest.raises(ValidationError) as exc:
        make_tip(users.a_editor, tree.a, occurred_time=time(10, 0))
    assert set(exc.value.message_dict) == {"occurred_time"}
    now = timezone.localtime()
    if now.hour < 23:  # at 23:xx no later time of today exists
        with pytest.raises(ValidationError) as exc:
            make_tip(
                users.a_editor,
                tree.a,
                occurred_on=now.date(),
                occurred_time=time(now.hour + 1, 0),
            )
        assert set(exc.value.message_dict) == {"occurred_time"}
    tip = make_tip(
        users.a_editor, tree.a, occurred_on=now.date() - timedelta(1), occurred_time=time(23, 5)
    )
    assert tip.occurred_at == timezone.make_aware(
        datetime.combine(now.date() - timedelta(1), time(23, 5))
    )


def test_the_time_of_occurrence_through_the_api_form_and_page(client, api_client, tree, users):
    api = api_client.as_user(users.a_editor)
    yesterday = (timezone.localdate() - timedelta(1)).isoformat()
    body = {
        "area_id": tree.a.pk,
        "legal_kind": "denunciation",
        "channel": "phone",
        "category_id": make_tip(users.a_editor, tree.a).category_id,
        "summary": "Trộm xe máy trước cổng chợ.",
        "occurred_on": yesterday,
        "occurred_time": "14:30",
    }
    made = api.post("/api/v1/tips/", body)
    assert made.status_code == 201, made.content
    assert made.json()["occurred_time"] == "14:30:00"
    refused = api.post("/api/v1/tips/", body | {"occurred_on": None})
    assert [e["field"] for e in refused.json()["errors"]] == ["occurred_time"]
    client.force_login(users.a_editor)
    page = client.get(f"/tips/{made.json()['id']}/").content.decode()
    assert '<dd class="col-sm-8 col-lg-9" data-field="occurred_time">14:30</dd>' in page
    form = client.get(f"/tips/{made.json()['id']}/edit/").content.decode()
    assert 'type="time"' in form and 'value="14:30"' in form


@pytest.mark.pg  # a bulk import
def test_past_tips_carry_their_time_of_occurrence_in_and_out(tree, users, english):
    header = ["commune code", "received on", "legal kind", "channel", "category code"]
    header += ["summary", "occurred on", "time of occurrence"]
    base = ["10001", "01/03/2019", "denunciation", "phone", "fraud", "Trộm cắp tài sản"]
    bad = [base + ["", "21:30"], base + ["28/02/2019", "25:99"]]
    outcome = run_import(
        TIP_IMPORT, acting_user=users.p_approver, data=xlsx_bytes(header, bad), filename="t.xlsx"
    )
    assert [(e.row, e.column) for e in outcome.errors] == [
        (2, "time of occurrence"),
        (3, "time of occurrence"),
    ]
    good = [base + ["28/02/2019", "21h30"], base + ["28/02/2019", ""]]
    outcome = run_import(
        TIP_IMPORT, acting_user=users.p_approver, data=xlsx_bytes(header, good), filename="t.xlsx"
    )
    assert outcome.ok, outcome.errors
    assert sorted(map(str, Tip.objects.values_list("occurred_time", flat=True))) == [
        "21:30:00",
        "None",
    ]
    column = [label for label, _value in TIP_COLUMNS].index("time of occurrence")
    assert sorted(str(TIP_COLUMNS[column][1](t)) for t in Tip.objects.all()) == ["21:30", "None"]


def test_a_step_may_be_dated_before_a_footage_request(place, users):
    """Footage requests are not steps of the workflow: the decision of yesterday, recorded
    today after this morning's request, keeps its date."""
    tip, sites = place
    _request(users.a_editor, tip, sites["near"])
    yesterday = timezone.localdate() - timedelta(days=1)
    workflow_services.tip_start_verifying(acting_user=users.a_editor, tip=tip, on=yesterday)
    tip.refresh_from_db()
    assert tip.status == "verifying"
    assert tip.events.get(kind="verifying").on == yesterday


def test_a_camera_sites_page_lists_the_requests_to_its_owner(client, place, users, tree):
    """Who asked, the window and the answer, for everyone who sees the site; the tip (its link
    and why the footage was needed) only for those who see the tip too; one query whatever the
    number of requests."""
    tip, sites = place
    site = sites["near"]
    answered = _request(users.a_editor, tip, site)
    footage_services.footage_request_answer(
        acting_user=users.a_editor, request=answered, outcome="refused", note="Không đồng ý."
    )
    other = make_tip(
        users.a_editor,
        tree.a,
        occurred_on=tip.occurred_on,
        occurred_time=time(20, 0),
        received_on=tip.received_on,
    )
    away = _request(users.a_editor, other, site, reason="Lý do của tin đã chuyển lên tỉnh.")
    workflow_services.tip_transfer(
        acting_user=users.a_editor, tip=other, to_area=tree.p, reason="Vượt thẩm quyền."
    )
    url = site.get_absolute_url()

    client.force_login(users.a_editor)
    page = client.get(url, headers={"Accept-Language": "en"}).content.decode()
    assert f'data-footage="{answered.pk}" data-outcome="refused"' in page
    assert f'data-footage="{away.pk}" data-outcome=""' in page
    assert "The owner refused" in page and "Awaiting the owner's answer" in page
    # who asked, by the person (a tip may since have moved to another unit)
    assert page.count(f"<bdi>{users.a_editor.person_label}</bdi>") == 2
    assert page.count("data-tip-link") == 1 and tip.get_absolute_url() in page
    assert other.get_absolute_url() not in page and "đã chuyển lên tỉnh" not in page
    assert "A tip outside your jurisdiction" in page

    client.force_login(users.p_approver)
    page = client.get(url).content.decode()
    assert page.count("data-tip-link") == 2 and "đã chuyển lên tỉnh" in page

    client.force_login(users.b_editor)
    assert client.get(url).status_code == 404

    client.force_login(users.a_editor)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for hours in (2, 3):
        _request(users.a_editor, tip, site, **_window(tip, hours))
    with CaptureQueriesContext(connection) as more:
        page = client.get(url).content.decode()
    assert page.count("data-footage=") == 4
    assert len(more) == len(few)


def test_a_request_recorded_afterwards_keeps_its_day(place, users):
    """Dated when it was made: not in the future, not before the tip was received."""
    tip, sites = place
    made = _request(users.a_editor, tip, sites["near"], on=tip.received_on)
    assert made.requested_on == tip.received_on
    for day in (tip.received_on - timedelta(days=1), timezone.localdate() + timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            _request(users.a_editor, tip, sites["near"], on=day)
        assert list(refused.value.message_dict) == ["on"]
    assert FootageRequest.objects.count() == 1
