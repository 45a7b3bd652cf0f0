from datetime import date

from antq.core.testing.records import RecordTypeTestCase
from antq.hotspots.models import Hotspot
from antq.hotspots.records import HOTSPOTS
from antq.hotspots.selectors import hotspot_list


class TestHotspots(RecordTypeTestCase):
    record_type = HOTSPOTS

    @classmethod
    def make_record(cls, area, marker):
        return Hotspot.objects.create(
            area=area, title=f"Điểm nóng {marker}", kind="land_dispute", opened_on=date(2025, 1, 1)
        )

    def import_row(self, area):
        return {
            "commune_code": area.code,
            "title": "Tranh chấp đất",
            "kind": "land_dispute",
            "opened_on": "2025-02-01",
        }

    def count_visible(self, user):
        return hotspot_list(user).count()
