"""The reporter's identity: encrypted at rest, absent from every list, export, API answer,
history table and error page, shown only to holders of the grant, and every reading logged."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from openpyxl import load_workbook

from antq.accounts.models import RoleAssignment
from antq.core import crypto
from antq.tips.models import IdentityReveal, Tip
from antq.tips.services import entry as entry_services
from antq.tips.services import identities as identity_services
from antq.tips.services import workflow as workflow_services
from antq.tips.tests.helpers import CONTACT, NAME, make_tip, on

pytestmark = pytest.mark.pg

TABLES = ("tips_tip", "tips_historicaltip", "tips_tipevent", "tips_tipmessage")


def _grant(user, area):
    RoleAssignment.objects.filter(user=user, area=area).update(may_read_identities=True)


def _raw_rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - a fixed table name
        return cursor.fetchall()


@pytest.fixture
def told(tree, users):
    """A tip whose reporter gave a name and a phone, then worked on a little."""
    tip = make_tip(
        users.a_editor,
        tree.a,
        received_on=on("2025-09-01"),
        reporter_name=NAME,
        reporter_contact=CONTACT,
    )
    tip = entry_services.tip_update(
        acting_user=users.a_editor, instance=tip, occurred_place="Chợ Hòa Bình", reason="Bổ sung"
    )
    return workflow_services.tip_start_verifying(
        acting_user=users.a_editor, tip=tip, on=on("2025-09-02")
    )


def test_the_database_holds_no_identity_in_clear(told):
    # SELECT * FROM tips_tip (and the history, events and messages tables): every column
    for table in TABLES:
        dump = repr(_raw_rows(table))
        assert NAME not in dump and CONTACT not in dump, table
        assert "Tố Giác" not in dump and "345 678" not in dump, table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reporter_name_enc, reporter_contact_enc FROM tips_tip WHERE id = %s",
            [told.pk],
        )
        name_token, contact_token = cursor.fetchone()
    assert name_token.startswith("gAAAAA")  # a Fernet token
    assert crypto.decrypt(name_token) == NAME and crypto.decrypt(contact_token) == CONTACT
    history_columns = {
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), "tips_historicaltip"
        )
    }
    assert not history_columns & {"reporter_name_enc", "reporter_contact_enc"}


def test_an_anonymous_tip_stores_nothing(tree, users):
    tip = make_tip(users.a_editor, tree.a)
    assert (tip.reporter_name_enc, tip.reporter_contact_enc) == ("", "")
    assert not tip.has_identity


def test_rotation_old_key_still_decrypts_and_rotate_uses_the_new_key(tree, users, monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv(crypto.ENV, old)
    tip = make_tip(users.a_editor, tree.a, reporter_name=NAME, reporter_contact=CONTACT)
    anonymous = make_tip(users.a_editor, tree.a)
    before = Tip.objects.values_list("reporter_name_enc", flat=True).get(pk=tip.pk)
    monkeypatch.setenv(crypto.ENV, f"{new},{old}")
    _grant(users.a_editor, tree.a)
    assert (
        identity_services.tip_reveal_identity(
            acting_user=users.a_editor, tip=tip, reason="Xác minh"
        )["name"]
        == NAME
    )  # the old key still decrypts
    out = io.StringIO()
    call_command("identity_rotate", stdout=out)
    assert "1 tip" in out.getvalue()
    after = Tip.objects.values_list("reporter_name_enc", flat=True).get(pk=tip.pk)
    assert after != before
    monkeypatch.setenv(crypto.ENV, new)  # the old key is dropped
    identity = identity_services.tip_reveal_identity(
        acting_user=users.a_editor, tip=tip, reason="Lần 2"
    )
    assert identity == {"name": NAME, "contact": CONTACT}
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(before)
    assert Tip.objects.get(pk=anonymous.pk).reporter_name_enc == ""


def test_rotation_without_the_old_key_changes_nothing(tree, users, monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setenv(crypto.ENV, Fernet.generate_key().decode())
    tip = make_tip(users.a_editor, tree.a, reporter_name=NAME)
    before = Tip.objects.values_list("reporter_name_enc", flat=True).get(pk=tip.pk)
    monkeypatch.setenv(crypto.ENV, Fernet.generate_key().decode())
    with pytest.raises(CommandError):
        call_command("identity_rotate", stdout=io.StringIO())
    assert Tip.objects.values_list("reporter_name_enc", flat=True).get(pk=tip.pk) == before


def test_a_reading_needs_the_grant_and_a_reason_and_is_logged(told, tree, users):
    with pytest.raises(PermissionDenied):  # an editor without the grant
        identity_services.tip_reveal_identity(
            acting_user=users.a_editor, tip=told, reason="Cần liên hệ"
        )
    _grant(users.b_editor, tree.b)  # the grant elsewhere does not count
    with pytest.raises(PermissionDenied):
        identity_services.tip_reveal_identity(
            acting_user=users.b_editor, tip=told, reason="Cần liên hệ"
        )
    _grant(users.a_viewer, tree.a)
    with pytest.raises(ValidationError) as exc:
        identity_services.tip_reveal_identity(acting_user=users.a_viewer, tip=told, reason="   ")
    assert set(exc.value.message_dict) == {"reason"}
    assert not IdentityReveal.objects.exists()
    identity = identity_services.tip_reveal_identity(
        acting_user=users.a_viewer, tip=told, reason="Mời người tố giác lên làm việc"
    )
    assert identity == {"name": NAME, "contact": CONTACT}
    [reveal] = IdentityReveal.objects.all()
    assert (reveal.tip, reveal.user, reveal.area, reveal.reason) == (
        told,
        users.a_viewer,
        tree.a,
        "Mời người tố giác lên làm việc",
    )
    _grant(users.p_approver, tree.p)  # a grant at the province covers its communes
    identity_services.tip_reveal_identity(acting_user=users.p_approver, tip=told, reason="Kiểm tra")
    assert IdentityReveal.objects.count() == 2


def test_the_reveal_page_shows_it_once_uncached(client, told, tree, users):
    url = f"/tips/{told.pk}/reveal/"
    client.force_login(users.a_editor)
    page = client.get(told.get_absolute_url()).content.decode()
    assert 'id="reveal-form"' not in page  # no grant, no form
    assert client.post(url, {"reveal-reason": "x"}).status_code == 403
    _grant(users.a_editor, tree.a)
    # given while signed in without a second factor: the reading waits for one
    unverified = client.post(url, {"reveal-reason": "Liên hệ người báo tin"})
    assert unverified.status_code == 302
    assert unverified["Location"].startswith("/accounts/2fa/setup/?next=")
    assert not IdentityReveal.objects.exists()
    assert client.get("/tips/")["Location"].startswith("/accounts/2fa/setup/")  # and the rest
    client.force_login(users.a_editor)  # signed in again, passing it
    page = client.get(told.get_absolute_url()).content.decode()
    assert 'id="reveal-form"' in page and NAME not in page
    assert client.get(url).status_code == 405
    refused = client.post(url, {"reveal-reason": ""})
    assert refused.status_code == 302 and NAME not in refused.content.decode()
    response = client.post(url, {"reveal-reason": "Liên hệ người báo tin"})
    assert response.status_code == 200
    body = response.content.decode()
    assert NAME in body and CONTACT in body
    assert "no-store" in response["Cache-Control"]
    assert IdentityReveal.objects.get().reason == "Liên hệ người báo tin"
    # the next page shows it no more
    assert NAME not in client.get(told.get_absolute_url()).content.decode()


def test_the_reveal_page_of_another_commune_is_404(client, tree, users):
    theirs = make_tip(users.b_editor, tree.b, reporter_name=NAME)
    _grant(users.a_editor, tree.a)
    client.force_login(users.a_editor)
    assert client.post(f"/tips/{theirs.pk}/reveal/", {"reveal-reason": "x"}).status_code == 404
    assert not IdentityReveal.objects.exists()


def test_identities_are_absent_from_lists_exports_api_and_history(
    client, api_client, told, tree, users
):
    _grant(users.a_editor, tree.a)  # even for a holder of the grant
    client.force_login(users.a_editor)
    pages = [
        client.get("/tips/"),
        client.get(told.get_absolute_url()),
        client.get(f"/tips/{told.pk}/edit/"),
        client.get("/tips/export.csv"),
    ]
    xlsx = client.get("/tips/export.xlsx")
    api = api_client.as_user(users.a_editor)
    answers = [
        api.get("/api/v1/tips/"),
        api.get(f"/api/v1/tips/{told.pk}"),
        api.get(f"/api/v1/tips/{told.pk}/history"),
        api.get(f"/api/v1/tips/{told.pk}/events"),
        api.get("/api/v1/tips/export?format=csv"),
        api.get("/api/v1/openapi.json"),
    ]
    for response in pages + answers:
        assert response.status_code == 200
        content = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode("utf-8-sig")
        assert NAME not in content and CONTACT not in content
        assert "gAAAAA" not in content  # nor the tokens
    cells = [
        str(v)
        for row in load_workbook(io.BytesIO(xlsx.content)).worksheets[0].iter_rows(values_only=True)
        for v in row
    ]
    assert told.code in cells and NAME not in cells and CONTACT not in cells
    detail = api.get(f"/api/v1/tips/{told.pk}").json()
    assert detail["has_identity"] is True
    assert not {k for k in detail if k.startswith("reporter")}
    assert all(
        "reporter" not in change["field"]
        for entry in api.get(f"/api/v1/tips/{told.pk}/history").json()
        for change in entry["changes"]
    )


def test_entry_through_the_page_encrypts_and_never_echoes(client, tree, users):
    from antq.tips.tests.helpers import category

    client.force_login(users.a_editor)
    form = {
        "area": tree.a.pk,
        "legal_kind": "denunciation",
        "channel": "in_person",
        "category": category("drugs").pk,
        "received_on": "2025-10-01",
        "summary": "",  # missing: the form comes back
        "reporter_name": NAME,
        "reporter_contact": CONTACT,
    }
    again = client.post("/tips/new/", form)
    assert again.status_code == 422
    assert NAME not in again.content.decode() and CONTACT not in again.content.decode()
    form["summary"] = "Mua bán ma túy tại nhà trọ"
    created = client.post("/tips/new/", form)
    assert created.status_code == 302
    tip = Tip.objects.get()
    assert crypto.decrypt(tip.reporter_name_enc) == NAME
    assert NAME not in client.get(created["Location"]).content.decode()


def test_entry_through_the_api_keeps_the_identity_write_only(api_client, tree, users):
    from antq.tips.tests.helpers import category

    api = api_client.as_user(users.a_editor)
    body = {
        "area_id": tree.a.pk,
        "legal_kind": "crime_report",
        "channel": "press",
        "category_id": category("gambling").pk,
        "summary": "Báo đưa tin tụ điểm đánh bạc",
        "reporter_name": NAME,
        "reporter_contact": CONTACT,
    }
    response = api.post("/api/v1/tips/", body)
    assert response.status_code == 201
    assert NAME not in response.content.decode() and response.json()["has_identity"] is True
    tip = Tip.objects.get()
    assert crypto.decrypt(tip.reporter_contact_enc) == CONTACT
    refused = api.post("/api/v1/tips/", body | {"reporter_name": NAME * 20})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "reporter_name"
    assert NAME not in refused.content.decode()


def _report(caplog, function):
    """What a 500 leaves behind: the formatted log record (message and traceback), and the
    filtered variables of `function`'s frame and the filtered POST, as Django's error reports
    show them."""
    import logging

    from django.views.debug import ExceptionReporter

    [record] = [r for r in caplog.records if r.name == "django.request"]
    logged = logging.Formatter().format(record)
    data = ExceptionReporter(record.request, *record.exc_info, is_email=True).get_traceback_data()
    [frame] = [f for f in data["frames"] if f["function"] == function]
    return logged, repr(frame["vars"]), repr(data["filtered_POST_items"])


def test_error_pages_and_logs_do_not_show_the_identity(client, tree, users, monkeypatch, caplog):
    """With DEBUG off (as in production; Django's debug page shows every variable by design)
    the error page is generic, the log carries no identity, and error reports hide the posted
    identity and the variables holding it."""
    from antq.tips.tests.helpers import category

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(entry_services, "tip_create", broken)
    client.raise_request_exception = False
    client.force_login(users.a_editor)
    with caplog.at_level("DEBUG"):
        response = client.post(
            "/tips/new/",
            {
                "area": tree.a.pk,
                "legal_kind": "denunciation",
                "channel": "phone",
                "category": category().pk,
                "received_on": "2025-10-01",
                "summary": "Trộm chó",
                "reporter_name": NAME,
                "reporter_contact": CONTACT,
            },
        )
    assert response.status_code == 500
    assert NAME not in response.content.decode()
    logged, frame_vars, post = _report(caplog, "tip_edit")
    assert "the database went away" in logged and NAME not in logged
    assert "'data'" in frame_vars and NAME not in frame_vars and CONTACT not in frame_vars
    assert "reporter_name" in post and NAME not in post and CONTACT not in post


def test_a_failed_reading_logs_no_identity(told, tree, users, monkeypatch, caplog):
    from antq.core.testing.second_factor import Client

    _grant(users.a_editor, tree.a)

    def broken(*args, **kwargs):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr("antq.tips.views.render", broken)
    client = Client(raise_request_exception=False)
    client.force_login(users.a_editor)
    with caplog.at_level("DEBUG"):
        response = client.post(f"/tips/{told.pk}/reveal/", {"reveal-reason": "Liên hệ"})
    assert response.status_code == 500
    logged, frame_vars, _post = _report(caplog, "tip_reveal")
    assert "renderer failed" in logged and NAME not in logged and CONTACT not in logged
    assert "'identity'" in frame_vars and NAME not in frame_vars


def test_administrators_list_the_readings_in_their_jurisdiction(client, told, tree, users):
    from antq.core.testing.factories import make_user

    _grant(users.a_viewer, tree.a)
    identity_services.tip_reveal_identity(
        acting_user=users.a_viewer, tip=told, reason="Mời làm việc"
    )
    client.force_login(users.admin)
    page = client.get("/tips/reveals/").content.decode()
    assert told.code in page and "Mời làm việc" in page and "a_viewer" in page
    assert NAME not in page
    other_admin = make_user(tree.b, "administrator", username="b_admin")
    client.force_login(other_admin)
    assert told.code not in client.get("/tips/reveals/").content.decode()
    client.force_login(users.a_editor)
    assert client.get("/tips/reveals/").status_code == 403
    # a transfer does not hide the reading from the commune's administrator
    commune_admin = make_user(tree.a, "administrator", username="a_admin")
    workflow_services.tip_transfer(
        acting_user=users.a_editor, tip=told, to_area=tree.p, reason="Tỉnh"
    )
    client.force_login(commune_admin)
    assert told.code in client.get("/tips/reveals/").content.decode()
