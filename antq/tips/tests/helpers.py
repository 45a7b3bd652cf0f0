"""Small builders shared by the tips tests."""

from datetime import date

import pytest

from antq.tips.models import TipCategory
from antq.tips.services.entry import tip_create

NAME = "Nguyễn Thị Tố Giác"
CONTACT = "0912 345 678"


def category(code="fraud"):
    """A category of the default catalogue (written by a migration; a transactional test that ran
    before may have emptied the table, so it is written again when missing)."""
    return TipCategory.objects.get_or_create(code=code, defaults={"name": code})[0]


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


@pytest.fixture(autouse=True)
def portal_sandbox(settings, tmp_path):
    """Autouse in the modules that import it: a fresh cache per test (the portal's rate
    counters), and a private var folder (the attachments, written under VAR_DIR)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        }
    }
    settings.VAR_DIR = tmp_path
