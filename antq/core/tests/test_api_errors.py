"""Answers that are not a record: a delete that other records block, a path nothing answers,
an error nobody foresaw. The API says each in its JSON error shape; the UI on its page."""

import pytest
from django.utils.translation import gettext as _

from antq.core.testing.factories import OrganisationFactory
from antq.core.testing.second_factor import Client
from antq.evaluations.tests.helpers import register
from antq.registry.models import Organisation

EN = {"accept-language": "en"}


@pytest.fixture
def used_school(tree, users):
    """A school of commune A that has registered for the year's evaluation."""
    school = OrganisationFactory(area=tree.a, name="Trường THCS Hòa Bình")
    register(users.a_editor, organisation=school)
    return school


def _api_delete(client, api_client, user, url, language):
    headers = api_client.as_user(user)._headers() | {"accept-language": language}
    return client.delete(url, headers=headers)


def test_api_delete_of_a_record_in_use_is_422_naming_what_uses_it(
    client, api_client, users, used_school
):
    url = f"/api/v1/organisations/{used_school.pk}"
    response = _api_delete(client, api_client, users.a_editor, url, "en")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "This record cannot be deleted."
    assert body["errors"] == [{"field": None, "reason": "Still used by: 1 registration."}]
    assert Organisation.objects.filter(pk=used_school.pk).exists()


def test_ui_delete_of_a_record_in_use_says_why_on_the_page(client, users, used_school):
    client.force_login(users.a_editor)
    url = f"/registry/organisations/{used_school.pk}/delete/"
    response = client.post(url, {"reason": "Sáp nhập"}, headers=EN)
    assert response.status_code == 422
    assert "Still used by: 1 registration." in response.content.decode()
    assert Organisation.objects.filter(pk=used_school.pk).exists()
    assert used_school.history.count() == 1


def test_the_reason_is_in_the_users_language(client, api_client, users, used_school):
    url = f"/api/v1/organisations/{used_school.pk}"
    response = _api_delete(client, api_client, users.a_editor, url, "vi")
    assert response.status_code == 422
    reason = response.json()["errors"][0]["reason"]
    assert reason.startswith("Vẫn") and "registration" not in reason


@pytest.mark.parametrize("path", ["/api/v1/anything-unknown", "/api/v1/organisations/x/y", "/api/"])
def test_unknown_api_paths_are_json_404(client, path):
    response = client.get(path, headers=EN)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "errors": []}


def test_unknown_pages_outside_the_api_stay_html(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]


def test_an_unhandled_error_in_the_api_is_json_500(db, users, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("forced")

    monkeypatch.setattr("antq.core.api_crud.page_of", broken)
    client = Client(raise_request_exception=False)
    client.force_login(users.admin)
    response = client.get("/api/v1/organisations/", headers=EN)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "The server could not handle this request.", "errors": []}
    assert "forced" not in response.content.decode()


@pytest.mark.parametrize("lang", ["vi", "ar"])
def test_refused_and_missing_pages_are_antq_pages_in_the_users_language(client, users, lang):
    from django.utils import translation

    client.force_login(users.a_editor)
    refused = client.get("/accounts/lockouts/", headers={"accept-language": lang})
    missing = client.get("/no-such-page/", headers={"accept-language": lang})
    with translation.override(lang):
        not_allowed, not_found = _("Not allowed"), _("Page not found")
    assert not_allowed != "Not allowed" and not_found != "Page not found"
    pages = ((refused, "error-403", not_allowed), (missing, "error-404", not_found))
    for response, marker, title in pages:
        body = response.content.decode()
        assert f'id="{marker}"' in body and title in body and f'lang="{lang}"' in body
    assert (refused.status_code, missing.status_code) == (403, 404)


def test_a_method_a_path_does_not_take_is_a_json_405(client, api_client, users):
    headers = api_client.as_user(users.a_editor)._headers() | EN
    response = client.put("/api/v1/organisations/", headers=headers)
    assert response.status_code == 405
    assert response.json() == {
        "detail": "This address does not take the method PUT.",
        "errors": [],
    }
    assert "GET" in response["Allow"] and "POST" in response["Allow"]
