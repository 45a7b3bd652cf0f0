from datetime import date

from antq.activities.models import Activity, CoordinationRegulation, SecuredEvent
from antq.activities.records import ACTIVITIES, REGULATIONS, SECURED_EVENTS
from antq.activities.selectors import activity_figures, regulations_in_force, securedevent_figures
from antq.core.testing.factories import OrganisationFactory
from antq.core.testing.records import RecordTypeTestCase


def activity(area, marker):
    made = Activity.objects.create(
        area=area,
        kind="outreach",
        title=f"Buổi {marker}",
        held_on=date(2025, 3, 1),
        participants=10,
    )
    made.organisers.add(OrganisationFactory(area=area))
    return made


class TestActivities(RecordTypeTestCase):
    record_type = ACTIVITIES

    @classmethod
    def make_record(cls, area, marker):
        return activity(area, marker)

    def import_row(self, area):
        return {
            "commune_code": area.code,
            "kind": "training",
            "title": "Tập huấn",
            "held_on": "2025-06-01",
            "participants": 30,
        }

    def count_visible(self, user):
        return activity_figures(user)["sessions"]


class TestSecuredEvents(RecordTypeTestCase):
    record_type = SECURED_EVENTS

    @classmethod
    def make_record(cls, area, marker):
        return SecuredEvent.objects.create(
            area=area, kind="event", name=f"Lễ hội {marker}", held_on=date(2025, 4, 30)
        )

    def import_row(self, area):
        return {"commune_code": area.code, "held_on": "2025-04-30", "kind": "event", "name": "Lễ"}

    def count_visible(self, user):
        return securedevent_figures(user)["count"]


class TestRegulations(RecordTypeTestCase):
    record_type = REGULATIONS

    @classmethod
    def make_record(cls, area, marker):
        regulation = CoordinationRegulation.objects.create(
            area=area, number=f"QC-{marker}", title="Quy chế phối hợp", signed_on=date(2024, 1, 1)
        )
        regulation.parties.add(OrganisationFactory(area=area))
        return regulation

    def import_row(self, area):
        front = OrganisationFactory(area=area)
        return {
            "commune_code": area.code,
            "number": "01/QC",
            "title": "Quy chế phối hợp",
            "parties": front.pk,
            "signed_on": "15/01/2024",
        }

    def count_visible(self, user):
        return regulations_in_force(user).count()
