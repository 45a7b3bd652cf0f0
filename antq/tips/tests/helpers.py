"""Small builders shared by the tips tests."""

from datetime import date

from antq.tips.models import TipCategory
from antq.tips.services import tip_create

NAME = "Nguyễn Thị Tố Giác"
CONTACT = "0912 345 678"


def category(code="fraud"):
    return TipCategory.objects.get(code=code)


def make_tip(user, area, **fields):
    values = {
        "legal_kind": "denunciation",
        "channel": "phone",
        "category": category(),
        "summary": "Lừa đảo qua mạng: giả danh công an gọi điện yêu cầu chuyển tiền.",
    } | fields
    return tip_create(acting_user=user, area=area, **values)


def on(text):
    return date.fromisoformat(text)
