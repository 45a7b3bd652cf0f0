"""The catalogues and choices a form offers are listed by the API too, in the language of the
request: what a client must send as `category_id`, `kind` or `org_type`."""

import pytest
from django.utils import translation

from antq.movement.choices import TeamKind
from antq.movement.models import ModelCategory
from antq.registry.choices import OrganisationType
from antq.tips.models import TipCategory


@pytest.mark.parametrize(
    "url, model",
    [("/api/v1/models/categories", ModelCategory), ("/api/v1/tips/categories", TipCategory)],
)
def test_categories_with_their_id_name_and_use(client, users, url, model):
    retired = model.objects.order_by("pk").last()
    retired.is_active = False
    retired.save()
    client.force_login(users.a_viewer)
    for language in ("en", "ar", "vi"):
        listed = client.get(url, headers={"accept-language": language}).json()
        with translation.override(language):
            expected = [
                {"id": c.pk, "code": c.code, "name": c.label, "is_active": c.is_active}
                for c in model.objects.all()
            ]
        assert listed == expected
    assert next(c for c in listed if c["id"] == retired.pk)["is_active"] is False
    assert client.logout() is None and client.get(url).status_code == 401


@pytest.mark.parametrize(
    "url, choices",
    [("/api/v1/teams/kinds", TeamKind), ("/api/v1/organisations/types", OrganisationType)],
)
def test_choices_with_their_names(client, users, url, choices):
    client.force_login(users.a_viewer)
    names = {}
    for language in ("en", "vi"):
        listed = client.get(url, headers={"accept-language": language}).json()
        assert [c["code"] for c in listed] == list(choices.values)
        names[language] = [c["name"] for c in listed]
    with translation.override("en"):
        assert names["en"] == [str(label) for label in choices.labels]
    assert names["vi"] != names["en"]
