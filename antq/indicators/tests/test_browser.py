"""The dashboard in a real browser, for the country, a province and a commune, in Vietnamese and
in Arabic: figures, a chart per indicator group and the ranking chart drawn (mirrored in Arabic),
the ranked table, the flags, drill-down down the tree and back up by the breadcrumbs; and the
same page 390 px wide."""

from datetime import date, timedelta

import pytest

from antq.core.testing.browser import ARTIFACTS

pytestmark = pytest.mark.rollup

# English text of the dashboard that must not show through in the other languages
ENGLISH = (
    "Units with overdue tips",
    "overdue tip",
    "Units classified weak",
    "Improvement plan",
    "Last quarter",
    "Last half-year",
    "changes are against",
    "Units below, ranked by",
    "This period",
    "Previous period",
    "Share (%)",
)

NARROW = {"width": 390, "height": 844}


def _bars(page, selector, below=0):
    """[left, right] of the drawn bars of this period in a chart (zero bars left out), those
    lower than `below` pixels from the chart's top (under its legend)."""
    script = """([selector, below]) => {
            const top = document.querySelector(selector).getBoundingClientRect().top + below;
            return [...document.querySelectorAll(selector + ' svg path')]
              .filter(p => (p.getAttribute('fill') || '').toLowerCase() === '#7a1616')
              .map(p => p.getBoundingClientRect())
              .filter(r => r.right - r.left > 1 && r.top >= top)
              .map(r => [r.left, r.right]);
        }"""
    # the bars are drawn when the chart says it is rendered; a slow machine gets a moment more
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            f"(args) => ({script})(args).length > 0", arg=[selector, below], timeout=5000
        )
    except PlaywrightTimeout:
        pass  # the caller asserts on what is there
    return page.evaluate(script, [selector, below])


def _check_group_charts(page, *, rtl):
    """One chart per indicator group, each drawn inside its card; in Arabic the bars grow from
    the right, in Vietnamese from the left, from one common edge."""
    from antq.indicators.registry import REGISTRY

    groups = {ind.group for ind in REGISTRY.values()}
    # drawn as they come into view, the rest while the browser is idle (dashboard.js)
    page.wait_for_selector("[data-group-chart]:not([data-rendered])", state="detached")
    charts = page.locator("[data-group] [data-group-chart]")
    assert charts.count() == len(groups)
    width = page.viewport_size["width"]
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.locator("svg, canvas").count() >= 1, chart.get_attribute("id")
        box = chart.bounding_box()
        assert box["height"] > 60 and box["x"] >= 0 and box["x"] + box["width"] <= width
    box = page.locator("#chart-cameras").bounding_box()
    bars = _bars(page, "#chart-cameras", below=26)
    assert bars, "no camera bar drawn"
    # the names take up to half the width on the side the bars start from
    if rtl:
        assert all(right > box["x"] + box["width"] * 0.4 for _left, right in bars)
        assert max(right for _l, right in bars) - min(right for _l, right in bars) < 2
    else:
        assert all(left < box["x"] + box["width"] * 0.6 for left, _r in bars)
        assert max(left for left, _r in bars) - min(left for left, _r in bars) < 2


def _world():
    """The country with 34 provinces; Quảng Trị with three communes, one with two villages;
    camera sites, overdue tips in two communes, a weak village with its improvement plan."""
    from importlib import import_module

    from django.apps import apps

    from antq.cameras.models import CameraSite
    from antq.core.testing.factories import make_area, make_user
    from antq.evaluations import catalogue
    from antq.evaluations.services import classification as classification_services
    from antq.tips.models import TipCategory
    from antq.tips.services.entry import tip_create

    # a transactional test may follow one that emptied the tables the migrations filled
    catalogue.load()
    import_module("antq.tips.migrations.0002_default_categories").add_categories(apps, None)

    country = make_area(name="Việt Nam", code="VN")
    province = make_area(country, name="Tỉnh Quảng Trị", code="44")
    for i in range(33):
        make_area(country, name=f"Tỉnh Thử Nghiệm {i + 1:02d}", code=f"P{i:02d}")
    hoa_binh = make_area(province, name="Xã Hòa Bình", code="10001")
    dong_ha = make_area(province, name="Phường Đông Hà", code="10002", area_type="phuong")
    vinh_linh = make_area(province, name="Xã Vĩnh Linh", code="10003")
    village = make_area(hoa_binh, name="Thôn 1", code="T01")
    make_area(hoa_binh, name="Thôn 2", code="T02")
    admin = make_user(country, "administrator", username="officer")

    year = date.today().year - 1
    # Hòa Bình's sites were installed in the year shown: the year before has none of them
    for area, n in ((hoa_binh, 6), (dong_ha, 1), (vinh_linh, 3), (village, 2)):
        for _ in range(n):
            CameraSite.objects.create(
                area=area,
                owner_type="household",
                heads=4,
                installed_on=date(year, 3, 1) if area == hoa_binh else None,
            )
    fraud = TipCategory.objects.get(code="fraud")
    for area, n in ((hoa_binh, 2), (dong_ha, 1)):
        for _ in range(n):
            tip_create(
                acting_user=admin,
                area=area,
                legal_kind="denunciation",
                channel="phone",
                category=fraud,
                summary="Lừa đảo qua mạng: giả danh công an gọi điện yêu cầu chuyển tiền.",
                received_on=date.today() - timedelta(days=60),
            )
    weak = classification_services.classification_save(
        acting_user=admin,
        area=village,
        year=year,
        scores={
            "leadership": 4,
            "outreach": 4,
            "models": 6,
            "crime_prevention": 6,
            "forces": 5,
            "reviews": 5,
        },
    )
    classification_services.plan_create(
        acting_user=admin,
        classification=weak,
        measures="Củng cố tổ tự quản",
        responsible="Công an xã",
        due_on=date(year + 1, 6, 30),
    )
    return year


def _check_level(page, *, rtl, children, level, lang):
    """What every level shows: the figures, the chart drawn with one bar a unit below (bars
    growing from the right in Arabic), the ranked table, the two flags; no English left."""
    assert page.locator("[data-indicator] [data-value]").count() > 20
    page.wait_for_selector("#rank-chart[data-rendered]")
    chart = page.locator("#rank-chart")
    assert chart.get_attribute("data-rendered") == str(children)
    assert chart.locator("svg, canvas").count() >= 1
    assert page.locator("#ranked-children tbody tr").count() == children
    assert page.locator("#flag-overdue").is_visible() and page.locator("#flag-weak").is_visible()
    # the bars: in Arabic the value axis starts on the right, so the bars end at the right
    box = chart.bounding_box()
    bars = _bars(page, "#rank-chart")
    assert bars, "no bar drawn"
    middle = box["x"] + box["width"] / 2
    if rtl:
        assert all(right > middle for _left, right in bars)
        assert max(right for _l, right in bars) - min(right for _l, right in bars) < 2
    else:
        assert all(left < middle for left, _r in bars)
        assert max(left for left, _r in bars) - min(left for left, _r in bars) < 2
    _check_group_charts(page, rtl=rtl)
    text = page.locator("main").inner_text() + " ".join(
        page.locator("[data-group-chart] svg text").all_text_contents()
    )
    for english in ENGLISH:
        assert english not in text, f"untranslated on the {level} dashboard ({lang}): {english}"
    # nothing runs off the page sideways
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"dashboard-{level}-{lang}{'' if width == 1280 else f'-{width}'}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


@pytest.mark.browser
def test_the_dashboard_at_every_level_in_vietnamese_and_arabic(
    live_server,
    transactional_db,
    browser_page,
):
    year = _world()
    page = browser_page
    from antq.accounts.models import User
    from antq.core.testing.second_factor import otp_code

    code = otp_code(User.objects.get(username="officer"))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pass-word-123")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/verify/**")  # an administrator: the second factor
    page.fill("#id_code", code)
    page.click("#otp-form button[type=submit]")
    page.wait_for_load_state()
    period = f"date_from={year}-01-01&date_to={year}-12-31"

    for lang in ("vi", "ar"):
        if lang == "ar":
            page.click("#language-form button[data-lang=ar]")
            page.wait_for_load_state()
        rtl = lang == "ar"
        page.goto(f"{live_server.url}/dashboard/?{period}")
        html = page.locator("html")
        assert html.get_attribute("lang") == lang
        assert html.get_attribute("dir") == ("rtl" if rtl else "ltr")
        assert page.locator("#rank-chart").get_attribute("data-rtl") == ("1" if rtl else "0")
        # the country: 34 provinces, the overdue tips and the weak village under Quảng Trị
        _check_level(page, rtl=rtl, children=34, level="national", lang=lang)
        overdue = page.locator("#flag-overdue li")
        assert overdue.count() == 1
        assert overdue.get_attribute("data-area") == "44"
        assert overdue.get_attribute("data-overdue") == "3"
        weak = page.locator("#flag-weak li")
        assert weak.count() == 1 and "Thôn 1" in weak.inner_text()
        assert "Xã Hòa Bình" in weak.inner_text()  # where the village is
        assert weak.locator("[data-plan]").count() == 1

        # down to the province, through the ranked table
        page.click("#ranked-children >> text=Tỉnh Quảng Trị")
        page.wait_for_load_state()
        assert "Tỉnh Quảng Trị" in page.locator("h1").inner_text()
        _check_level(page, rtl=rtl, children=3, level="province", lang=lang)
        overdue = page.locator("#flag-overdue li")
        assert [overdue.nth(i).get_attribute("data-area") for i in range(overdue.count())] == [
            "10001",
            "10002",
        ]
        rows = page.locator("#ranked-children tbody tr")
        assert "Xã Hòa Bình" in rows.first.inner_text()  # 8 sites, the most
        # the same page on a phone
        page.set_viewport_size(NARROW)
        page.reload()
        _check_level(page, rtl=rtl, children=3, level="province", lang=lang)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.reload()

        # down to the commune, through its flag
        page.click("#flag-overdue >> text=Xã Hòa Bình")
        page.wait_for_load_state()
        assert "Xã Hòa Bình" in page.locator("h1").inner_text()
        _check_level(page, rtl=rtl, children=2, level="commune", lang=lang)
        assert page.locator("#flag-overdue li").get_attribute("data-overdue") == "2"
        assert page.locator("#flag-weak li [data-plan]").count() == 1
        crumbs = page.locator(".breadcrumb")
        assert crumbs.inner_text().count("Tỉnh Quảng Trị") == 1

        # and back up by the breadcrumbs, keeping the period
        crumbs.locator("text=Tỉnh Quảng Trị").click()
        page.wait_for_load_state()
        assert "Tỉnh Quảng Trị" in page.locator("h1").inner_text()
        assert f"date_from={year}-01-01" in page.url
        page.locator(".breadcrumb >> text=Việt Nam").click()
        page.wait_for_load_state()
        assert page.locator("#ranked-children tbody tr").count() == 34
