"""The issue's "Done means", end to end through the pages, and the raw SQL check that the
database holds no reporter's identity in clear."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from antq.accounts.models import RoleAssignment
from antq.core.testing.second_factor import Client as StaffClient
from antq.portal.selectors import PUBLIC_STATUS
from antq.tips.choices import TipStatus
from antq.tips.deadlines import add_months
from antq.tips.models import Tip, TipAttachment, TipMessage
from antq.tips.tests.helpers import (
    CONTACT,
    NAME,
    category,
    portal_sandbox,  # noqa: F401 - autouse fixture
)

CODE_RE = re.compile(r'data-tip-code="(TG-\d{4}-[A-Z0-9]{6})"')
PASS_RE = re.compile(r'id="passphrase" dir="ltr">([A-Z0-9-]+)<')
AR = {"accept-language": "ar"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"Nguyen Thi To Giac CCCD 0123456789"

# The check, for every table of the database and every needle: one query with one LIKE per
# column, each column cast to text (so numbers, dates, JSON and blobs are searched too).
CLEAR_TEXT_SQL = "SELECT COUNT(*) FROM {table} WHERE {conditions}"
CONDITION_SQL = "CAST({column} AS TEXT) LIKE %s"


def _report(client, tree, **fields):
    response = client.post(
        "/report/",
        {
            "category": category("fraud").pk,
            "area": tree.a.pk,
            "occurred_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
            "occurred_place": "",
            "summary": "اتصل بي شخص ينتحل صفة ضابط شرطة وطلب مني تحويل المال إلى حساب مجهول.",
        }
        | fields,
        headers=AR,
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    body = response.content.decode()
    return CODE_RE.search(body).group(1), PASS_RE.search(body).group(1)


def _step(client, tip, step, data):
    response = client.post(f"/tips/{tip.pk}/{step}/", data)
    assert response.status_code == 302, (step, response.status_code)
    return response


def test_done_means(tree, users):
    """A citizen reports a fraud anonymously in Arabic, gets a code, later reads the unit's
    question and answers it; the commune transfers the tip to the province, the province
    extends, decides not to prosecute, and the citizen sees that outcome."""
    today = timezone.localdate()
    citizen = Client()
    form = citizen.get("/report/", headers=AR).content.decode()
    assert 'lang="ar" dir="rtl"' in form
    code, passphrase = _report(citizen, tree)
    tip = Tip.objects.get(code=code)
    assert not tip.has_identity and tip.reporter_name_enc == tip.reporter_contact_enc == ""
    assert (tip.area, tip.category.code, tip.channel, tip.status) == (
        tree.a,
        "fraud",
        "online_portal",
        "received",
    )

    # the commune asks a question
    commune = Client()
    commune.force_login(users.a_editor)
    assert code in commune.get("/tips/").content.decode()
    question = "Người gọi xưng tên gì và gọi từ số điện thoại nào?"
    response = commune.post(f"/tips/{tip.pk}/messages/", {"message-body": question})
    assert response.status_code == 302

    # later, the citizen signs in with the code and the passphrase, reads it and answers
    citizen = Client()
    assert (
        citizen.post(
            "/report/follow/", {"code": code, "passphrase": passphrase}, headers=AR
        ).status_code
        == 302
    )
    page = citizen.get("/report/follow/", headers=AR).content.decode()
    assert 'dir="rtl"' in page and question in page
    answer = "قال إنه النقيب هونغ، واتصل من الرقم 0987000111."
    assert citizen.post("/report/follow/reply/", {"body": answer}, headers=AR).status_code == 302
    assert TipMessage.objects.get(tip=tip, from_staff=False).body == answer
    assert answer in commune.get(tip.get_absolute_url()).content.decode()

    # the commune transfers the tip to the province, and no longer sees it
    _step(
        commune,
        tip,
        "transfer",
        {"transfer-higher": tree.p.pk, "transfer-reason": "Lừa đảo qua mạng, thẩm quyền tỉnh"},
    )
    assert commune.get(tip.get_absolute_url()).status_code == 404
    tip.refresh_from_db()
    assert tip.area == tree.p and tip.due_on == today + timedelta(days=20)

    # the province verifies, extends (a complex case), decides not to prosecute
    province = Client()
    province.force_login(users.p_approver)
    page = province.get(tip.get_absolute_url()).content.decode()
    assert question in page and answer in page  # the exchange follows the tip
    _step(province, tip, "verify", {})
    _step(province, tip, "extend", {"extend-reason": "Phải xác minh tại nhiều ngân hàng"})
    tip.refresh_from_db()
    assert (tip.status, tip.extensions, tip.due_on) == ("extended", 1, add_months(today, 2))
    _step(
        province,
        tip,
        "decide",
        {"decide-prosecute": "0", "decide-notes": "Không đủ căn cứ xác định có dấu hiệu tội phạm"},
    )
    tip.refresh_from_db()
    assert tip.status == TipStatus.DECIDED_NOT_PROSECUTE
    assert tip.settled_on == today and tip.settled_on <= tip.settled_due_on  # on time
    chain = list(tip.events.order_by("on", "id").values_list("kind", "from_area", "to_area"))
    assert chain == [
        ("received", None, tree.a.pk),
        ("transferred", tree.a.pk, tree.p.pk),
        ("verifying", None, None),
        ("extended", None, None),
        ("decided_not_prosecute", None, None),
    ]

    # the citizen sees the outcome, in Arabic, and nothing internal
    with translation.override("ar"):
        outcome = str(PUBLIC_STATUS[TipStatus.DECIDED_NOT_PROSECUTE])
    with translation.override("en"):
        assert outcome != str(PUBLIC_STATUS[TipStatus.DECIDED_NOT_PROSECUTE])
    page = citizen.get("/report/follow/", headers=AR).content.decode()
    assert outcome in page and tree.p.name in page
    assert "Không đủ căn cứ" not in page and "p_approver" not in page and "a_editor" not in page


def _grant(user, area):
    RoleAssignment.objects.filter(user=user, area=area).update(may_read_identities=True)


def clear_text_hits(needle):
    """(table, count) for every table holding `needle` in any column, read as text."""
    hits = []
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            sql = CLEAR_TEXT_SQL.format(
                table=qn(table),
                conditions=" OR ".join(CONDITION_SQL.format(column=qn(c)) for c in columns),
            )
            cursor.execute(sql, [f"%{needle}%"] * len(columns))
            count = cursor.fetchone()[0]
            if count:
                hits.append((table, count))
    return hits


@pytest.mark.pg
def test_no_reporter_identity_is_stored_in_clear_anywhere(client, tree, users):
    """The raw SQL check, over every column of every table, after a reporter gave a name and a
    contact (on the portal, with a photo) and staff entered another identity, read it, opened the
    photo, exported and worked on the tips."""
    code, passphrase = _report(
        client,
        tree,
        reporter_name=NAME,
        reporter_contact=CONTACT,
        attachments=[_upload()],
    )
    portal_tip = Tip.objects.get(code=code)
    staff = Client()
    staff.force_login(users.a_editor)
    response = staff.post(
        "/tips/new/",
        {
            "area": tree.a.pk,
            "legal_kind": "denunciation",
            "channel": "in_person",
            "category": category("drugs").pk,
            "received_on": timezone.localdate().isoformat(),
            "summary": "Mua bán ma túy tại nhà trọ",
            "reporter_name": NAME + " (2)",
            "reporter_contact": CONTACT,
        },
    )
    assert response.status_code == 302
    _grant(users.a_editor, tree.a)
    staff = StaffClient()  # the grant asks for a second factor: signed in again, passing it
    staff.force_login(users.a_editor)
    assert (
        staff.post(f"/tips/{portal_tip.pk}/reveal/", {"reveal-reason": "Mời làm việc"}).status_code
        == 200
    )
    [photo] = TipAttachment.objects.filter(tip=portal_tip)
    opened = staff.post(f"/tips/{portal_tip.pk}/attachments/{photo.pk}/", {"open-reason": "Ảnh"})
    assert opened.status_code == 200 and opened.content == PNG
    _step(staff, portal_tip, "verify", {})
    assert staff.get("/tips/export.csv").status_code == 200
    Client().post("/report/follow/", {"code": code, "passphrase": passphrase})

    # fragments of the name and contact too ("tố giác" alone is an ordinary word: the criteria
    # texts of the standard use it)
    for needle in (
        NAME,
        CONTACT,
        "Thị Tố Giác",
        "345 678",
        passphrase,
        passphrase.replace("-", ""),
    ):
        assert clear_text_hits(needle) == [], needle
    # the check finds what is there: the summary, in the tips table and its history
    found = dict(clear_text_hits("Mua bán ma túy"))
    assert found.get("tips_tip") == 1 and found.get("tips_historicaltip")
    # and the photo is on disk only encrypted
    from antq.tips import storage

    assert PNG not in (storage.attachment_dir() / photo.stored_name).read_bytes()


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("cccd.png", PNG, content_type="image/png")
