"""Alerts to teams by area: the preview counts, the sending reaches each current member with a
phone number, the delivery log and the team's page show it, and nothing outside the sender's
jurisdiction is reached or shown (404)."""

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from antq.movement.services import team_member_create
from antq.movement.tests.helpers import make_team
from antq.notifications import channels, selectors, services
from antq.notifications.choices import DeliveryStatus
from antq.notifications.models import Alert, Delivery

FIRE = "fire_safety_inter_family"
SECURITY = "security_self_governing"


@pytest.fixture
def sandbox(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    channels.reset()
    yield tmp_path
    channels.reset()


@pytest.fixture
def teams(tree, users):
    """In commune A: two fire-safety teams (three current members with phones, one without,
    one who left) and a security team; in commune B, a fire-safety team."""
    a, b = users.a_editor, users.b_editor
    fire1 = make_team(a, tree.a, name="Tổ liên gia 1", kind=FIRE)
    fire2 = make_team(a, tree.a1, name="Tổ liên gia 2", kind=FIRE)
    security = make_team(a, tree.a, name="Tổ tự quản 1", kind=SECURITY)
    fire_b = make_team(b, tree.b, name="Tổ liên gia B", kind=FIRE)

    def member(user, team, name, phone="", **fields):
        return team_member_create(
            acting_user=user, team=team, full_name=name, phone=phone, **fields
        )

    members = [
        member(a, fire1, "Nguyễn Văn Một", "0911 000 001"),
        member(a, fire1, "Trần Thị Hai", "0911 000 002"),
        member(a, fire2, "Lê Văn Ba", "0911 000 003"),
    ]
    member(a, fire2, "Phạm Thị Bốn")  # no phone
    member(
        a,
        fire2,
        "Hoàng Văn Năm",
        "0911 000 005",
        joined_on=date(2020, 1, 1),
        left_on=date(2024, 1, 1),
    )
    member(a, security, "Vũ Văn Sáu", "0911 000 006")
    member(b, fire_b, "Đỗ Thị Bảy", "0911 000 007")
    return {
        "fire1": fire1,
        "fire2": fire2,
        "security": security,
        "fire_b": fire_b,
        "members": members,
    }


def send(user, area, kinds=(FIRE,), **fields):
    values = {"channels": ["sms"], "text_vi": "Kiểm tra bình chữa cháy trước Tết."} | fields
    return services.alert_send(acting_user=user, area=area, team_kinds=list(kinds), **values)


def test_the_preview_counts_teams_members_and_phones_of_the_subtree(tree, teams):
    assert selectors.alert_reach(tree.a, [FIRE]) == {"teams": 2, "members": 4, "with_phone": 3}
    assert selectors.alert_reach(tree.p, [FIRE]) == {"teams": 3, "members": 5, "with_phone": 4}
    assert selectors.alert_reach(tree.a, [FIRE, SECURITY])["teams"] == 3


def test_an_alert_to_the_fire_safety_teams_of_a_commune_reaches_each_member(
    tree, users, teams, sandbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alert = send(users.a_editor, tree.a, channels=["sms", "zalo"], text_en="Check it.")
    assert (alert.team_count, alert.member_count) == (2, 4)
    log = list(selectors.alert_log(alert))
    assert {(d.member.full_name, d.channel) for d in log} == {
        (m.full_name, c) for m in teams["members"] for c in ("sms", "zalo")
    }
    assert {d.status for d in log} == {DeliveryStatus.SENT}
    sms = [
        json.loads(line) for line in (sandbox / "sms" / "messages.jsonl").read_text().splitlines()
    ]
    assert sorted(m["to"] for m in sms) == ["0911 000 001", "0911 000 002", "0911 000 003"]
    assert sms[0]["body"] == "Kiểm tra bình chữa cháy trước Tết.\n\nCheck it."


def test_the_alert_log_and_the_teams_pages_show_it(
    client, tree, users, teams, sandbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alert = send(users.p_approver, tree.p)
    client.force_login(users.a_editor)
    page = client.get(reverse("notifications:alert-detail", args=[alert.pk]))
    assert page.status_code == 404  # sent from the province: not in commune A's jurisdiction
    team_page = client.get(teams["fire1"].get_absolute_url()).content.decode()
    assert f'data-alert="{alert.pk}"' in team_page
    security_page = client.get(teams["security"].get_absolute_url()).content.decode()
    assert f'data-alert="{alert.pk}"' not in security_page
    client.force_login(users.p_approver)
    log = client.get(reverse("notifications:alert-detail", args=[alert.pk])).content.decode()
    assert log.count('data-status="sent"') == 4
    for name in ("Nguyễn Văn Một", "Lê Văn Ba", "Đỗ Thị Bảy"):
        assert name in log


def test_commune_b_cannot_alert_commune_a_nor_see_its_alerts(client, tree, users, teams, sandbox):
    with pytest.raises((PermissionDenied, ValidationError)):
        send(users.b_editor, tree.a)
    with pytest.raises(PermissionDenied):
        send(users.a_viewer, tree.a)
    alert = send(users.a_editor, tree.a)
    client.force_login(users.b_editor)
    assert client.get(reverse("notifications:alert-detail", args=[alert.pk])).status_code == 404
    assert (
        f'data-alert="{alert.pk}"'
        not in client.get(reverse("notifications:alert-list")).content.decode()
    )
    assert not Delivery.objects.filter(alert=alert, team=teams["fire_b"]).exists()


def test_the_compose_page_previews_then_sends(client, tree, users, teams, sandbox, english):
    client.force_login(users.a_editor)
    form = {"area": tree.a.pk, "team_kinds": [FIRE], "channels": ["sms"], "text_vi": "Họp tổ."}
    url = reverse("notifications:alert-compose")
    assert 'name="area" value=' not in client.get(url).content.decode()  # no unit: none
    users.a_editor.unit = tree.a
    users.a_editor.save()
    blank = client.get(url).content.decode()  # the picker starts at the sender's unit
    assert f'name="area" value="{tree.a.pk}"' in blank and f"· {tree.a.code}</span>" in blank
    preview = client.post(url, form | {"preview": "1"}).content.decode()
    assert 'data-teams="2" data-members="4" data-with-phone="3"' in preview
    assert not Alert.objects.exists()
    missing = client.post(url, form | {"text_vi": "", "send": "1"})
    assert missing.status_code == 422 and not Alert.objects.exists()
    assert f"· {tree.a.code}</span>" in missing.content.decode()  # the area stays chosen
    sent = client.post(url, form | {"send": "1"})
    alert = Alert.objects.get()
    assert sent.url == reverse("notifications:alert-detail", args=[alert.pk])
    assert alert.deliveries.count() == 3


def test_the_api_previews_sends_and_logs(api_client, tree, users, teams, sandbox, english):
    api = api_client.as_user(users.a_editor)
    body = {"area_id": tree.a.pk, "team_kinds": [FIRE], "text_vi": "Họp tổ liên gia."}
    preview = api.post("/api/v1/alerts/preview", body)
    assert preview.json() == {"teams": 2, "members": 4, "with_phone": 3}
    bad = api.post("/api/v1/alerts", body | {"text_vi": " "})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "text_vi"
    outside = api.post("/api/v1/alerts", body | {"area_id": tree.b.pk})
    assert outside.status_code == 422 and not Alert.objects.exists()
    created = api.post("/api/v1/alerts", body)
    assert created.status_code == 201
    pk = created.json()["id"]
    log = api.get(f"/api/v1/alerts/{pk}/deliveries").json()
    assert log["count"] == 3
    assert {d["member_name"] for d in log["items"]} == {m.full_name for m in teams["members"]}
    assert api_client.as_user(users.b_editor).get(f"/api/v1/alerts/{pk}").status_code == 404
