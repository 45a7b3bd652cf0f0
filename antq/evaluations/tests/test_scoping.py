"""Jurisdiction holds for every scoped record type of the evaluations (UI, API, exports,
counts), for attachments, and for a province's own criteria."""

from datetime import date

from antq.core.testing.factories import make_area, make_user
from antq.core.testing.scoping import ScopedRecordContract
from antq.evaluations import windows
from antq.evaluations.models import (
    Answer,
    AnswerAttachment,
    Assessment,
    Classification,
    ClassificationScheme,
    Criterion,
    ImprovementPlan,
    Registration,
    RuralAssessment,
    RuralCriterionSet,
)
from antq.evaluations.selectors import (
    criteria_set_for,
    criteria_sets,
    criteria_visible,
    results_by_kind,
)
from antq.registry.models import Organisation


def _school(area, marker):
    return Organisation.objects.create(area=area, org_type="school", name=f"Trường {marker}")


def _count(user, field):
    return sum(getattr(r, field) for r in results_by_kind(user, None, 2025))


class TestRegistrationScoping(ScopedRecordContract):
    ui_list_url = "/evaluations/registrations/"
    ui_detail_url = "/evaluations/registrations/{pk}/"
    ui_change_urls = (
        "/evaluations/registrations/{pk}/edit/",
        "/evaluations/registrations/{pk}/delete/",
    )
    api_list_url = "/api/v1/evaluations/registrations/"
    api_detail_url = "/api/v1/evaluations/registrations/{pk}"
    export_urls = (
        "/evaluations/registrations/export.csv",
        "/evaluations/registrations/export.xlsx",
        "/api/v1/evaluations/registrations/export?format=csv",
    )

    def make_record(self, area, marker):
        return Registration.objects.create(
            area=area,
            organisation=_school(area, marker),
            subject_kind="school",
            year=2025,
            registered_on=date(2025, 2, 1),
        )

    def count_visible(self, user):
        return _count(user, "registered")


class TestAssessmentScoping(ScopedRecordContract):
    ui_list_url = "/evaluations/assessments/"
    ui_detail_url = "/evaluations/assessments/{pk}/"
    ui_change_urls = (
        "/evaluations/assessments/{pk}/edit/",
        "/evaluations/assessments/{pk}/delete/",
        "/evaluations/assessments/{pk}/recognise/",
        "/evaluations/assessments/{pk}/reopen/",
    )
    api_list_url = "/api/v1/evaluations/assessments/"
    api_detail_url = "/api/v1/evaluations/assessments/{pk}"
    export_urls = (
        "/evaluations/assessments/export.csv",
        "/evaluations/assessments/export.xlsx",
        "/api/v1/evaluations/assessments/export?format=xlsx",
    )

    def make_record(self, area, marker):
        w = windows.window("school", 2025)
        return Assessment.objects.create(
            area=area,
            organisation=_school(area, marker),
            subject_kind="school",
            year=2025,
            criteria_set=criteria_set_for("school", 2025),
            status="assessed",
            meets_standard=True,
            assessed_on=w.end,
            window_start=w.start,
            window_end=w.end,
        )

    def count_visible(self, user):
        return _count(user, "assessed")

    def test_answers_and_attachments_of_another_commune_are_404(
        self, client, api_client, users, records
    ):
        answer = Answer.objects.create(
            assessment=records.b, criterion=records.b.criteria_set.criteria.first(), met=True
        )
        stored = AnswerAttachment.objects.create(
            answer=answer,
            file="evaluations/x.pdf",
            original_name="x.pdf",
            kind="pdf",
            size=1,
            sha256="0",
        )
        api = api_client.as_user(users.a_editor)
        for url, body in (
            (f"/api/v1/evaluations/assessments/{records.b.pk}/answers", None),
            (f"/api/v1/evaluations/assessments/{records.b.pk}/answers", {"answers": []}),
            (
                f"/api/v1/evaluations/assessments/{records.b.pk}/recognise",
                {"decision_number": "1", "decision_date": "2025-12-01"},
            ),
            (f"/api/v1/evaluations/assessments/{records.b.pk}/reopen", {"reason": "x"}),
        ):
            response = api.get(url) if body is None else api.post(url, body)
            assert response.status_code == 404, url
        client.force_login(users.a_viewer)
        assert client.get(f"/evaluations/attachments/{stored.pk}/").status_code == 404


class TestClassificationScoping(ScopedRecordContract):
    ui_list_url = "/evaluations/classifications/"
    ui_detail_url = "/evaluations/classifications/{pk}/"
    ui_change_urls = (
        "/evaluations/classifications/{pk}/edit/",
        "/evaluations/classifications/{pk}/delete/",
    )
    api_list_url = "/api/v1/evaluations/classifications/"
    api_detail_url = "/api/v1/evaluations/classifications/{pk}"
    export_urls = (
        "/evaluations/classifications/export.csv",
        "/evaluations/classifications/export.xlsx",
        "/api/v1/evaluations/classifications/export?format=csv",
    )

    def make_record(self, area, marker):
        village = make_area(area, name=f"Thôn {marker}")
        return Classification.objects.create(
            area=village,
            unit_kind="residential",
            year=2025,
            scheme=ClassificationScheme.objects.get(code="vn-2022-residential"),
            points=40,
            movement_class="weak",
            period_end=date(2025, 10, 31),
        )

    def count_visible(self, user):
        return Classification.objects.visible_to(user).count()

    def test_weak_units_of_another_commune_are_hidden(
        self, client, api_client, users, records, tree
    ):
        client.force_login(users.a_viewer)
        page = client.get("/evaluations/weak/", {"year": 2025}).content.decode()
        assert "Marker-Alpha" in page and "Marker-Bravo" not in page
        assert client.get("/evaluations/weak/", {"area": tree.b.pk}).status_code == 404
        body = b"".join(
            client.get("/evaluations/weak/export.csv", {"year": 2025}).streaming_content
        ).decode()
        assert "Marker-Alpha" in body and "Marker-Bravo" not in body
        weak = (
            api_client.as_user(users.a_viewer)
            .get("/api/v1/evaluations/classifications/weak", year=2025)
            .json()
        )
        assert [w["classification"]["id"] for w in weak] == [records.a.pk]


class TestPlanScoping(ScopedRecordContract):
    ui_list_url = "/evaluations/plans/"
    ui_detail_url = "/evaluations/plans/{pk}/"
    ui_change_urls = ("/evaluations/plans/{pk}/edit/", "/evaluations/plans/{pk}/delete/")
    api_list_url = "/api/v1/evaluations/plans/"
    api_detail_url = "/api/v1/evaluations/plans/{pk}"
    export_urls = (
        "/evaluations/plans/export.csv",
        "/evaluations/plans/export.xlsx",
        "/api/v1/evaluations/plans/export?format=csv",
    )

    def make_record(self, area, marker):
        c = TestClassificationScoping().make_record(area, f"c-{marker}")
        return ImprovementPlan.objects.create(
            area=c.area,
            classification=c,
            measures=f"Biện pháp {marker}",
            responsible="Công an xã",
            due_on=date(2026, 6, 30),
        )

    def count_visible(self, user):
        return ImprovementPlan.objects.visible_to(user).count()


class TestRuralScoping(ScopedRecordContract):
    ui_list_url = "/evaluations/rural/"
    ui_detail_url = "/evaluations/rural/{pk}/"
    ui_change_urls = ("/evaluations/rural/{pk}/edit/", "/evaluations/rural/{pk}/delete/")
    api_list_url = "/api/v1/evaluations/rural/"
    api_detail_url = "/api/v1/evaluations/rural/{pk}"
    export_urls = (
        "/evaluations/rural/export.csv",
        "/evaluations/rural/export.xlsx",
        "/api/v1/evaluations/rural/export?format=csv",
    )

    def make_record(self, area, marker):
        return RuralAssessment.objects.create(
            area=area,
            year=2025,
            criteria_set=RuralCriterionSet.objects.get(),
            assessed_on=date(2025, 12, 1),
            meets=True,
            period_end=date(2025, 12, 31),
            notes=marker,
        )

    def count_visible(self, user):
        return RuralAssessment.objects.visible_to(user).count()


def test_the_commune_view_shows_only_visible_units(client, tree, users):
    client.force_login(users.b_editor)
    assert client.get(f"/evaluations/communes/{tree.a.pk}/").status_code == 404


def test_a_provinces_criteria_are_seen_under_it_and_not_elsewhere(tree, users):
    cset = criteria_sets().get(code="tt124-2021-residential")
    Criterion.objects.create(
        criteria_set=cset,
        area=tree.p,
        code="p-own",
        name="Tiêu chí tỉnh",
        text="x",
        valid_from=date(2025, 1, 1),
    )
    q_user = make_user(tree.q, "viewer", username="q_viewer")
    assert "p-own" in {c.code for c in criteria_visible(users.a_viewer, cset)}
    assert "p-own" in {c.code for c in criteria_visible(users.p_approver, cset)}
    assert "p-own" not in {c.code for c in criteria_visible(q_user, cset)}
    assert len(criteria_visible(users.nobody, cset)) == 10  # the law's own only
