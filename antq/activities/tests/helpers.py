"""Small builders shared by the activity tests."""

from datetime import date

from antq.activities.services import activity_create, regulation_create, securedevent_create
from antq.core.testing.factories import OrganisationFactory


def make_activity(user, area, **fields):
    values = {
        "kind": "outreach",
        "title": "Tuyên truyền phòng chống ma túy",
        "held_on": date(2025, 3, 10),
        "participants": 54,
    } | fields
    return activity_create(acting_user=user, area=area, **values)


def make_festival(user, area, **fields):
    values = {
        "kind": "festival_day",
        "title": "Ngày hội toàn dân bảo vệ an ninh Tổ quốc 2025",
        "held_on": date(2025, 8, 19),
        "participants": 420,
        "ceremony_held": True,
        "festival_held": True,
    } | fields
    return activity_create(acting_user=user, area=area, **values)


def make_event(user, area, **fields):
    values = {
        "held_on": date(2025, 4, 30),
        "kind": "domestic_delegation",
        "name": "Đoàn công tác của Bộ Công an",
        "scale": 25,
    } | fields
    return securedevent_create(acting_user=user, area=area, **values)


def make_regulation(user, area, parties=None, **fields):
    values = {
        "number": "01/QCPH-CAX-MTTQ",
        "title": "Quy chế phối hợp giữa Công an xã và Ủy ban MTTQ xã",
        "signed_on": date(2024, 1, 15),
        "review_on": date(2025, 1, 15),
    } | fields
    if parties is None:
        parties = [OrganisationFactory(area=area, name="Ủy ban MTTQ xã")]
    return regulation_create(acting_user=user, area=area, parties=parties, **values)
