from antq.core.testing.factories import OrganisationFactory
from antq.core.testing.records import RecordTypeTestCase
from antq.registry.records import ORGANISATIONS
from antq.registry.selectors import organisation_count


class TestOrganisations(RecordTypeTestCase):
    record_type = ORGANISATIONS
    undated = "an organisation has no date of its own"

    @classmethod
    def make_record(cls, area, marker):
        return OrganisationFactory(area=area, name=f"School {marker}")

    def import_row(self, area):
        return {"commune_code": area.code, "name": "Trường Kim Đồng", "org_type": "school"}

    def count_visible(self, user):
        return organisation_count(user)
