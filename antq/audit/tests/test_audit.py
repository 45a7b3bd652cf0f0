"""The audit log: what is recorded, that no secret is, and who may read it (jurisdiction)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from antq.accounts.services import role_grant
from antq.audit.details import LABELS, render
from antq.audit.models import AuditAction, AuditEntry
from antq.core.testing.factories import make_user
from antq.registry.services import organisation_create, organisation_delete

GOOD = "pass-word-123"


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def all_text():
    """Every value of every entry, for proving that no secret was written."""
    return " ".join(str(v) for row in AuditEntry.objects.values_list() for v in row)


def test_staff_sign_ins_failures_and_lockouts_are_recorded(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client.post(
        "/accounts/login/", {"username": "a_viewer", "password": GOOD}, REMOTE_ADDR="198.51.100.20"
    )
    (signed_in,) = entries(AuditAction.SIGN_IN)
    assert (signed_in.user, signed_in.target_user) == (users.a_viewer, users.a_viewer)
    assert signed_in.address == "198.51.100.20" and signed_in.role == "viewer"
    # two failures, the third reaches the limit, two more are refused while locked
    for _ in range(5):
        client.post(
            "/api/v1/auth/token",
            {"username": "a_editor", "password": "secret-guess-1"},
            content_type="application/json",
            REMOTE_ADDR="198.51.100.21",
        )
    failed = entries(AuditAction.SIGN_IN_FAILED)
    assert len(failed) == 2
    assert {(f.username, f.target_user, f.address) for f in failed} == {
        ("a_editor", users.a_editor, "198.51.100.21")
    }
    assert all(f.user is None for f in failed)
    (locked,) = entries(AuditAction.LOCKED_OUT)
    assert (locked.username, locked.address) == ("a_editor", "198.51.100.21")
    assert "secret-guess-1" not in all_text()


def test_a_lockout_is_recorded_again_after_an_unlock(client, users, settings, admins):
    from antq.accounts.services import lockout_release

    settings.AXES_FAILURE_LIMIT = 2

    def guess():
        client.post(
            "/accounts/login/",
            {"username": "a_editor", "password": "wrong"},
            REMOTE_ADDR="198.51.100.24",
        )

    for _ in range(3):
        guess()
    lockout_release(acting_user=None, ip_address="198.51.100.24")
    lockout_release(acting_user=None, username="a_editor")
    for _ in range(3):
        guess()
    assert len(entries(AuditAction.LOCKED_OUT)) == 2


def test_a_failed_sign_in_shows_the_name_tried_as_the_account_concerned(users):
    from antq.audit.services import record
    from antq.audit.tables import AuditEntryTable

    record(action=AuditAction.SIGN_IN_FAILED, target_user=users.a_editor, username="a_editor")
    record(action=AuditAction.LOCKED_OUT, username="ghost")
    record(action=AuditAction.SIGN_IN, user=users.a_viewer, target_user=users.a_viewer)
    rows = AuditEntryTable(AuditEntry.objects.select_related("target_user")).rows
    shown = [(row.get_cell("username"), row.get_cell("target_user")) for row in rows]
    assert shown == [("a_viewer", "a_viewer"), ("—", "ghost"), ("—", "a_editor")]


def test_tokens_issued_and_revoked_are_recorded_without_the_token(client, users):
    token = client.post(
        "/api/v1/auth/token",
        {"username": "a_viewer", "password": GOOD, "client": "sheet"},
        content_type="application/json",
    ).json()["token"]
    (issued,) = entries(AuditAction.TOKEN_ISSUED)
    assert issued.target_user == users.a_viewer and "sheet" in issued.detail
    users.a_viewer.set_password("another-pass-456")
    users.a_viewer.save()
    (revoked,) = entries(AuditAction.TOKEN_REVOKED)
    assert revoked.target_user == users.a_viewer
    text = all_text()
    assert token not in text and GOOD not in text and "another-pass-456" not in text


def test_exports_and_personal_data_downloads_are_recorded(client, tree, users):
    from antq.movement.tests.helpers import make_team

    organisation_create(acting_user=users.a_editor, area=tree.a, name="Trường A", org_type="school")
    client.force_login(users.p_approver)
    assert client.get(f"/registry/organisations/export.csv?area={tree.a.pk}").status_code == 200
    (export,) = entries(AuditAction.EXPORT)
    assert (export.user, export.area, export.role) == (users.p_approver, tree.a, "approver")
    team = make_team(users.a_editor, tree.a)
    assert client.get(f"/movement/teams/{team.pk}/members/export.xlsx").status_code == 200
    (download,) = entries(AuditAction.PERSONAL_DATA_DOWNLOAD)
    assert download.area == tree.a and download.object_id == str(team.pk)
    assert client.get("/api/v1/commendations/export?format=csv").status_code == 200
    api_download = entries(AuditAction.PERSONAL_DATA_DOWNLOAD)[-1]
    assert api_download.area == tree.p  # no area filter: the top of the jurisdiction


def test_role_grants_and_admin_changes_to_users_are_recorded(client, tree, users):
    role_grant(acting_user=users.admin, user=users.nobody, area=tree.b, role="editor")
    (granted,) = entries(AuditAction.ROLE_GRANTED)
    assert (granted.user, granted.target_user, granted.area) == (users.admin, users.nobody, tree.b)
    superuser = make_user(username="super", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assignment = users.nobody.roles.get()
    response = client.post(
        f"/admin/accounts/roleassignment/{assignment.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    (revoked,) = entries(AuditAction.ROLE_REVOKED)
    assert (revoked.user, revoked.target_user, revoked.area) == (superuser, users.nobody, tree.b)


@pytest.fixture
def admins(tree):
    from types import SimpleNamespace

    return SimpleNamespace(
        a=make_user(tree.a, "administrator", username="a_admin"),
        b=make_user(tree.b, "administrator", username="b_admin"),
        p=make_user(tree.p, "administrator", username="p_admin"),
    )


class TestAuditLogJurisdiction:
    """In the style of core.testing.scoping: an administrator of commune A never lists entries
    about commune B or its people; the province's administrator lists both."""

    @pytest.fixture
    def logged(self, client, tree, users, admins):
        from antq.audit.services import record

        record(action=AuditAction.EXPORT, user=users.a_editor, area=tree.a, detail="Marker-Alpha")
        record(action=AuditAction.EXPORT, user=users.b_editor, area=tree.b, detail="Marker-Bravo")
        record(action=AuditAction.SIGN_IN, user=users.a_viewer, target_user=users.a_viewer)
        record(action=AuditAction.SIGN_IN, user=users.b_editor, target_user=users.b_editor)
        record(action=AuditAction.SIGN_IN_FAILED, username="ghost", detail="Marker-Ghost")
        client.logout()
        return client

    def page(self, client, user, query=""):
        client.force_login(user)
        response = client.get(f"/audit/{query}")
        return response.status_code, response.content.decode()

    def test_commune_administrator_sees_only_their_commune(self, logged, admins):
        status, body = self.page(logged, admins.a)
        assert status == 200
        assert "Marker-Alpha" in body and "a_viewer" in body
        assert "Marker-Bravo" not in body and "b_editor" not in body
        assert "Marker-Ghost" not in body  # a failure naming no account: superusers only

    def test_province_administrator_sees_both(self, logged, admins):
        _status, body = self.page(logged, admins.p)
        assert "Marker-Alpha" in body and "Marker-Bravo" in body and "b_editor" in body

    def test_filter_by_another_communes_area_is_404(self, logged, admins, tree):
        status, _body = self.page(logged, admins.a, f"?area={tree.b.pk}")
        assert status == 404

    def test_filters_by_user_action_and_dates(self, logged, admins, tree):
        _s, body = self.page(logged, admins.p, "?action=export&username=b_ed")
        assert "Marker-Bravo" in body and "Marker-Alpha" not in body
        _s, body = self.page(logged, admins.p, f"?area={tree.a.pk}")
        assert "Marker-Alpha" in body and "Marker-Bravo" not in body
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        _s, body = self.page(logged, admins.p, f"?after={tomorrow}")
        assert "Marker-Alpha" not in body

    def test_non_administrators_are_refused(self, logged, users):
        status, _body = self.page(logged, users.p_approver)
        assert status == 403

    def test_the_queryset_itself_is_scoped(self, logged, admins, users):
        mine = AuditEntry.objects.visible_to(admins.a)
        assert set(mine.values_list("detail", flat=True)) >= {"Marker-Alpha"}
        assert not mine.filter(detail__in=["Marker-Bravo", "Marker-Ghost"]).exists()
        assert not mine.filter(target_user=users.b_editor).exists()
        assert not AuditEntry.objects.visible_to(users.a_editor).exists()


class TestDeletedRecordHistory:
    @pytest.fixture
    def deleted(self, tree, users):
        org = organisation_create(
            acting_user=users.a_editor, area=tree.a, name="Hội Marker-Deleted", org_type="school"
        )
        pk = org.pk
        organisation_delete(acting_user=users.a_editor, instance=org, reason="entered twice")
        return pk

    def test_the_administrator_of_its_area_reads_it(self, client, admins, deleted):
        client.force_login(admins.a)
        listing = client.get("/audit/deleted/?type=organisation").content.decode()
        assert "Marker-Deleted" in listing
        page = client.get(f"/audit/deleted/organisation/{deleted}/")
        body = page.content.decode()
        assert page.status_code == 200
        assert "Marker-Deleted" in body and "entered twice" in body and 'id="history"' in body

    def test_an_administrator_of_another_area_does_not(self, client, admins, deleted):
        client.force_login(admins.b)
        assert (
            "Marker-Deleted" not in client.get("/audit/deleted/?type=organisation").content.decode()
        )
        assert client.get(f"/audit/deleted/organisation/{deleted}/").status_code == 404

    def test_a_record_that_still_exists_is_not_shown_here(self, client, tree, users, admins):
        org = organisation_create(
            acting_user=users.a_editor, area=tree.a, name="Còn", org_type="school"
        )
        client.force_login(admins.a)
        assert client.get(f"/audit/deleted/organisation/{org.pk}/").status_code == 404

    def test_a_team_member_deleted_is_scoped_through_its_team(self, client, tree, users, admins):
        from antq.movement.services import team_member_create, team_member_delete
        from antq.movement.tests.helpers import make_team

        team = make_team(users.a_editor, tree.a)
        member = team_member_create(
            acting_user=users.a_editor, team=team, full_name="Marker-Member"
        )
        pk = member.pk
        team_member_delete(acting_user=users.a_editor, instance=member, reason="moved away")
        client.force_login(admins.a)
        assert client.get(f"/audit/deleted/teammember/{pk}/").status_code == 200
        client.force_login(admins.b)
        assert client.get(f"/audit/deleted/teammember/{pk}/").status_code == 404


def test_the_account_menu_offers_the_audit_log_to_administrators_only(client, users, admins):
    client.force_login(admins.a)
    body = client.get("/").content.decode()
    assert 'href="/audit/"' in body and 'href="/accounts/tokens/"' in body
    client.force_login(users.a_editor)
    body = client.get("/").content.decode()
    assert 'href="/audit/"' not in body and 'href="/accounts/tokens/"' in body


def test_an_unlock_is_recorded(client, users, admins):
    from antq.accounts.services import lockout_release

    lockout_release(acting_user=admins.a, username="a_viewer")
    (unlocked,) = entries(AuditAction.UNLOCKED)
    assert (unlocked.user, unlocked.target_user, unlocked.role) == (
        admins.a,
        users.a_viewer,
        "administrator",
    )


def test_a_password_set_in_the_django_admin_revokes_tokens_and_is_recorded(client, users):
    from antq.accounts.models import ApiToken

    client.post(
        "/api/v1/auth/token",
        {"username": "a_viewer", "password": GOOD},
        content_type="application/json",
    )
    superuser = make_user(username="super", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    response = client.post(
        f"/admin/accounts/user/{users.a_viewer.pk}/password/",
        {"password1": "N3w-pass-word!", "password2": "N3w-pass-word!", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert not ApiToken.objects.filter(user=users.a_viewer).exists()
    (revoked,) = entries(AuditAction.TOKEN_REVOKED)
    assert (revoked.user, revoked.username, revoked.target_user) == (
        superuser,
        "super",
        users.a_viewer,
    )
    (changed,) = entries(AuditAction.USER_CHANGED)
    assert (changed.user, changed.target_user) == (superuser, users.a_viewer)
    with translation.override("ar"):
        assert render(changed.detail) == str(LABELS["password_set"])
        assert render(revoked.detail) == str(LABELS["password_changed"])


def test_details_written_in_vietnamese_read_in_arabic(client, tree, users, admins):
    from django.test import RequestFactory

    from antq.accounts.models import ApiToken
    from antq.accounts.services import lockout_release, tokens_revoke_all
    from antq.audit.services import record_export
    from antq.audit.tables import AuditEntryTable
    from antq.registry.models import Organisation

    request = RequestFactory().get("/")
    request.user = users.p_approver
    ApiToken.objects.create(
        user=users.a_viewer,
        client="sheet",
        digest="d" * 64,
        expires_at=timezone.now() + timedelta(days=1),
    )
    with translation.override("vi"):
        record_export(request, Organisation, "csv")
        record_export(request, "award_list", "xlsx", personal=True)
        lockout_release(acting_user=None, username="a_viewer")
        tokens_revoke_all(user=users.a_viewer, acting_user=admins.a, reason="password_changed")
        vietnamese = [
            str(Organisation._meta.verbose_name_plural),
            gettext("award list"),
            gettext("from the command line"),
            gettext("password changed"),
        ]
    with translation.override("ar"):
        cells = [row.get_cell("detail") for row in AuditEntryTable(AuditEntry.objects.all()).rows]
        arabic = [
            str(Organisation._meta.verbose_name_plural),
            gettext("award list"),
            gettext("from the command line"),
            gettext("password changed"),
        ]
    text = " ".join(str(cell) for cell in cells)
    assert len(cells) == 4
    for vi, ar in zip(vietnamese, arabic, strict=True):
        assert vi != ar and vi not in text and ar in text


def test_the_audit_page_does_not_grow_queries_with_entries(client, tree, users, admins):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from antq.audit.services import record

    client.force_login(admins.p)

    def add(n):
        for _ in range(n):
            record(action=AuditAction.EXPORT, user=users.a_editor, area=tree.a)
            record(action=AuditAction.SIGN_IN, user=users.b_editor, target_user=users.b_editor)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/audit/").status_code == 200
        return len(ctx)

    add(1)
    few = queries()
    add(20)
    assert queries() == few


def _activity_file(tree, users, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from antq.activities.services import activity_attachment_add
    from antq.activities.tests.helpers import make_activity

    activity = make_activity(users.a_editor, tree.a)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)
    stored = activity_attachment_add(
        acting_user=users.a_editor,
        activity=activity,
        upload=SimpleUploadedFile("buoi-1.png", png, content_type="image/png"),
    )
    return f"/activities/files/{stored.pk}/", True


def _assessment_file(tree, users, tmp_path):
    from antq.evaluations import windows
    from antq.evaluations.models import Answer, AnswerAttachment, Assessment
    from antq.evaluations.selectors import criteria_set_for
    from antq.registry.models import Organisation

    w = windows.window("school", 2025)
    assessment = Assessment.objects.create(
        area=tree.a,
        organisation=Organisation.objects.create(area=tree.a, org_type="school", name="Trường"),
        subject_kind="school",
        year=2025,
        criteria_set=criteria_set_for("school", 2025),
        status="assessed",
        meets_standard=True,
        assessed_on=w.end,
        window_start=w.start,
        window_end=w.end,
    )
    answer = Answer.objects.create(
        assessment=assessment, criterion=assessment.criteria_set.criteria.first(), met=True
    )
    (tmp_path / "media" / "evaluations").mkdir(parents=True)
    (tmp_path / "media" / "evaluations" / "x.pdf").write_bytes(b"%PDF-1.4\n")
    stored = AnswerAttachment.objects.create(
        answer=answer,
        file="evaluations/x.pdf",
        original_name="x.pdf",
        kind="pdf",
        size=9,
        sha256="0",
    )
    return f"/evaluations/attachments/{stored.pk}/", True


def _weak_units(tree, users, tmp_path):
    return f"/evaluations/weak/export.csv?area={tree.a.pk}&year=2025", False


def _period_report(tree, users, tmp_path):
    return f"/dashboard/report/?area={tree.a.pk}&format=csv", True


@pytest.mark.parametrize(
    "download",
    [_activity_file, _assessment_file, _weak_units, _period_report],
    ids=lambda f: f.__name__,
)
def test_downloads_and_report_exports_are_recorded(
    client, tree, users, settings, tmp_path, download
):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    url, personal = download(tree, users, tmp_path)
    client.force_login(users.a_editor)
    response = client.get(url)
    assert response.status_code == 200, url
    action = AuditAction.PERSONAL_DATA_DOWNLOAD if personal else AuditAction.EXPORT
    (entry,) = entries(action)
    assert (entry.user, entry.area) == (users.a_editor, tree.a)


def test_the_date_filters_are_date_inputs(client, admins):
    client.force_login(admins.a)
    body = client.get("/audit/").content.decode()
    for name in ("after", "before"):
        assert re.search(rf'<input type="date" name="{name}"', body), name
