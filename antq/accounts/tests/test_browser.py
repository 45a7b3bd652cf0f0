import pytest

from antq.accounts.models import User
from antq.core.testing.factories import make_area, make_user
from antq.core.testing.second_factor import otp_code


@pytest.mark.browser
def test_a_province_administrator_opens_an_account_and_the_person_sets_a_password(
    live_server, transactional_db, browser_page
):
    """In Vietnamese, the province's administrator (past the second factor) creates a commune
    editor with the area picker, gives the role and shows the one-time link; in Arabic, the
    editor sets a password with it and signs in."""
    country = make_area(name="Việt Nam", code="VN")
    province = make_area(country, name="Tỉnh Quảng Trị", code="44")
    commune = make_area(province, name="Xã Hòa Bình", code="10001")
    code = otp_code(make_user(province, "administrator", username="padmin"))

    page = browser_page
    base = live_server.url
    page.goto(f"{base}/accounts/people/new/")
    page.fill("#id_username", "padmin")
    page.fill("#id_password", "pass-word-123")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/verify/**")
    page.fill("#id_code", code)
    page.click("#otp-form button[type=submit]")
    page.wait_for_url("**/accounts/people/new/")
    page.fill("#id_username", "c_editor")
    page.fill("#id_full_name", "Nguyễn Văn C")
    page.fill("#id_rank", "Đại úy")
    page.fill("#id_position", "Phó Trưởng Công an xã")
    page.fill("#area-pick-unit", "hoa binh")
    page.wait_for_selector("#area-pick-results-unit [data-pick-area]")
    # each unit with its parent, level, code
    assert "Tỉnh Quảng Trị" in page.locator("#area-pick-results-unit").inner_text()
    page.click("#area-pick-results-unit [data-pick-area] >> text=Xã Hòa Bình")
    page.click("#person-form button[type=submit]")
    page.wait_for_url("**/accounts/people/*/")
    assert "Đại úy Nguyễn Văn C, Phó Trưởng Công an xã" in page.locator("h1").inner_text()

    page.fill("#area-pick-area", "hoa binh")
    page.wait_for_selector("#area-pick-results-area [data-pick-area]")
    page.click("#area-pick-results-area [data-pick-area] >> text=Xã Hòa Bình")
    page.select_option("#id_role", "editor")
    page.click("#role-form button[type=submit]")
    page.wait_for_selector("#roles-table >> text=Xã Hòa Bình")
    page.click("#issue-link")
    link = page.locator("#password-link code").inner_text()
    person = User.objects.get(username="c_editor")
    assert person.unit == commune and person.roles.get().role == "editor"

    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.click("#language-form button[data-lang=ar]")
    page.wait_for_load_state()
    page.goto(link)
    page.wait_for_selector("#id_new_password1")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("#id_new_password1", "Mật-khẩu-mới-2026")
    page.fill("#id_new_password2", "Mật-khẩu-mới-2026")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/reset/done/")
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "c_editor")
    page.fill("#id_password", "Mật-khẩu-mới-2026")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")  # an editor: no second factor asked
