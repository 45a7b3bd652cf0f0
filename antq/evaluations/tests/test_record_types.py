from datetime import date

from antq.core.testing.factories import make_area
from antq.core.testing.records import RecordTypeTestCase
from antq.evaluations import windows
from antq.evaluations.models import (
    Answer,
    AnswerAttachment,
    Assessment,
    Classification,
    ClassificationScheme,
    ImprovementPlan,
    Registration,
    RuralAssessment,
    RuralCriterionSet,
)
from antq.evaluations.records import ASSESSMENTS, CLASSIFICATIONS, PLANS, REGISTRATIONS, RURAL
from antq.evaluations.selectors import criteria_sets, results_by_kind
from antq.registry.models import Organisation


def _school(area, marker):
    return Organisation.objects.create(area=area, org_type="school", name=f"Trường {marker}")


def _count(user, field):
    return sum(getattr(r, field) for r in results_by_kind(user, None, 2025))


class TestRegistrations(RecordTypeTestCase):
    record_type = REGISTRATIONS

    @classmethod
    def make_record(cls, area, marker):
        return Registration.objects.create(
            area=area,
            organisation=_school(area, marker),
            subject_kind="school",
            year=2025,
            registered_on=date(2025, 2, 1),
        )

    def import_row(self, area):
        return {
            "commune_code": area.code,
            "village_code": "T01",
            "year": 2025,
            "registered_on": "15/02/2025",
        }

    def count_visible(self, user):
        return _count(user, "registered")

    def unplaced_changes(self, day):
        return {"registered_on": date(day.year, 2, 1)}  # within the year's window


class TestAssessments(RecordTypeTestCase):
    record_type = ASSESSMENTS
    crud_pages = False  # started for a subject and answered on its own pages (test_views.py)

    @classmethod
    def make_record(cls, area, marker):
        w = windows.window("school", 2025)
        return Assessment.objects.create(
            area=area,
            organisation=_school(area, marker),
            subject_kind="school",
            year=2025,
            criteria_set=criteria_sets().get(code="tt124-2021-school"),
            status="assessed",
            meets_standard=True,
            assessed_on=w.end,
            window_start=w.start,
            window_end=w.end,
        )

    def count_visible(self, user):
        return _count(user, "assessed")

    def unplaced_changes(self, day):
        # no criteria set of the standard was in force before 2021: nothing to start then
        return {} if day.year >= 2021 else None

    def test_answers_and_attachments_of_another_commune_are_404(self):
        theirs = self.records.b
        answer = Answer.objects.create(
            assessment=theirs, criterion=theirs.criteria_set.criteria.first(), met=True
        )
        stored = AnswerAttachment.objects.create(
            answer=answer,
            file="evaluations/x.pdf",
            original_name="x.pdf",
            kind="pdf",
            size=1,
            sha256="0",
        )
        api = self.api(self.users.a_editor)
        for url, body in (
            (f"/api/v1/evaluations/assessments/{theirs.pk}/answers", None),
            (f"/api/v1/evaluations/assessments/{theirs.pk}/answers", {"answers": []}),
            (
                f"/api/v1/evaluations/assessments/{theirs.pk}/recognise",
                {"decision_number": "1", "decision_date": "2025-12-01"},
            ),
            (f"/api/v1/evaluations/assessments/{theirs.pk}/reopen", {"reason": "x"}),
        ):
            response = api.get(url) if body is None else api.post(url, body)
            assert response.status_code == 404, url
        self.client.force_login(self.users.a_viewer)
        assert self.client.get(f"/evaluations/attachments/{stored.pk}/").status_code == 404


class TestClassifications(RecordTypeTestCase):
    record_type = CLASSIFICATIONS
    # scored criterion by criterion on its own page and in the API (test_views.py, test_api.py)
    crud_pages = crud_api = False

    @classmethod
    def make_record(cls, area, marker):
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

    def more_areas(self):
        return (self.tree.a, self.tree.b)  # each record is made in a village of its own

    def count_visible(self, user):
        return Classification.objects.visible_to(user).count()

    def test_weak_units_of_another_commune_are_hidden(self):
        self.client.force_login(self.users.a_viewer)
        page = self.client.get("/evaluations/weak/", {"year": 2025}).content.decode()
        assert "Marker-Alpha" in page and "Marker-Bravo" not in page
        response = self.client.get("/evaluations/weak/", {"area": self.tree.b.pk})
        assert response.status_code == 404
        export = self.client.get("/evaluations/weak/export.csv", {"year": 2025})
        body = b"".join(export.streaming_content).decode()
        assert "Marker-Alpha" in body and "Marker-Bravo" not in body
        api = self.api(self.users.a_viewer)
        weak = api.get("/api/v1/evaluations/classifications/weak", year=2025).json()
        ids = sorted(w["classification"]["id"] for w in weak)
        assert ids == sorted([self.records.a.pk, self.records.former.pk])  # A's and its past's


class TestPlans(RecordTypeTestCase):
    record_type = PLANS
    undated = "a plan stands at its classification's unit, checked with the classification"

    @classmethod
    def make_record(cls, area, marker):
        c = TestClassifications.make_record(area, f"c-{marker}")
        return ImprovementPlan.objects.create(
            area=c.area,
            classification=c,
            measures=f"Biện pháp {marker}",
            responsible="Công an xã",
            due_on=date(2026, 6, 30),
        )

    def more_areas(self):
        return (self.tree.a, self.tree.b)  # each record is made in a village of its own

    def count_visible(self, user):
        return ImprovementPlan.objects.visible_to(user).count()


class TestRuralAssessments(RecordTypeTestCase):
    record_type = RURAL
    # answered sub-criterion by sub-criterion on its own page and in the API (test_views.py,
    # test_api.py)
    crud_pages = crud_api = False

    @classmethod
    def make_record(cls, area, marker):
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
