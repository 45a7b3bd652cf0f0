"""Small builders shared by the honours tests."""

from datetime import date

from antq.core.testing.factories import make_user
from antq.honours.services import agreement_create, commendation_approve, commendation_nominate

AUTHORITY = "Chủ tịch UBND tỉnh Quảng Trị"


def nominate(user, area, **fields):
    values = {
        "recipient_kind": "area",
        "award_form": "certificate_of_merit",
        "authority_level": "province",
        "authority_name": AUTHORITY,
        "period_year": 2025,
        "achievement": "Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc",
    } | fields
    return commendation_nominate(acting_user=user, area=area, **values)


def individual(user, area, name="Nguyễn Văn An", position="Trưởng thôn 1", **fields):
    return nominate(
        user,
        area,
        recipient_kind="individual",
        recipient_name=name,
        recipient_position=position,
        **fields,
    )


def approve(approver, commendation, number="45/QĐ-UBND", day=date(2025, 8, 15)):
    return commendation_approve(
        acting_user=approver, instance=commendation, decision_number=number, decision_date=day
    )


def commune_approver(area, username="a_approver"):
    """An approver whose role sits at the commune itself (not above it)."""
    return make_user(area, "approver", username=username)


def make_agreement(user, area, **fields):
    values = {
        "title": "Giao ước thi đua giữa Công an xã và Ủy ban MTTQ xã",
        "signed_on": date(2025, 1, 20),
        "period_from": date(2025, 1, 1),
        "period_to": date(2025, 12, 31),
        "targets": "Không để xảy ra tội phạm nghiêm trọng; 100% thôn có mô hình tự quản",
    } | fields
    return agreement_create(acting_user=user, area=area, **values)
