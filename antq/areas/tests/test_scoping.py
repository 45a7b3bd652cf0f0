from antq.areas.models import Area
from antq.core.testing.factories import make_area
from antq.core.testing.scoping import ScopedRecordChecks, ScopedTestCase


class TestAreaScoping(ScopedRecordChecks, ScopedTestCase):
    """Villages of commune A against villages of commune B. Areas are no RecordType: their
    pages are named here."""

    @classmethod
    def make_record(cls, area, marker):
        return make_area(area, name=f"Thôn {marker}")

    def count_visible(self, user):
        return Area.objects.visible_to(user).filter(name__contains="Marker").count()

    def list_url(self):
        return "/areas/?q=marker"

    def detail_url(self, record):
        return f"/areas/{record.pk}/"

    def change_urls(self, record):
        return [f"/areas/{record.pk}/villages/"]

    def api_list_url(self):
        return "/api/v1/areas/?q=marker"

    def api_detail_url(self, record):
        return f"/api/v1/areas/{record.pk}"

    def export_urls(self):
        return ["/areas/export.csv", "/areas/export.xlsx", "/api/v1/areas/export?format=csv"]
