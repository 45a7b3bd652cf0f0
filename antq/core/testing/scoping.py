"""The reusable proof that jurisdiction holds for a kind of record, through UI, API and export.

`ScopedRecordChecks` is mixed into a Django TestCase. Its class data (built once per class by
`ScopedTestCase.setUpTestData`) holds the tree and users of the `tree` and `users` fixtures and
two records: `records.a` in commune A, whose listing and export show "Marker-Alpha", and
`records.b` in commune B ("Marker-Bravo"). A user of commune A never lists, reads, changes,
exports or counts B's record (single objects are 404, not 403, so that existence does not
leak), while a user of the province above sees both.

The past, both ways (the units of factories.make_former_tree): `records.former`
("Marker-Former") is filed under FA0, a former commune that became FA in 2021, which became A in
2025; A's and the province's users list, open, change and export it. `records.elsewhere`
("Marker-Elsewhere") is filed under FQ, a former commune that became part of province Q; no user
of province P ever sees it.

`RecordTypeTestCase` (core/testing/records.py) derives the URLs from a RecordType; a kind of
record that has none (areas) names them by overriding the URL methods.
"""

from io import BytesIO
from types import SimpleNamespace

from django.test import RequestFactory, TestCase, override_settings
from openpyxl import load_workbook

from antq.accounts.services import token_issue
from antq.core.testing.factories import make_former_tree, make_tree, make_users
from antq.core.testing.second_factor import Client, otp_code_if_asked

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PASSWORD = "pass-word-123"


class ApiClient:
    """The test client, signing each call with one user's bearer token."""

    def __init__(self, client, token=None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, url, **params):
        return self.client.get(url, params, headers=self.headers)

    def post(self, url, data):
        return self.client.post(url, data, content_type="application/json", headers=self.headers)

    def patch(self, url, data):
        return self.client.patch(url, data, content_type="application/json", headers=self.headers)

    def delete(self, url):
        return self.client.delete(url, headers=self.headers)


class ScopedTestCase(TestCase):
    """A TestCase whose tree, users and their API tokens are built once for the class; its
    client's force_login passes the second factor (core/testing/second_factor.py)."""

    client_class = Client

    @classmethod
    def setUpTestData(cls):
        # PBKDF2 at full strength costs ~0.5 s a user (the autouse fixture that lowers it runs
        # per test, after this)
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            cls.tree = make_tree()
            cls.users = make_users(cls.tree)
            cls.tokens = {
                user.pk: token_issue(
                    request=RequestFactory().post("/api/v1/auth/token"),
                    username=user.username,
                    password=PASSWORD,
                    otp=otp_code_if_asked(user),
                )
                for user in vars(cls.users).values()
            }

    def api(self, user=None):
        return ApiClient(self.client, self.tokens[user.pk] if user is not None else None)


class ScopedRecordChecks:
    """Mixed into a ScopedTestCase; the class supplies the factory and the URLs."""

    @classmethod
    def make_record(cls, area, marker):
        """Create a record in `area` whose listing and export show the string `marker`."""
        raise NotImplementedError

    def count_visible(self, user):
        """The count the user's dashboards and home page show."""
        raise NotImplementedError

    # URLs of the record kind's pages
    def list_url(self):
        raise NotImplementedError

    def detail_url(self, record):
        raise NotImplementedError

    def change_urls(self, record):
        """The pages that change a record (edit, delete, workflow steps)."""
        raise NotImplementedError

    def api_list_url(self):
        raise NotImplementedError

    def api_detail_url(self, record):
        raise NotImplementedError

    def export_urls(self):
        """List exports, each accepting ?area=<id>."""
        raise NotImplementedError

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.former = make_former_tree(cls.tree)
        cls.records = SimpleNamespace(
            a=cls.make_record(cls.tree.a, "Marker-Alpha"),
            b=cls.make_record(cls.tree.b, "Marker-Bravo"),
            former=cls.make_record(cls.former.fa0, "Marker-Former"),
            elsewhere=cls.make_record(cls.former.fq, "Marker-Elsewhere"),
        )

    # --- lists ----------------------------------------------------------------------------
    def test_ui_list_shows_own_hides_other(self):
        self.client.force_login(self.users.a_viewer)
        body = self.client.get(self.list_url()).content.decode()
        assert "Marker-Alpha" in body
        assert "Marker-Bravo" not in body

    def test_api_list_shows_own_hides_other(self):
        data = self.api(self.users.a_viewer).get(self.api_list_url()).json()
        ids = {item["id"] for item in data["items"]}
        assert self.records.a.pk in ids
        assert self.records.b.pk not in ids

    def test_counts_exclude_other(self):
        """A's count is B's, and twice it where the count covers the former commune that became
        part of A; the province's count is theirs together, never the record of the former
        commune that became part of province Q."""
        users = self.users
        a, b = self.count_visible(users.a_viewer), self.count_visible(users.b_editor)
        assert b > 0
        assert a in (b, 2 * b)
        assert self.count_visible(users.p_approver) == a + b
        assert self.count_visible(users.nobody) == 0

    # --- single records -------------------------------------------------------------------
    def test_ui_detail_of_other_is_404(self):
        self.client.force_login(self.users.a_viewer)
        assert self.client.get(self.detail_url(self.records.a)).status_code == 200
        assert self.client.get(self.detail_url(self.records.b)).status_code == 404

    def test_ui_change_of_other_is_404(self):
        self.client.force_login(self.users.a_editor)
        for url in self.change_urls(self.records.b):
            assert self.client.get(url).status_code == 404, url
            assert self.client.post(url, {}).status_code == 404, url

    def test_api_detail_of_other_is_404(self):
        api = self.api(self.users.a_viewer)
        assert api.get(self.api_detail_url(self.records.a)).status_code == 200
        response = api.get(self.api_detail_url(self.records.b))
        assert response.status_code == 404
        assert "Marker-Bravo" not in response.content.decode()

    def test_api_change_of_other_is_404(self):
        api = self.api(self.users.a_editor)
        url = self.api_detail_url(self.records.b)
        assert api.patch(url, {"name": "Taken over"}).status_code == 404
        assert api.delete(url).status_code in (404, 405)

    def test_unauthenticated_api_is_401(self):
        api = self.api()
        assert api.get(self.api_list_url()).status_code == 401
        assert api.get(self.api_detail_url(self.records.a)).status_code == 401

    # --- exports --------------------------------------------------------------------------
    def test_export_shows_own_hides_other(self):
        self.client.force_login(self.users.a_viewer)
        for url in self.export_urls():
            response = self.client.get(url)
            assert response.status_code == 200, url
            body = export_text(response)
            assert "Marker-Alpha" in body, url
            assert "Marker-Bravo" not in body, url

    def test_export_filtered_to_other_area_is_404(self):
        self.client.force_login(self.users.a_viewer)
        for url in self.export_urls():
            sep = "&" if "?" in url else "?"
            response = self.client.get(f"{url}{sep}area={self.tree.b.pk}")
            assert response.status_code == 404, url

    # --- the past -------------------------------------------------------------------------
    def test_former_unit_that_became_own_commune_is_in_scope(self):
        """Through two successions (FA0 → FA → A), A's editor lists, opens, may change and
        exports the record filed under FA0."""
        former, user = self.records.former, self.users.a_editor
        self.client.force_login(user)
        body = self.client.get(self.list_url()).content.decode()
        assert "Marker-Former" in body and "Marker-Elsewhere" not in body
        assert self.client.get(self.detail_url(former)).status_code == 200
        for url in self.change_urls(former):
            assert self.client.get(url).status_code != 404, url
        api = self.api(user)
        ids = {item["id"] for item in api.get(self.api_list_url()).json()["items"]}
        assert former.pk in ids and self.records.elsewhere.pk not in ids
        assert api.get(self.api_detail_url(former)).status_code == 200
        for url in self.export_urls():
            body = export_text(self.client.get(url))
            assert "Marker-Former" in body and "Marker-Elsewhere" not in body, url

    def test_former_unit_that_became_part_of_another_province_is_out_of_scope(self):
        """FQ became part of province Q: the province P's approver never lists, opens, changes
        or exports its record (404, as for any record outside the jurisdiction)."""
        elsewhere, user = self.records.elsewhere, self.users.p_approver
        self.client.force_login(user)
        body = self.client.get(self.list_url()).content.decode()
        assert "Marker-Former" in body and "Marker-Elsewhere" not in body
        assert self.client.get(self.detail_url(elsewhere)).status_code == 404
        for url in self.change_urls(elsewhere):
            assert self.client.get(url).status_code == 404, url
            assert self.client.post(url, {}).status_code == 404, url
        api = self.api(user)
        ids = {item["id"] for item in api.get(self.api_list_url()).json()["items"]}
        assert self.records.former.pk in ids and elsewhere.pk not in ids
        response = api.get(self.api_detail_url(elsewhere))
        assert response.status_code == 404
        assert "Marker-Elsewhere" not in response.content.decode()
        assert api.patch(self.api_detail_url(elsewhere), {"name": "Taken"}).status_code == 404
        for url in self.export_urls():
            assert "Marker-Elsewhere" not in export_text(self.client.get(url)), url

    def test_province_user_sees_both(self):
        data = self.api(self.users.p_approver).get(self.api_list_url()).json()
        ids = {item["id"] for item in data["items"]}
        assert {self.records.a.pk, self.records.b.pk} <= ids


def export_text(response):
    """The text of a CSV or XLSX response, every sheet's cells joined by spaces."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        return content.decode("utf-8-sig")
    wb = load_workbook(BytesIO(content), read_only=True)
    return "\n".join(
        " ".join("" if v is None else str(v) for v in row)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
    )
