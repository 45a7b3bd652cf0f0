"""The reporting cycle walked in a real browser, in Vietnamese and in Arabic, on a province of 78
communes (the demo province's shape): the approver sees who has reported for a month, returns one
tally with a reason, the commune corrects and resubmits it, the approver approves the rest at once,
and the month is then closed: a back-dated activity is refused with the period named."""

from datetime import date

import pytest
from django.utils import timezone

from antq.activities.models import Activity
from antq.core.testing.factories import make_area, make_user
from antq.reporting.tests.helpers import at
from antq.tallies.models import MonthlyTally
from antq.tallies.services import tally_create, tally_submit

COMMUNES = 78
MISSING = 8  # the first communes have not reported
LATE = 30  # then these reported after the due day; the others on time
MONTH = date(2026, 3, 1)
REASON = {
    "vi": "Số vụ phạm pháp hình sự chưa khớp với sổ theo dõi",
    "ar": "عدد القضايا الجنائية لا يطابق السجل",
}
# The refusal of a write into the closed month (reports/locks.py), as the user reads it.
CLOSED = {
    "vi": "Tháng 3 2026 của Xã Phong Nha số 10 đã khóa khi bảng tổng hợp tháng của đơn vị "
    "được Trần Văn Duyệt phê duyệt ngày {day}.",
    "ar": "أُغلق مارس 2026 لـ Xã Phong Nha số 10 عند اعتماد حصيلته الشهرية من قِبل "
    "Trần Văn Duyệt بتاريخ {day}.",
}
WORDS = {  # what the pages say, in each language (the catalogues' entries)
    "vi": {"approved": "Đã phê duyệt {n} số liệu:"},
    "ar": {"approved": "اعتُمدت {n} حصيلة:"},
}


def _province():
    """Province → 78 communes; an editor per reporting commune enters and submits its tally."""
    country = make_area(name="Việt Nam", code="VN")
    province = make_area(country, name="Tỉnh Quảng Trị", code="44")
    clerk = make_user(province, "editor", username="clerk")
    communes = [
        make_area(province, name=f"Xã Phong Nha số {n}", code=f"{10000 + n}")
        for n in range(COMMUNES)
    ]
    for n, commune in enumerate(communes[MISSING:], start=MISSING):
        tally = tally_create(
            acting_user=clerk,
            area=commune,
            month=MONTH,
            criminal_cases_registered=3 + n % 5,
            criminal_cases_clarified=n % 3,
        )
        tally_submit(acting_user=clerk, instance=tally)
    on_time = at(2026, 4, 3, 9, 0)
    late = at(2026, 4, 25, 9, 0)
    MonthlyTally.objects.filter(area__in=communes[MISSING : MISSING + LATE]).update(
        submitted_at=late
    )
    MonthlyTally.objects.filter(area__in=communes[MISSING + LATE :]).update(submitted_at=on_time)
    approver = make_user(province, "approver", username="approver", full_name="Trần Văn Duyệt")
    commune = communes[10]
    editor = make_user(commune, "editor", username="commune_editor", unit=commune)
    return province, commune, approver, editor


def _sign_in(page, url, username, lang):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": url}])
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-word-123")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{url}/")
    assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["vi", "ar"])
def test_the_reporting_cycle(lang, live_server, transactional_db, browser_page):
    province, commune, approver, editor = _province()
    tally = MonthlyTally.objects.get(area=commune)
    url, page = live_server.url, browser_page

    # 1. who has reported for March: 78 communes, those that have not reported first
    _sign_in(page, url, "approver", lang)
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    page.goto(f"{url}/reporting/completeness/?area={province.pk}&month=2026-03")
    counts = {
        key: page.locator(f'[data-count="{key}"]').inner_text()
        for key in ("expected", "received", "on_time", "late", "missing")
    }
    reported = COMMUNES - MISSING
    assert counts == {
        "expected": str(COMMUNES),
        "received": str(reported),
        "on_time": str(reported - LATE),
        "late": str(LATE),
        "missing": str(MISSING),
    }
    states = page.locator("#units li").evaluate_all("els => els.map(e => e.dataset.state)")
    assert states == ["missing"] * MISSING + ["late"] * LATE + ["submitted"] * (reported - LATE)

    # 2. the approver opens one commune's tally from the list and returns it with a reason
    page.click(f'#units li[data-area="{commune.code}"] a')
    page.wait_for_url(f"{url}{tally.get_absolute_url()}")
    page.fill("#return-form textarea, #return-form input[name=return-reason]", REASON[lang])
    page.click("#return-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-status]").first.get_attribute("data-status") == "returned"
    assert REASON[lang] in page.locator("#returned-reason").inner_text()

    # 3. the commune's editor sees it returned with the reason, corrects a figure, resubmits
    _sign_in(page, url, "commune_editor", lang)
    card = page.locator("#card-tallies")
    assert REASON[lang] in card.locator("#returned-tallies").inner_text()
    card.locator("#returned-tallies a").click()
    page.wait_for_url(f"{url}{tally.get_absolute_url()}")
    assert REASON[lang] in page.locator("#returned-reason").inner_text()
    page.click('#tally-actions a[href$="/edit/"]')
    page.fill("#id_criminal_cases_registered", "7")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{url}{tally.get_absolute_url()}")
    assert page.locator('#figures [data-field="criminal_cases_registered"]').inner_text() == "7"
    page.click("#resubmit-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-status]").first.get_attribute("data-status") == "submitted"

    # 4. the approver approves all the waiting tallies at once
    _sign_in(page, url, "approver", lang)
    page.goto(f"{url}/tallies/approve/")
    assert page.locator("#waiting li").count() == reported
    page.check("#approve-all")
    page.click("#approve-many-form button[type=submit]")
    page.wait_for_selector("#approved")
    assert page.locator("#approved li").count() == reported
    assert WORDS[lang]["approved"].format(n=reported) in page.locator("#approved").inner_text()
    assert not page.locator("#refused").count()
    assert page.locator("#none-waiting").is_visible()
    assert set(MonthlyTally.objects.values_list("status", flat=True)) == {"approved"}

    # 5. March is now closed for the commune: a back-dated activity is refused, naming it
    _sign_in(page, url, "commune_editor", lang)
    page.goto(f"{url}/activities/new/")
    page.select_option("#id_kind", "outreach")
    page.fill("#id_title", "Tuyên truyền phòng chống ma túy")
    page.fill("#id_held_on", "2026-03-20")
    page.fill("#id_participants", "40")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    tally.refresh_from_db()
    day = timezone.localdate(tally.approved_at)
    shown = page.locator("main").inner_text()
    assert CLOSED[lang].format(day=_short(day, lang)) in shown
    assert not Activity.objects.exists()


def _short(day, lang):
    """The day as the language writes it (antq.formats: 07/12/2026 in Vietnamese)."""
    from antq.formats import format_date

    return format_date(day, lang)
