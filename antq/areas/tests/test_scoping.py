from antq.areas.models import Area
from antq.core.testing.scoping import ScopedRecordContract


class TestAreaScoping(ScopedRecordContract):
    """Villages of commune A against villages of commune B."""

    ui_list_url = "/areas/?q=marker"
    ui_detail_url = "/areas/{pk}/"
    ui_change_urls = ("/areas/{pk}/villages/",)
    api_list_url = "/api/v1/areas/?q=marker"
    api_detail_url = "/api/v1/areas/{pk}"
    export_urls = ("/areas/export.csv", "/areas/export.xlsx", "/api/v1/areas/export?format=csv")

    def make_record(self, area, marker):
        from antq.core.testing.factories import make_area

        return make_area(area, name=f"Thôn {marker}")

    def count_visible(self, user):
        return Area.objects.visible_to(user).filter(name__contains="Marker").count()
