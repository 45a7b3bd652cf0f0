from datetime import date

from antq.cameras.models import CameraSite, FirePoint
from antq.cameras.records import CAMERA_SITES, FIRE_POINTS
from antq.cameras.selectors import camera_counts, firepoint_count
from antq.core.testing.records import RecordTypeTestCase


def camera_site(area, marker):
    return CameraSite.objects.create(
        area=area,
        address=f"Nhà {marker}",
        owner_type="household",
        heads=4,
        connected=True,
        latitude=16.8,
        longitude=107.1,
        reconfirm_due_on=date(2027, 6, 30),  # as the services set it
    )


class TestCameraSites(RecordTypeTestCase):
    record_type = CAMERA_SITES

    @classmethod
    def make_record(cls, area, marker):
        return camera_site(area, marker)

    def import_row(self, area):
        return {"commune_code": area.code, "address": "Số 1 Hùng Vương", "owner_type": "household"}

    def count_visible(self, user):
        return camera_counts(user)["sites"]


class TestFirePoints(RecordTypeTestCase):
    record_type = FIRE_POINTS
    undated = "a fire point has no date of its own: it stands where it stands"

    @classmethod
    def make_record(cls, area, marker):
        return FirePoint.objects.create(area=area, name=f"Điểm {marker}")

    def import_row(self, area):
        return {"commune_code": area.code, "name": "Trụ nước chợ"}

    def count_visible(self, user):
        return firepoint_count(user)
