"""The people pages and API: an administrator manages the accounts of their own areas only,
gives roles only there, and the reporters' identity grant only from a province."""

import re

from django.core import mail
from django.test import RequestFactory, override_settings
from django_otp.plugins.otp_static.models import StaticDevice

from antq.accounts.models import RoleAssignment, User
from antq.accounts.services import token_issue
from antq.audit.models import AuditAction, AuditEntry
from antq.core.testing.factories import make_user
from antq.core.testing.scoping import FAST_HASHERS, PASSWORD, ScopedTestCase
from antq.core.testing.second_factor import otp_code
from antq.notifications.models import Preference


class PeopleTestCase(ScopedTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            cls.a_admin = make_user(
                cls.tree.a, "administrator", username="a_admin", unit=cls.tree.a
            )
            cls.p_admin = make_user(cls.tree.p, "administrator", username="p_admin")
            cls.both = make_user(cls.tree.a, "viewer", username="both")
            RoleAssignment.objects.create(user=cls.both, area=cls.tree.b, role="viewer")
            cls.new_at_b = make_user(None, username="new_at_b", unit=cls.tree.b)
            for user in (cls.a_admin, cls.p_admin):
                cls.tokens[user.pk] = token_issue(
                    request=RequestFactory().post("/api/v1/auth/token"),
                    username=user.username,
                    password=PASSWORD,
                    otp=otp_code(user),
                )

    def page(self, user, url, **data):
        self.client.force_login(user)
        return self.client.post(url, data) if data else self.client.get(url)


class TestJurisdiction(PeopleTestCase):
    def test_the_list_holds_the_administrators_own_people_only(self):
        page = self.page(self.a_admin, "/accounts/people/").content.decode()
        for name in ("a_viewer", "a_editor"):
            assert f">{name}<" in page
        for name in ("b_editor", "p_approver", "both", "new_at_b", "root_admin"):
            assert f">{name}<" not in page
        listed = self.api(self.p_admin).get("/api/v1/people/").json()
        names = {p["username"] for p in listed["items"]}
        assert {"a_viewer", "b_editor", "both", "new_at_b", "a_admin"} <= names
        assert "root_admin" not in names and "p_admin" in names

    def test_people_of_another_commune_or_above_do_not_exist(self):
        for other in (self.users.b_editor, self.users.p_approver, self.both, self.new_at_b):
            base = f"/accounts/people/{other.pk}/"
            assert self.page(self.a_admin, base).status_code == 404
            assert self.page(self.a_admin, base, full_name="X").status_code == 404
            assert self.page(self.a_admin, base + "active/", active="0").status_code == 404
            assert self.page(self.a_admin, base + "link/", send="0").status_code == 404
            grant = {"area": self.tree.a.pk, "role": "viewer"}
            assert self.page(self.a_admin, base + "roles/", **grant).status_code == 404
            api = self.api(self.a_admin)
            assert api.get(f"/api/v1/people/{other.pk}").status_code == 404
            assert api.patch(f"/api/v1/people/{other.pk}", {"is_active": False}).status_code == 404
            assert api.delete(f"/api/v1/people/{other.pk}/second-factor").status_code == 404
            role = other.roles.first()
            if role is not None:
                url = f"/api/v1/people/{other.pk}/roles/{role.pk}"
                assert api.delete(url).status_code == 404
        assert User.objects.get(pk=self.users.b_editor.pk).is_active

    def test_no_role_outside_the_administrators_areas(self):
        viewer = self.users.a_viewer
        for area in (self.tree.b, self.tree.p):
            response = self.page(
                self.a_admin,
                f"/accounts/people/{viewer.pk}/roles/",
                area=area.pk,
                role="editor",
            )
            assert response.status_code == 422
            api = self.api(self.a_admin).post(
                f"/api/v1/people/{viewer.pk}/roles", {"area_id": area.pk, "role": "editor"}
            )
            assert api.status_code == 422 and api.json()["errors"][0]["field"] == "area_id"
        assert set(viewer.roles.values_list("area", flat=True)) == {self.tree.a.pk}
        created = self.api(self.a_admin).post(
            "/api/v1/people/", {"username": "at_b", "unit_id": self.tree.b.pk}
        )
        assert created.status_code == 422 and not User.objects.filter(username="at_b").exists()

    def test_the_identity_grant_comes_from_a_province_with_a_reason(self):
        viewer = self.users.a_viewer
        url = f"/api/v1/people/{viewer.pk}/roles"
        grant = {"area_id": self.tree.a.pk, "role": "viewer", "may_read_identities": True}
        assert self.api(self.a_admin).post(url, grant).status_code == 403
        no_reason = self.api(self.p_admin).post(url, grant)
        assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
        assert not viewer.roles.filter(may_read_identities=True).exists()
        given = self.api(self.p_admin).post(url, grant | {"reason": "Thụ lý tin báo"})
        assert given.status_code == 201 and given.json()["may_read_identities"]
        entry = AuditEntry.objects.filter(action=AuditAction.ROLE_GRANTED, target_user=viewer)
        assert "Thụ lý tin báo" in entry.latest("pk").detail

    def test_only_a_province_takes_over_the_account_of_a_holder_of_the_identity_grant(self):
        viewer = self.users.a_viewer
        User.objects.filter(pk=viewer.pk).update(email="viewer@example.org")
        RoleAssignment.objects.filter(user=viewer).update(may_read_identities=True)
        url = f"/api/v1/people/{viewer.pk}"
        api = self.api(self.a_admin)
        assert api.post(f"{url}/link", {}).status_code == 403
        assert api.delete(f"{url}/second-factor").status_code == 403
        assert api.patch(url, {"email": "mine@example.org"}).status_code == 403
        page = self.page(self.a_admin, f"/accounts/people/{viewer.pk}/link/", send="0")
        assert page.status_code == 302 and "/accounts/reset/" not in page.content.decode()
        refused = self.page(
            self.a_admin,
            f"/accounts/people/{viewer.pk}/",
            email="mine@example.org",
            unit=self.tree.a.pk,
        )
        assert refused.status_code == 422 and refused.context["form"].non_field_errors()
        assert User.objects.get(pk=viewer.pk).email == "viewer@example.org"
        # what gives no way in stays theirs
        assert api.patch(url, {"full_name": "Ngô Thị D"}).status_code == 200
        # the province's administrator, who could give the grant, may
        province = self.api(self.p_admin)
        assert province.post(f"{url}/link", {}).json()["link"].startswith("http://testserver/")
        assert province.patch(url, {"email": "new@example.org"}).status_code == 200

    def test_no_one_changes_their_own_roles(self):
        response = self.api(self.a_admin).post(
            f"/api/v1/people/{self.a_admin.pk}/roles",
            {"area_id": self.tree.a1.pk, "role": "administrator"},
        )
        assert response.status_code == 403


class TestAccounts(PeopleTestCase):
    def test_create_then_set_the_password_with_a_one_time_link(self):
        form = self.page(self.a_admin, "/accounts/people/new/").content.decode()
        assert f'value="{self.tree.a.pk}"' in form  # the unit defaults to the administrator's
        response = self.page(
            self.a_admin,
            "/accounts/people/new/",
            username="c_editor",
            full_name="Nguyễn Văn C",
            rank="Đại úy",
            position="Phó Trưởng Công an xã",
            unit=self.tree.a.pk,
            email="c@example.org",
            phone="0912 345 678",
        )
        person = User.objects.get(username="c_editor")
        assert response.status_code == 302 and not person.has_usable_password()
        self.page(
            self.a_admin, f"/accounts/people/{person.pk}/roles/", area=self.tree.a.pk, role="editor"
        )
        assert person.roles.get().role == "editor"
        shown = self.page(self.a_admin, f"/accounts/people/{person.pk}/link/", send="0")
        link = re.search(r"http://testserver(/accounts/reset/[^<\s]+)", shown.content.decode())[1]
        # back to it by GET (a reload, a change of language): the person's page, no new link
        back = self.client.get(f"/accounts/people/{person.pk}/link/")
        assert back.status_code == 302 and back["Location"] == f"/accounts/people/{person.pk}/"
        self.client.logout()
        page = self.client.get(link, follow=True)
        new = "Mật-khẩu-mới-2026"
        done = self.client.post(
            page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
        )
        assert done.status_code == 302
        assert User.objects.get(pk=person.pk).check_password(new)
        again = self.client.get(link, follow=True).content.decode()
        assert 'name="new_password1"' not in again
        actions = AuditEntry.objects.filter(target_user=person).values_list("detail", flat=True)
        assert any("password_link" in d for d in actions) and any("created" in d for d in actions)

    def test_the_role_form_starts_at_the_persons_unit_else_the_administrators(self):
        def role_area(admin, person):
            page = self.page(admin, f"/accounts/people/{person.pk}/").content.decode()
            form = page[page.index('id="role-form"') :]
            form = form[: form.index("</form>")]
            value = re.search(r'<input type="hidden" name="area" value="(\d*)"', form)
            return int(value[1]) if value and value[1] else None, form

        # the person works at B: the province's administrator gives roles there first
        area, form = role_area(self.p_admin, self.new_at_b)
        assert area == self.tree.b.pk and self.tree.b.code in form
        # no unit given to the person: the administrator's own unit
        area, form = role_area(self.a_admin, self.users.a_viewer)
        assert area == self.tree.a.pk and self.tree.a.code in form
        # neither has a unit: nothing chosen
        area, form = role_area(self.p_admin, self.users.a_viewer)
        assert area is None and "text-bg-primary" not in form

    def test_the_link_by_email(self):
        viewer = self.users.a_viewer
        User.objects.filter(pk=viewer.pk).update(email="viewer@example.org")
        response = self.api(self.a_admin).post(f"/api/v1/people/{viewer.pk}/link?send=true", {})
        assert response.status_code == 200 and response.json()["link"] is None
        assert mail.outbox[-1].to == ["viewer@example.org"]
        assert "/accounts/reset/" in mail.outbox[-1].body
        # in the person's language (the site's, until they choose one), not the sender's
        assert mail.outbox[-1].subject == "Đặt mật khẩu antq của bạn"
        Preference.objects.create(user=viewer, language="ar")
        self.api(self.a_admin).post(f"/api/v1/people/{viewer.pk}/link?send=true", {})
        assert mail.outbox[-1].subject == "عيّن كلمة مرور antq الخاصة بك"

    def test_the_api_removes_a_persons_second_factor(self):
        viewer = self.users.a_viewer
        otp_code(viewer)  # a recovery device
        assert StaticDevice.objects.filter(user=viewer).exists()
        response = self.api(self.a_admin).delete(f"/api/v1/people/{viewer.pk}/second-factor")
        assert response.status_code == 204
        assert not StaticDevice.objects.filter(user=viewer).exists()
        entry = AuditEntry.objects.filter(target_user=viewer).latest("pk")
        assert entry.user == self.a_admin and "otp_reset" in entry.detail
        own = self.api(self.a_admin).delete(f"/api/v1/people/{self.a_admin.pk}/second-factor")
        assert own.status_code == 403  # not here: their own factor stays
        assert StaticDevice.objects.filter(user=self.a_admin).exists()

    def test_deactivate_and_reactivate(self):
        editor = self.users.a_editor
        self.page(self.a_admin, f"/accounts/people/{editor.pk}/active/", active="0")
        assert not User.objects.get(pk=editor.pk).is_active
        inactive = self.api(self.a_admin).get("/api/v1/people/", active=False).json()
        assert [p["username"] for p in inactive["items"]] == ["a_editor"]
        back = self.api(self.a_admin).patch(f"/api/v1/people/{editor.pk}", {"is_active": True})
        assert back.status_code == 200 and back.json()["is_active"]
        details = AuditEntry.objects.filter(target_user=editor).values_list("detail", flat=True)
        assert any("deactivated" in d for d in details) and any('"activated"' in d for d in details)

    def test_filters_and_role_removal(self):
        editors = self.api(self.a_admin).get("/api/v1/people/", role="editor").json()
        assert [p["username"] for p in editors["items"]] == ["a_editor"]
        never = self.page(self.a_admin, "/accounts/people/?signed_in=never").content.decode()
        assert ">a_viewer<" in never
        at_village = self.api(self.p_admin).get("/api/v1/people/", area_id=self.tree.b.pk).json()
        assert {p["username"] for p in at_village["items"]} == {"b_editor", "both", "new_at_b"}
        role = self.users.a_viewer.roles.get()
        removed = self.api(self.a_admin).delete(
            f"/api/v1/people/{self.users.a_viewer.pk}/roles/{role.pk}"
        )
        assert removed.status_code == 204 and not self.users.a_viewer.roles.exists()
        assert AuditEntry.objects.filter(action=AuditAction.ROLE_REVOKED).exists()


class TestListQueries(PeopleTestCase):
    def test_the_list_costs_the_same_queries_for_more_people(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def listed():
            with CaptureQueriesContext(connection) as queries:
                page = self.page(self.p_admin, "/accounts/people/")
            assert page.status_code == 200
            api = self.api(self.p_admin).get("/api/v1/people/").json()
            return len(queries), api

        before, _api = listed()
        for n in range(3):
            make_user(self.tree.b1, "editor", username=f"more{n}")
        after, api = listed()
        assert after == before
        roles = {p["username"]: p["roles"] for p in api["items"]}
        assert roles["more0"][0]["area_name"] == self.tree.b1.name
