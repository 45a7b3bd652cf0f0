"""Issue 5, "done means" (this half): a festival day with its commendations is recorded and the
award list exported. A commune's editor records the festival day (ceremony and festival) and
nominates a village, a team and a person presented there; the province's approver approves
them under one decision, and a second decision that reuses the number with another date is
refused; the award list comes out of the festival day's page, and the figures count it all."""

import io
from datetime import date

from openpyxl import load_workbook

from antq.activities.models import Activity
from antq.honours.models import Commendation
from antq.indicators.compute import compute
from antq.movement.models import Team

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_a_festival_day_with_its_commendations_and_the_award_list(client, tree, users, english):
    team = Team.objects.create(
        area=tree.a1, name="Tổ tự quản ANTT thôn 1", kind="security_self_governing"
    )
    client.force_login(users.a_editor)
    festival = {
        "area": tree.a.pk,
        "kind": "festival_day",
        "title": "Ngày hội toàn dân bảo vệ an ninh Tổ quốc xã Hòa Bình năm 2025",
        "held_on": "2025-08-19",
        "participants": "650",
    }
    page = client.post("/activities/new/", festival, **EN)
    assert (
        page.status_code == 422 and "Say which parts of the festival day" in page.content.decode()
    )
    page = client.post(
        "/activities/new/", festival | {"ceremony_held": "on", "festival_held": "on"}
    )
    assert page.status_code == 302
    day = Activity.objects.get()

    common = {
        "award_form": "certificate_of_merit",
        "authority_level": "province",
        "authority_name": "Chủ tịch UBND tỉnh Quảng Trị",
        "period_year": "2025",
        "activity": day.pk,
        "achievement": "Thành tích xuất sắc trong phong trào toàn dân bảo vệ ANTQ năm 2025",
    }
    recipients = [
        {"area": tree.a1.pk, "recipient_kind": "area"},
        {"area": tree.a1.pk, "recipient_kind": "team", "recipient_team": team.pk},
        {
            "area": tree.a.pk,
            "recipient_kind": "individual",
            "recipient_name": "Nguyễn Văn An",
            "recipient_position": "Trưởng Công an xã Hòa Bình",
        },
        {
            "area": tree.a.pk,
            "recipient_kind": "individual",
            "recipient_name": "Hồ Thị Mai",
            "recipient_position": "Tổ trưởng tổ liên gia",
        },
    ]
    for recipient in recipients:
        assert client.post("/honours/commendations/new/", common | recipient).status_code == 302
    village, by_team, person, late = Commendation.objects.order_by("id")
    page = client.get(f"/activities/{day.pk}/", **EN).content.decode()
    assert "Commendations presented" in page and "Tổ tự quản ANTT thôn 1" in page

    client.force_login(users.p_approver)
    decision = {"decision_number": "1520/QĐ-UBND", "decision_date": "2025-08-12"}
    for commendation in (village, by_team, person):
        client.post(f"/honours/commendations/{commendation.pk}/approve/", decision)
    page = client.post(
        f"/honours/commendations/{late.pk}/approve/",
        {"decision_number": "1520/QĐ-UBND", "decision_date": "2025-08-18"},
        follow=True,
        **EN,
    ).content.decode()
    assert "already recorded with the date 12/08/2025" in page
    assert list(Commendation.objects.order_by("id").values_list("status", flat=True)) == [
        "approved",
        "approved",
        "approved",
        "nominated",
    ]

    client.force_login(users.a_viewer)
    page = client.get(f"/activities/{day.pk}/", **EN).content.decode()
    assert f"/honours/commendations/award-list.xlsx?activity={day.pk}" in page
    response = client.get("/honours/commendations/award-list.xlsx", {"activity": day.pk}, **EN)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "LIST OF COMMENDATIONS" and rows[1][0] == "Unit: Xã Hòa Bình"
    body = [r for r in rows[5:] if r[0] and isinstance(r[0], int)]
    assert [r[0] for r in body] == [1, 2, 3]
    assert {r[1] for r in body} == {"Thôn 1", "Tổ tự quản ANTT thôn 1", "Nguyễn Văn An"}
    assert {r[4] for r in body} == {"1520/QĐ-UBND, 12/08/2025"}
    person_row = next(r for r in body if r[1] == "Nguyễn Văn An")
    assert person_row[2] == "Trưởng Công an xã Hòa Bình"

    keys = [
        "activities.festival_days",
        "activities.festival_participants",
        "honours.commendations",
        "honours.certificates_of_merit",
        "honours.collective",
        "honours.individual",
    ]
    figures = compute(
        keys,
        user=users.p_approver,
        area=tree.p,
        date_from=date(2025, 1, 1),
        date_to=date(2025, 12, 31),
    )[tree.p.path]
    assert [figures.value(k) for k in keys] == [1, 650, 3, 3, 2, 1]
    # the other commune sees none of it
    client.force_login(users.b_editor)
    assert client.get(f"/activities/{day.pk}/").status_code == 404
    assert client.get(f"/honours/commendations/{person.pk}/").status_code == 404
