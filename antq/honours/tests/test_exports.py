"""The award list (XLSX) an award ceremony uses, in the user's language, and the generic
exports."""

import io
from csv import reader
from io import StringIO

import pytest
from openpyxl import load_workbook

from antq.honours.tests.helpers import AUTHORITY, approve, individual, nominate


def _sheet(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def _rows(ws):
    return [[c for c in row] for row in ws.iter_rows(values_only=True)]


@pytest.fixture
def decided(tree, users):
    village = approve(users.p_approver, nominate(users.a_editor, tree.a1))
    person = approve(
        users.p_approver,
        individual(
            users.a_editor, tree.a, name="Nguyễn Văn An", position="Công an viên xã Hòa Bình"
        ),
    )
    nominate(users.a_editor, tree.a)  # still a nomination: not on the award list
    elsewhere = approve(users.p_approver, nominate(users.b_editor, tree.b))
    return village, person, elsewhere


def test_the_award_list_in_english(client, users, tree, decided):
    client.force_login(users.p_approver)
    ws = _sheet(
        client.get(
            "/honours/commendations/award-list.xlsx",
            {"area": tree.a.pk, "year": 2025},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    )
    rows = _rows(ws)
    assert rows[0][0] == "LIST OF COMMENDATIONS"
    assert rows[1][0] == "Unit: Xã Hòa Bình"
    assert rows[2][0] == "Period: Year 2025"
    assert rows[4] == (
        [
            "No.",
            "Recipient",
            "Position / unit",
            "Form",
            "Decision (number, date)",
            "Issuing authority",
            "Achievement",
        ]
    )
    body = rows[5:7]
    assert [r[0] for r in body] == [1, 2]
    recipients = {r[1]: r for r in body}
    assert set(recipients) == {"Thôn 1", "Nguyễn Văn An"}
    assert recipients["Nguyễn Văn An"][2] == "Công an viên xã Hòa Bình"
    assert recipients["Thôn 1"][3] == "Certificate of merit (bằng khen)"
    assert recipients["Thôn 1"][4] == "45/QĐ-UBND, 15/08/2025"
    assert recipients["Thôn 1"][5] == AUTHORITY
    assert rows[-1][0] == "Total: 2"
    assert "A1:G1" in {str(r) for r in ws.merged_cells.ranges}


def test_the_award_list_in_vietnamese_and_arabic(client, users, tree, decided):
    client.force_login(users.a_viewer)
    ws = _sheet(client.get("/honours/commendations/award-list.xlsx", HTTP_ACCEPT_LANGUAGE="vi"))
    rows = _rows(ws)
    assert rows[0][0] == "DANH SÁCH KHEN THƯỞNG"
    assert rows[1][0] == "Đơn vị: Xã Hòa Bình"  # the viewer's one jurisdiction
    assert rows[4][0] == "STT" and rows[5][3] == "Bằng khen"
    assert len(rows) == 5 + 2 + 2  # two approved in the commune; the other commune's is not there
    assert not ws.sheet_view.rightToLeft
    ws = _sheet(client.get("/honours/commendations/award-list.xlsx", HTTP_ACCEPT_LANGUAGE="ar"))
    assert ws.sheet_view.rightToLeft
    assert _rows(ws)[0][0] != "LIST OF COMMENDATIONS"


def test_the_award_list_through_the_api_and_for_one_activity(api_client, users, tree, decided):
    api = api_client.as_user(users.p_approver)
    response = api.get(
        "/api/v1/commendations/award-list", decided_after="2025-08-01", decided_before="2025-08-31"
    )
    ws = _sheet(response)
    rows = _rows(ws)
    assert rows[2][0] == "Thời kỳ: Quyết định từ 01/08/2025 đến 31/08/2025"
    assert [r[0] for r in rows[5:-2]] == [1, 2, 3]
    assert api.get("/api/v1/commendations/award-list", year="năm").status_code == 422


def test_the_generic_export_carries_the_decision(client, users, tree, decided):
    client.force_login(users.a_viewer)
    response = client.get(
        "/honours/commendations/export.csv", {"status": "approved"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "45/QĐ-UBND" in text and "2025-08-15" in text and "Nguyễn Văn An" in text
    assert text.count("\n") == 3  # the header and two approved commendations of the commune
    assert decided[2].area.name not in text
    # a whole calendar year is written as its year, as the import reads it back
    header, *rows = list(reader(StringIO(text)))
    year, start = header.index("year"), header.index("period from")
    assert {(row[year], row[start]) for row in rows} == {("2025", "")}
