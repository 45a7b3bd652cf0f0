"""The OpenAPI document describes every endpoint with its own schemas: django-ninja names a
component by its class name and keeps the last one of a name, so two schemas of one name put
one endpoint's shape on another's."""

import json

import pytest
from ninja.openapi.schema import OpenAPISchema

from antq.api import api


@pytest.fixture(scope="module")
def spec():
    # as served: JSON turns the status codes into strings
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))


def test_no_two_schemas_share_a_component_name(monkeypatch):
    clashes = {}
    add = OpenAPISchema.add_schema_definitions

    def checked(self, definitions):
        for name, definition in definitions.items():
            if name in self.schemas and self.schemas[name] != definition:
                clashes.setdefault(name, []).append(definition)
        add(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", checked)
    OpenAPISchema(api=api, path_prefix="/api/v1/")
    assert sorted(clashes) == []


def _ref(operation):
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    return (schema.get("items") or schema)["$ref"].rsplit("/", 1)[-1]


@pytest.mark.parametrize(
    "path, fields",
    [
        ("/api/v1/tallies/figures", {"totals", "children", "month_from"}),
        ("/api/v1/models/{pk}/status-changes", {"changed_on", "created_at"}),
    ],
)
def test_endpoints_reference_their_own_schema(spec, path, fields):
    component = spec["components"]["schemas"][_ref(spec["paths"][path]["get"])]
    assert fields <= set(component["properties"])


def test_choice_fields_are_enums(spec):
    from antq.registry.choices import OrganisationType

    schemas = spec["components"]["schemas"]
    for name in ("OrganisationIn", "OrganisationOut"):
        assert schemas[name]["properties"]["org_type"]["enum"] == list(OrganisationType.values)
    funding = schemas["CameraSiteIn"]["properties"]["funding_source"]["enum"]
    assert "" in funding  # the field may be left empty


def test_a_date_parameter_is_an_iso_date(client, users):
    client.force_login(users.admin)
    en = {"accept-language": "en"}
    for path in ("/api/v1/activities/figures", "/api/v1/commendations/figures"):
        for value in ("0", "86400", "2025-01-01T00:00:00", "01/02/2025"):
            response = client.get(path, {"to": value}, headers=en)
            assert response.status_code == 422, (path, value)
            assert response.json()["errors"] == [
                {"field": "to", "reason": "Enter a valid date (YYYY-MM-DD)."}
            ]
        assert client.get(path, {"to": "2025-01-31"}).status_code == 200


def test_a_date_in_a_body_is_an_iso_date(client, tree, users):
    client.force_login(users.admin)
    body = {"area_id": tree.a.pk, "name": "Điểm chữa cháy", "last_inspected_on": 0}
    response = client.post(
        "/api/v1/fire-points/",
        body,
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    assert response.status_code == 422
    assert {
        "field": "last_inspected_on",
        "reason": "Enter a valid date (YYYY-MM-DD).",
    } in response.json()["errors"]
