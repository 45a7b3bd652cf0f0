"""What every visitor of the portal sees: the emergency numbers first, a way to the staff's
sign-in, and no configuration note; `/` leads a visitor who is not signed in to the portal."""

import re

import pytest
from django.test import Client

from antq.tips.tests.helpers import category, portal_sandbox  # noqa: F401 - autouse fixture

PAGES = ["/report/", "/report/follow/"]


def test_slash_leads_a_visitor_to_the_portal_and_staff_to_their_home(users):
    assert Client().get("/").url == "/report/"
    staff = Client()
    staff.force_login(users.a_viewer)
    home = staff.get("/")
    assert home.status_code == 200
    assert "Xã Hòa Bình" in home.content.decode()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("vi", ["Trường hợp khẩn cấp, hãy gọi", "công an", "Đăng nhập dành cho cán bộ"]),
        ("ar", ["في حالة الطوارئ، اتصل بالرقم", "الشرطة", "دخول الموظفين"]),
    ],
)
def test_portal_pages_show_the_emergency_numbers_and_no_configuration_note(db, language, words):
    category()
    for url in PAGES:
        body = Client().get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        notice = body[body.index('id="emergency"') :]
        notice = notice[: notice.index("</aside>")]
        for number in ("113", "114", "115"):
            assert f'href="tel:{number}"' in notice, (url, number)
        for w in words:
            assert w in body, (url, w)
        assert body.index('id="emergency"') < body.index("<h1"), url  # before anything else
        assert re.search(r'<a [^>]*href="/accounts/login/" id="staff-sign-in"', body), url
        assert "ANTQ_TILE_URL" not in body and "tiles" not in body.replace('data-tiles=""', ""), url


def test_report_form_offers_the_reporters_location_with_translated_answers(db):
    category()
    body = Client().get("/report/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'id="point-locate"' in body
    assert "Tôi đang ở nơi xảy ra: dùng vị trí của tôi" in body
    assert "Trình duyệt không cho phép trang đọc vị trí của bạn" in body
