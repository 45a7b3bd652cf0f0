from antq.core.testing.factories import OrganisationFactory
from antq.core.testing.scoping import ScopedRecordContract
from antq.registry.selectors import organisation_count


class TestOrganisationScoping(ScopedRecordContract):
    ui_list_url = "/registry/organisations/"
    ui_detail_url = "/registry/organisations/{pk}/"
    ui_change_urls = ("/registry/organisations/{pk}/edit/", "/registry/organisations/{pk}/delete/")
    api_list_url = "/api/v1/organisations/"
    api_detail_url = "/api/v1/organisations/{pk}"
    export_urls = (
        "/registry/organisations/export.csv",
        "/registry/organisations/export.xlsx",
        "/api/v1/organisations/export?format=xlsx",
    )

    def make_record(self, area, marker):
        return OrganisationFactory(area=area, name=f"School {marker}")

    def count_visible(self, user):
        return organisation_count(user)
