"""The reusable proof that jurisdiction holds for a record type, through UI, API and export.

Subclass `ScopedRecordContract` in an app's tests, say how to make a record in an area and
where its pages are, and every test below runs for it: a user of commune A never lists,
reads, changes, exports or counts a record of commune B (single objects are 404, not 403,
so that existence does not leak), while a user of the province above sees both.
"""

from types import SimpleNamespace

import pytest


class ScopedRecordContract:
    # URLs; {pk} is filled with the record's primary key
    ui_list_url = ""
    ui_detail_url = ""
    ui_change_urls = ()  # pages that change a record (edit, delete)
    api_list_url = ""
    api_detail_url = ""
    export_urls = ()  # list exports, each accepting ?area=<id>

    def make_record(self, area, marker):
        """Create a record in `area` whose listing and export show the string `marker`."""
        raise NotImplementedError

    def count_visible(self, user):
        """The count the user's dashboards and home page show."""
        raise NotImplementedError

    @pytest.fixture
    def records(self, tree, users):
        return SimpleNamespace(
            a=self.make_record(tree.a, "Marker-Alpha"),
            b=self.make_record(tree.b, "Marker-Bravo"),
        )

    def _url(self, template, record):
        return template.format(pk=record.pk)

    # --- lists ----------------------------------------------------------------------------
    def test_ui_list_shows_own_hides_other(self, client, users, records):
        client.force_login(users.a_viewer)
        body = client.get(self.ui_list_url).content.decode()
        assert "Marker-Alpha" in body
        assert "Marker-Bravo" not in body

    def test_api_list_shows_own_hides_other(self, api_client, users, records):
        data = api_client.as_user(users.a_viewer).get(self.api_list_url).json()
        ids = {item["id"] for item in data["items"]}
        assert records.a.pk in ids
        assert records.b.pk not in ids

    def test_counts_exclude_other(self, users, records):
        assert self.count_visible(users.a_viewer) == self.count_visible(users.b_editor)
        assert self.count_visible(users.p_approver) == 2 * self.count_visible(users.a_viewer)
        assert self.count_visible(users.nobody) == 0

    # --- single records -------------------------------------------------------------------
    def test_ui_detail_of_other_is_404(self, client, users, records):
        client.force_login(users.a_viewer)
        assert client.get(self._url(self.ui_detail_url, records.a)).status_code == 200
        assert client.get(self._url(self.ui_detail_url, records.b)).status_code == 404

    def test_ui_change_of_other_is_404(self, client, users, records):
        client.force_login(users.a_editor)
        for template in self.ui_change_urls:
            url = self._url(template, records.b)
            assert client.get(url).status_code == 404, url
            assert client.post(url, {}).status_code == 404, url

    def test_api_detail_of_other_is_404(self, api_client, users, records):
        api = api_client.as_user(users.a_viewer)
        assert api.get(self._url(self.api_detail_url, records.a)).status_code == 200
        response = api.get(self._url(self.api_detail_url, records.b))
        assert response.status_code == 404
        assert "Marker-Bravo" not in response.content.decode()

    def test_api_change_of_other_is_404(self, api_client, users, records):
        api = api_client.as_user(users.a_editor)
        url = self._url(self.api_detail_url, records.b)
        assert api.patch(url, {"name": "Taken over"}).status_code == 404
        assert api.delete(url).status_code in (404, 405)

    def test_unauthenticated_api_is_401(self, api_client, records):
        assert api_client.get(self.api_list_url).status_code == 401
        assert api_client.get(self._url(self.api_detail_url, records.a)).status_code == 401

    # --- exports --------------------------------------------------------------------------
    def test_export_shows_own_hides_other(self, client, users, records):
        client.force_login(users.a_viewer)
        for url in self.export_urls:
            response = client.get(url)
            assert response.status_code == 200, url
            body = _export_text(response)
            assert "Marker-Alpha" in body, url
            assert "Marker-Bravo" not in body, url

    def test_export_filtered_to_other_area_is_404(self, client, users, tree, records):
        client.force_login(users.a_viewer)
        for url in self.export_urls:
            sep = "&" if "?" in url else "?"
            assert client.get(f"{url}{sep}area={tree.b.pk}").status_code == 404, url

    def test_province_user_sees_both(self, client, api_client, users, records):
        data = api_client.as_user(users.p_approver).get(self.api_list_url).json()
        ids = {item["id"] for item in data["items"]}
        assert {records.a.pk, records.b.pk} <= ids


def _export_text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        return content.decode("utf-8-sig")
    from io import BytesIO

    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(content), read_only=True)
    return "\n".join(
        " ".join("" if v is None else str(v) for v in row)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
    )
