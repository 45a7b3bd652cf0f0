"""Issue 5, "Done means" (the evaluations' part): a commune assesses its five villages for 2025
with forms mostly pre-filled from records, two fail with reasons, the commune itself is
recognised, and the province's figures show the shares."""

from datetime import date, timedelta
from decimal import Decimal

from antq.core.testing.factories import make_area, make_user
from antq.evaluations import windows
from antq.evaluations.models import Assessment, RecognitionDecision
from antq.evaluations.selectors import current_answers
from antq.evaluations.tests.helpers import org
from antq.evaluations.tests.test_views import _post
from antq.hotspots.models import Hotspot
from antq.indicators.compute import compute
from antq.movement.models import ModelCategory, MovementModel, Team
from antq.tallies.models import MonthlyTally

MANUAL = (
    "no_security_violations",
    "no_serious_crime",
    "residents_violations",
    "households_registered",
    "crime_held",
)


def _records(tree, villages, school, enterprise):
    """What antq already holds about commune A: models, teams, tallies, an old hotspot."""
    cameras = ModelCategory.objects.get(code="security_cameras")
    for v in villages[:4]:  # the fifth village has no effective model
        MovementModel.objects.create(
            area=v,
            name=f"Camera an ninh {v.name}",
            category=cameras,
            started_on=date(2023, 5, 1),
            status="effective",
        )
    for v in villages:
        Team.objects.create(area=v, name=f"Tổ tự quản {v.name}", kind="security_self_governing")
    MovementModel.objects.create(
        area=tree.a,
        name="Cổng trường an toàn giao thông",
        category=cameras,
        started_on=date(2022, 9, 5),
        status="effective",
        host_organisation=school,
    )
    MovementModel.objects.create(
        area=tree.a,
        name="Tổ công nhân tự quản",
        category=cameras,
        started_on=date(2022, 1, 5),
        status="effective",
        host_organisation=enterprise,
    )
    for o in (school, enterprise):
        Team.objects.create(
            area=tree.a, name=f"Tổ bảo vệ {o.name}", kind="security_protection", host_organisation=o
        )
    for year, cases in ((2024, 3), (2025, 2)):  # crime reduced against the previous year
        for month in windows.window("commune", year).months():
            MonthlyTally.objects.create(area=tree.a, month=month, criminal_cases_registered=cases)
    # settled before the 2025 windows opened: not a new hotspot of 2025
    Hotspot.objects.create(
        area=villages[2],
        title="Tranh chấp đất 2024",
        kind="land_dispute",
        opened_on=date(2024, 8, 1),
        status="settled",
        settled_on=date(2024, 10, 1),
    )


def _register(client, area, organisation=None, on="2025-02-20"):
    data = {"area": area.pk, "year": 2025, "registered_on": on, "plan_adopted_on": "2025-03-05"}
    if organisation is not None:
        data["organisation"] = organisation.pk
    assert client.post("/evaluations/registrations/new/", data).status_code == 302


def _assess(client, area, organisation=None, **answers):
    """Start from the commune's page, check the page is mostly pre-filled, answer, complete."""
    data = {"area": area.pk, "year": 2025}
    if organisation is not None:
        data["organisation"] = organisation.pk
    response = client.post("/evaluations/assessments/new/", data)
    assert response.status_code == 302
    assessment = Assessment.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    page = client.get(assessment.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    total = assessment.answers.count()
    prefilled = int(page.split('id="prefilled" data-count="')[1].split('"')[0])
    if organisation is None:  # the villages' and the commune's forms are mostly pre-filled
        assert prefilled * 2 >= total, (assessment, prefilled, total)
    assert page.count("Pre-filled from records:") == prefilled
    on = "2025-10-25" if assessment.subject_kind == "residential" else "2025-11-10"
    # the assessor answers what the records cannot tell (met, here) and confirms the rest
    manual = {a.criterion.code: "yes" for a in current_answers(assessment) if not a.data_sufficient}
    post = _post(assessment, action="complete", on=on, **(manual | answers))
    response = client.post(assessment.get_absolute_url(), post)
    assert response.status_code == 302, response.content.decode()[-4000:]
    assessment.refresh_from_db()
    return assessment, prefilled


def _recognise(client, assessment, number, day):
    return client.post(
        f"/evaluations/assessments/{assessment.pk}/recognise/",
        {"decision_number": number, "decision_date": day},
    )


def test_a_commune_assesses_its_villages_and_is_recognised(client, tree, users):
    villages = [tree.a1] + [
        make_area(tree.a, name=f"Thôn {n}", code=f"T0{n}") for n in (2, 3, 4, 5)
    ]
    school = org(tree.a, "school", "Trường THCS Hòa Bình")
    enterprise = org(tree.a, "enterprise", "Công ty TNHH Nông sản Hòa Bình")
    _records(tree, villages, school, enterprise)
    commune_approver = make_user(tree.a, "approver", username="chu_tich_xa")

    # the commune's editor registers everyone in the first quarter
    client.force_login(users.a_editor)
    for v in villages:
        _register(client, v)
    _register(client, tree.a, school)
    _register(client, tree.a, enterprise)
    _register(client, tree.a)

    # five villages: three pass; the fourth had a serious crime, the fifth has no effective model
    done = {}
    for v in villages[:3]:
        done[v.pk], prefilled = _assess(client, v)
        assert prefilled == 5  # of 10
    fourth, _n = _assess(client, villages[3], no_serious_crime="no", no_serious_crime__evidence="")
    fourth.answers.filter(criterion__code="no_serious_crime").update(
        evidence="Xảy ra 01 vụ cố ý gây thương tích nghiêm trọng"
    )
    fifth, _n = _assess(client, villages[4])  # the records' "not met" confirmed
    assert [a.meets_standard for a in done.values()] == [True, True, True]
    assert (fourth.meets_standard, fifth.meets_standard) == (False, False)
    reason = fifth.answers.get(criterion__code="effective_model")
    assert (reason.met, reason.suggested, reason.data_sufficient) == (False, False, True)
    assert "Chưa có mô hình được đánh giá hiệu quả" in reason.suggestion_evidence
    page = client.get(fourth.get_absolute_url()).content.decode()
    assert "Xảy ra 01 vụ cố ý gây thương tích nghiêm trọng" in page

    # the school and the enterprise, pre-filled from the models and teams they host
    school_a, _n = _assess(client, tree.a, school)
    enterprise_a, _n = _assess(client, tree.a, enterprise)
    assert school_a.meets_standard and enterprise_a.meets_standard

    # the commune's chairman recognises the three villages by one decision
    client.force_login(commune_approver)
    for a in done.values():
        assert _recognise(client, a, "45/QĐ-UBND", "2025-11-05").status_code == 302
    assert RecognitionDecision.objects.get().assessments.count() == 3
    assert _recognise(client, fourth, "46/QĐ-UBND", "2025-11-05").status_code == 422

    # the province recognises the school and the enterprise
    client.force_login(users.p_approver)
    for a in (school_a, enterprise_a):
        assert _recognise(client, a, "1502/QĐ-UBND", "2025-11-20").status_code == 302

    # the commune itself: its form is pre-filled from all of the above
    client.force_login(users.a_editor)
    commune, prefilled = _assess(client, tree.a, police_rating="yes")
    assert prefilled == 7  # of 11
    share = commune.answers.get(criterion__code="subunits_recognised")
    assert (share.suggested, share.met) == (True, True)
    assert "5/7 đơn vị được công nhận (71,4 %" in share.suggestion_evidence
    assert commune.answers.get(criterion__code="crime_held").suggested is True
    assert commune.answers.get(criterion__code="no_new_hotspot").suggested is True
    assert commune.meets_standard is True
    assert not commune.answers.filter(override_reason__gt="").exists()  # nothing overridden

    # the commune's own approver may not recognise it; the province does, with a fresh number
    client.force_login(commune_approver)
    assert _recognise(client, commune, "47/QĐ-UBND", "2025-11-25").status_code == 403
    client.force_login(users.p_approver)
    reused = _recognise(client, commune, "1502/QĐ-UBND", "2025-11-25")
    assert reused.status_code == 422 and 'data-error="decision_number"' in reused.content.decode()
    assert _recognise(client, commune, "1544/QĐ-UBND", "2025-11-25").status_code == 302
    commune.refresh_from_db()
    assert commune.status == "recognised" and commune.decision.authority == tree.p

    # the province's figures for 2025
    figures = compute(
        [
            "evaluations.residential_met",
            "evaluations.commune_met",
            "evaluations.agency_met",
            "evaluations.school_met",
            "evaluations.commune_recognised",
        ],
        user=users.p_approver,
        area=tree.p,
        date_from=date(2025, 1, 1),
        date_to=date(2025, 12, 31),
    )[tree.p.path]
    assert (
        figures.value("evaluations.residential_met"),
        figures.value("evaluations.residential_assessed"),
    ) == (3, 5)
    assert figures.rate("evaluations.residential_met") == Decimal("0.6")
    for kind in ("commune", "agency", "school"):
        assert figures.rate(f"evaluations.{kind}_met") == 1
    assert figures.rate("evaluations.commune_recognised") == 1
    overview = client.get(
        "/evaluations/", {"area": tree.p.pk, "year": 2025}, HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    assert "60%" in overview and "100%" in overview
    dashboard = client.get(
        "/dashboard/", {"area": tree.p.pk, "date_from": "2025-01-01", "date_to": "2025-12-31"}
    ).content.decode()
    assert "60%" in dashboard
    _ = timedelta
