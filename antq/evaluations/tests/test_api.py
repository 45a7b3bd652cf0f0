"""The evaluations' API: create and answer through the services, 422 with the field on bad
input, results by area and year."""

from datetime import date

from antq.evaluations.tests.helpers import org, register


def test_an_assessment_through_the_api(api_client, tree, users):
    api = api_client.as_user(users.a_editor)
    reg = api.post(
        "/api/v1/evaluations/registrations/",
        {
            "area_id": tree.a1.pk,
            "year": 2025,
            "registered_on": "2025-02-01",
            "plan_adopted_on": "2025-02-10",
        },
    )
    assert reg.status_code == 201, reg.content
    created = api.post("/api/v1/evaluations/assessments/", {"area_id": tree.a1.pk, "year": 2025})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    answers = api.get(f"/api/v1/evaluations/assessments/{pk}/answers").json()
    by_code = {a["criterion"]: a for a in answers}
    assert by_code["registered"]["suggested"] is True and by_code["registered"]["data_sufficient"]
    assert by_code["crime_held"]["data_sufficient"] is False

    refused = api.post(
        f"/api/v1/evaluations/assessments/{pk}/answers",
        {
            "answers": [{"criterion": "effective_model", "met": True}],
            "assessed_on": "2025-11-02",
            "complete": True,
        },
    )
    assert refused.status_code == 422
    fields = {e["field"] for e in refused.json()["errors"]}
    assert {
        "assessed_on",
        "answers.effective_model.override_reason",
        "answers.no_serious_crime.met",
    } <= fields

    body = {"answers": [], "assessed_on": "2025-10-25", "complete": True}
    for code, a in by_code.items():
        item = {"criterion": code, "met": True}
        if a["data_sufficient"] and a["suggested"] is False:
            item["override_reason"] = "Có mô hình mới chưa nhập"
        body["answers"].append(item)
    done = api.post(f"/api/v1/evaluations/assessments/{pk}/answers", body)
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["meets_standard"]) == ("assessed", True)
    overridden = [
        a
        for a in api.get(f"/api/v1/evaluations/assessments/{pk}/answers").json()
        if a["overridden"]
    ]
    assert {a["criterion"] for a in overridden} == {"effective_model", "security_team"}

    assert (
        api.post(
            f"/api/v1/evaluations/assessments/{pk}/recognise",
            {"decision_number": "9", "decision_date": "2025-11-20"},
        ).status_code
        == 403
    )
    approver = api_client.as_user(users.p_approver)
    ok = approver.post(
        f"/api/v1/evaluations/assessments/{pk}/recognise",
        {"decision_number": "9/QĐ-UBND", "decision_date": "2025-11-20"},
    )
    assert ok.status_code == 200 and ok.json()["decision"]["authority_id"] == tree.p.pk
    results = approver.get("/api/v1/evaluations/results", area=tree.p.pk, year=2025).json()
    residential = next(r for r in results["standard"] if r["kind"] == "residential")
    assert (residential["assessed"], residential["met"], residential["recognised"]) == (1, 1, 1)
    assert float(residential["share"]) == 1.0


def test_bad_input_is_422_on_its_field(api_client, tree, users):
    api = api_client.as_user(users.a_editor)
    school = org(tree.b, "school")
    response = api.post(
        "/api/v1/evaluations/registrations/",
        {
            "area_id": tree.a.pk,
            "organisation_id": school.pk,
            "year": 2025,
            "registered_on": "2025-02-01",
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "organisation_id"
    response = api.get("/api/v1/evaluations/results", year=1999)
    assert response.status_code == 422
    assert api.get("/api/v1/evaluations/results", area=tree.b.pk).status_code == 404


def test_classification_plans_and_rural_through_the_api(api_client, tree, users):
    api = api_client.as_user(users.a_editor)
    low = {
        "leadership": 5,
        "outreach": 5,
        "models": 5,
        "crime_prevention": 5,
        "forces": 5,
        "reviews": 5,
    }
    created = api.post(
        "/api/v1/evaluations/classifications/", {"area_id": tree.a1.pk, "year": 2025, "scores": low}
    )
    assert created.status_code == 201, created.content
    c = created.json()
    assert (c["points"], c["movement_class"]) == (30, "weak")
    patched = api.patch(
        f"/api/v1/evaluations/classifications/{c['id']}", {"scores": {"models": 20}}
    )
    assert patched.json()["points"] == 45
    plan = api.post(
        "/api/v1/evaluations/plans/",
        {
            "classification_id": c["id"],
            "measures": "Củng cố",
            "responsible": "Công an xã",
            "due_on": "2026-06-30",
        },
    )
    assert plan.status_code == 201, plan.content
    weak = api.get("/api/v1/evaluations/classifications/weak", year=2025).json()
    assert [w["classification"]["id"] for w in weak] == [c["id"]]
    assert weak[0]["plans"][0]["responsible"] == "Công an xã"
    rural = api.post(
        "/api/v1/evaluations/rural/",
        {
            "area_id": tree.a.pk,
            "year": 2025,
            "assessed_on": "2025-12-01",
            "answers": {"militia": {"met": True}, "security_order": {"met": True}},
        },
    )
    assert rural.status_code == 201 and rural.json()["meets"] is True
    sets = api.get("/api/v1/evaluations/criteria-sets").json()
    assert {s["subject_kind"] for s in sets} == {"residential", "commune", "agency", "school"}
    _ = register, date


def test_the_rural_sub_criteria_are_listed_by_set_within_the_jurisdiction(
    api_client, client, tree, users
):
    from antq.evaluations.models import RuralCriterionSet

    own = RuralCriterionSet.objects.create(
        code="hue-2024", name="Bộ tiêu chí riêng", area=tree.q, valid_from=date(2024, 1, 1)
    )
    own.sub_criteria.create(code="hue_extra", number="19.3", name="Riêng", text="Riêng")
    url = "/api/v1/evaluations/rural/sub-criteria"
    client.force_login(users.a_editor)
    listed = client.get(url, headers={"accept-language": "en"}).json()
    assert [(s["code"], s["criteria_set_code"]) for s in listed] == [
        ("militia", "qd318-2022-criterion-19"),
        ("security_order", "qd318-2022-criterion-19"),
    ]
    assert listed[0]["name"] == "A strong, widespread militia; the defence targets met"
    api = api_client.as_user(users.a_editor)
    at_a = api.get(url, area=tree.a.pk, year=2025).json()
    answers = {s["code"]: {"met": True} for s in at_a}
    assert set(answers) == {"militia", "security_order"}
    assert api.get(url, area=tree.q.pk).status_code == 404
    assert api.get(url, year=1900).status_code == 422
    rural = api.post(
        "/api/v1/evaluations/rural/",
        {"area_id": tree.a.pk, "year": 2025, "assessed_on": "2025-12-01", "answers": answers},
    )
    assert rural.status_code == 201, rural.content
    everything = api_client.as_user(users.admin).get(url).json()
    assert "hue_extra" in {s["code"] for s in everything}


def test_a_province_adds_its_own_criterion_through_the_api(api_client, tree, users):
    from antq.core.testing.factories import make_user

    body = {
        "criteria_set_code": "tt124-2021-residential",
        "area_id": tree.p.pk,
        "code": "qt_fire_teams",
        "name": "Có tổ liên gia an toàn PCCC",
        "text": "Khu dân cư có tổ liên gia an toàn phòng cháy, chữa cháy hoạt động.",
        "valid_from": "2025-01-01",
    }
    url = "/api/v1/evaluations/criteria"
    admin = make_user(tree.p, "administrator")
    created = api_client.as_user(admin).post(url, body)
    assert created.status_code == 201, created.content
    assert created.json()["area_id"] == tree.p.pk and created.json()["required"] is True
    sets = api_client.as_user(users.a_viewer).get("/api/v1/evaluations/criteria-sets").json()
    residential = next(s for s in sets if s["code"] == "tt124-2021-residential")
    assert "qt_fire_teams" in {c["code"] for c in residential["criteria"]}
    for user, changes, status, field in (
        (admin, {}, 422, "code"),  # the set has it already
        (admin, {"criteria_set_code": "nope"}, 422, "criteria_set_code"),
        (admin, {"code": "x2", "area_id": tree.q.pk}, 422, "area_id"),
        (admin, {"code": "x3", "area_id": tree.a.pk}, 422, "area_id"),  # a commune adds none
        (users.p_approver, {"code": "x4"}, 403, None),
    ):
        response = api_client.as_user(user).post(url, body | changes)
        assert response.status_code == status, (changes, response.content)
        if field:
            assert [e["field"] for e in response.json()["errors"]] == [field]
