"""Models, teams and organisations at every level the movement has them: a province's own, a
district's (before 1 July 2025), a commune's and a village's; counted at that level and above."""

import json
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from antq.areas.choices import AreaLevel
from antq.core.testing.factories import make_area, make_user
from antq.indicators.compute import compute, compute_direct
from antq.movement.imports import MODEL_IMPORT, TEAM_IMPORT
from antq.movement.models import MovementModel, Team
from antq.movement.services import movementmodel_bulk_create, team_bulk_create
from antq.movement.tests.helpers import category, make_model, make_team
from antq.registry.imports import ORGANISATION_IMPORT
from antq.registry.models import Organisation
from antq.registry.services import organisation_bulk_create, organisation_create

pytestmark = pytest.mark.rollup

DISTRICT_END = date(2025, 6, 30)


@pytest.fixture(scope="module")
def _former(_shared_tree, django_db_blocker):
    """District D of province P (abolished on 1 July 2025) with its commune C."""
    with django_db_blocker.unblock():
        district = make_area(
            _shared_tree.p, level=AreaLevel.DISTRICT, name="Huyện Cam Lộ", valid_to=DISTRICT_END
        )
        commune = make_area(district, name="Xã Cam Thành", valid_to=DISTRICT_END)
    return district, commune


@pytest.fixture
def former(_former, tree):
    return _former


def test_models_teams_and_organisations_stand_at_a_province_or_a_district(tree, users, former):
    district, _commune = former
    user = users.p_approver
    assert make_model(user, tree.p).area == tree.p
    assert make_model(user, district, started_on=date(2020, 5, 1)).area == district
    assert make_team(user, district, established_on=date(2019, 3, 1)).area == district
    assert make_team(user, tree.p).area == tree.p  # no date: nothing to check against the unit
    for area in (tree.p, district):
        organisation = organisation_create(
            acting_user=user, area=area, name="Công an tỉnh", org_type="agency"
        )
        assert organisation.area == area


def test_a_former_unit_holds_only_records_begun_while_it_existed(tree, users, former):
    district, commune = former
    for area in (district, commune):
        with pytest.raises(ValidationError) as exc, translation.override("en"):
            make_model(users.p_approver, area, started_on=date(2025, 7, 1))
        assert "ceased to exist on 2025-06-30" in exc.value.message_dict["area"][0]
        with pytest.raises(ValidationError) as exc:
            make_team(users.p_approver, area, established_on=date(2025, 9, 2))
        assert list(exc.value.message_dict) == ["area"]
    assert not MovementModel.objects.exists() and not Team.objects.exists()


def test_the_refusal_names_the_levels_allowed(tree, users):
    with pytest.raises(ValidationError) as exc, translation.override("en"):
        make_model(users.admin, tree.country)
    assert exc.value.message_dict["area"] == [
        "Choose a unit at one of these levels: Province, District, Commune, Village."
    ]
    with pytest.raises(ValidationError) as exc:
        organisation_create(
            acting_user=users.admin, area=tree.country, name="Bộ Công an", org_type="agency"
        )
    assert list(exc.value.message_dict) == ["area"]


@pytest.mark.pg
def test_counted_at_their_level_and_above_never_below(tree, users, former):
    district, commune = former
    user = users.p_approver
    for area in (tree.p, district, commune, tree.a):
        make_model(user, area, started_on=date(2021, 1, 1))
        make_team(user, area, established_on=date(2021, 1, 1))
    expected = {tree.country: 4, tree.p: 4, district: 2, commune: 1, tree.a: 1, tree.b: 0}
    keys = ["models.total", "teams.total"]
    period = {"date_from": date(2021, 1, 1), "date_to": date(2024, 12, 31)}
    for area, n in expected.items():
        for count in (compute, compute_direct):  # the rollup (whole months) and the records
            got = count(keys, user=users.admin, area=area, **period).get(area.path)
            values = (got.value("models.total"), got.value("teams.total")) if got else (0, 0)
            assert values == (n, n), (count.__name__, area.name)
    by_child = compute(keys, user=users.admin, area=tree.p, by_child=True, **period)
    assert by_child[tree.p.path].value("models.total") == 1  # the province's own
    assert by_child[district.path].value("models.total") == 2


@pytest.mark.pg
def test_the_imports_build_and_write_at_a_province_or_a_district(tree, users, former):
    district, _commune = former
    user = users.p_approver
    row = {
        "name": "Mô hình cấp huyện",
        "category": category().code,
        "host_organisation": None,
        "started_on": date(2020, 1, 1),
        "ended_on": None,
        "status": "",
        "status_reason": "",
        "recognition_level": "",
        "recognised_on": None,
        "replicated_from": None,
    }
    model = MODEL_IMPORT.build(row, district, MODEL_IMPORT.prepare([row], user))
    model.full_clean(exclude=["category"])
    team_row = {"name": "Tổ tỉnh", "kind": "digital_technology", "movement_model": None}
    team_row |= {"host_organisation": None, "established_on": None, "dissolved_on": None}
    team = TEAM_IMPORT.build(team_row, tree.p, TEAM_IMPORT.prepare([team_row], user))
    org_row = {"name": "Liên đoàn Lao động tỉnh", "org_type": "labour_federation"}
    org_row |= {"address": "", "phone": "", "email": "", "notes": ""}
    organisation = ORGANISATION_IMPORT.build(org_row, tree.p, None)
    organisation.full_clean()
    reason = "import"
    movementmodel_bulk_create(records=[model], acting_user=user, reason=reason)
    team_bulk_create(records=[team], acting_user=user, reason=reason)
    organisation_bulk_create(records=[organisation], acting_user=user, reason=reason)
    assert MovementModel.objects.get().area == district
    assert Team.objects.get().area == tree.p
    assert Organisation.objects.get().area == tree.p


def test_api_files_at_a_province_only_with_a_role_there(api_client, tree, users, former):
    district, _commune = former
    body = {
        "name": "Mô hình cấp tỉnh",
        "category_id": category().pk,
        "started_on": "2022-04-01",
    }
    refused = api_client.as_user(users.a_editor).post(
        "/api/v1/models/", body | {"area_id": tree.p.pk}
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["area_id"]
    assert not MovementModel.objects.exists()
    both = make_user(tree.a, "editor")
    both.roles.create(area=tree.p, role="editor")
    for area in (tree.p, district):
        created = api_client.as_user(both).post("/api/v1/models/", body | {"area_id": area.pk})
        assert created.status_code == 201, created.content
        assert created.json()["area_id"] == area.pk
    team = api_client.as_user(both).post(
        "/api/v1/teams/",
        {"area_id": district.pk, "name": "Tổ huyện", "kind": "digital_technology"},
    )
    assert team.status_code == 201, team.content
    organisation = api_client.as_user(both).post(
        "/api/v1/organisations/",
        {"area_id": tree.p.pk, "name": "Công an tỉnh", "org_type": "agency"},
    )
    assert organisation.status_code == 201, organisation.content


def test_forms_offer_and_file_at_a_district_and_a_province(client, tree, users, former):
    district, _commune = former
    client.force_login(users.p_approver)
    form = client.get("/movement/teams/new/").content.decode()
    hx_vals = json.loads(re.search(r"hx-vals='([^']*)'", form).group(1))
    assert hx_vals["levels"] == "1,2,3,4"  # the picker offers the levels a team stands at
    search = {"pick": "change", "for": "id_area", "levels": "1,2,3,4"}
    picks = client.get("/areas/", search | {"q": "Cam"}).content.decode()
    assert f'data-pick-area="{district.pk}"' in picks
    picks = client.get("/areas/", search | {"q": "Quảng Trị"}).content.decode()
    assert f'data-pick-area="{tree.p.pk}"' in picks
    hotspot_form = client.get("/hotspots/new/").content.decode()
    assert '"levels": "3,4"' in hotspot_form
    picks = client.get("/areas/", search | {"q": "Quảng Trị", "levels": "3,4"}).content.decode()
    assert "data-pick-area" not in picks
    response = client.post(
        "/movement/teams/new/",
        {"area": district.pk, "name": "Tổ huyện", "kind": "digital_technology"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        "/registry/organisations/new/",
        {"area": tree.p.pk, "name": "Liên đoàn Lao động tỉnh", "org_type": "labour_federation"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.force_login(users.admin)
    refused = client.post(
        "/movement/models/new/",
        {
            "area": tree.country.pk,
            "name": "X",
            "category": category().pk,
            "started_on": "2024-01-15",
            "recognition_level": "none",
        },
        headers={"accept-language": "en"},
    )
    assert refused.status_code == 422
    assert "Choose a unit at one of these levels" in refused.content.decode()
