"""Issue 13's walk, in a real browser, in Vietnamese and in Arabic: a province runs antq itself.

The superuser opens the province administrator's account; that administrator opens a commune
editor's; the editor sets a password with the one-time link and works from the inbox (a
citizen's portal tip, then the citizen's reply); the job worker sends the "due in 5 days"
e-mail of the daily scan; the province alerts the commune's fire-safety teams and reads the
delivery log. Jobs go through the database queue and `antq worker --batch`, as in production."""

import email
from datetime import timedelta
from email import policy

import pytest
from django.core.management import call_command
from django.utils import timezone

from antq.accounts.models import User
from antq.core import jobs
from antq.core.testing.factories import make_area, make_user
from antq.core.testing.second_factor import otp_code
from antq.movement.services import team_member_create
from antq.movement.tests.helpers import make_team
from antq.notifications import channels
from antq.tips.tests.helpers import category, make_tip

FIRE = "fire_safety_inter_family"
PASSWORD = "Mật-khẩu-mới-2026"


@pytest.fixture
def outboxes(settings, tmp_path, monkeypatch):
    """E-mail to files, SMS and Zalo to their file channels, all in a private folder; jobs on
    the database queue, run by the worker when the test says so."""
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.VAR_DIR = tmp_path
    settings.ANTQ_DAILY_SCAN_HOUR = 0
    # the worker closes stale connections between tasks: here, the live server's shared one
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    channels.reset()
    yield tmp_path
    channels.reset()


def run_worker():
    """What a serving worker does: its heartbeat's hooks (the daily scan's trigger, the
    deliveries' sweep), then the queued tasks."""
    jobs.run_every_beat()
    call_command("worker", batch=True, concurrency=1, startup_delay=False, verbosity=0)


def mails_to(outboxes, address):
    """The messages the file backend wrote to `address` (one file per connection, messages
    separated by a line of dashes)."""
    found = []
    for path in sorted((outboxes / "mail").glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                message = email.message_from_bytes(chunk.strip(), policy=policy.default)
                if message["To"] == address:
                    found.append(message["Subject"] + "\n" + message.get_content())
    return found


def new_page(browser_page, locale):
    context = browser_page.context.browser.new_context(
        viewport={"width": 1280, "height": 900}, locale=locale
    )
    return context.new_page()


def sign_in(page, username, password, code=None):
    """On the sign-in page the browser was sent to; with a second-factor code if asked."""
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    if code:
        page.wait_for_url("**/accounts/2fa/verify/**")
        page.fill("#id_code", code)
        page.click("#otp-form button[type=submit]")


def pick_area(page, field, query, name):
    page.fill(f"#area-pick-{field}", query)
    page.wait_for_selector(f"#area-pick-results-{field} [data-pick-area]")
    page.click(f"#area-pick-results-{field} [data-pick-area] >> text={name}")


def open_account(
    page, *, username, full_name, rank, position, email_address, area, parent, query, role
):
    """On the new-person page: the account, its unit, a role there, and the one-time link."""
    page.fill("#id_username", username)
    page.fill("#id_full_name", full_name)
    page.fill("#id_rank", rank)
    page.fill("#id_position", position)
    page.fill("#id_email", email_address)
    page.fill("#area-pick-unit", query)
    page.wait_for_selector("#area-pick-results-unit [data-pick-area]")
    # each unit with its parent, level, code
    assert parent in page.locator("#area-pick-results-unit").inner_text()
    page.click(f"#area-pick-results-unit [data-pick-area] >> text={area}")
    page.click("#person-form button[type=submit]")
    page.wait_for_url("**/accounts/people/*/")
    assert f"{rank} {full_name}, {position}" in page.locator("h1").inner_text()
    pick_area(page, "area", query, area)
    page.select_option("#id_role", role)
    page.click("#role-form button[type=submit]")
    page.wait_for_selector(f"#roles-table >> text={area}")
    page.click("#issue-link")
    return page.locator("#password-link code").inner_text()


def set_password(page, link):
    page.goto(link)
    page.wait_for_selector("#id_new_password1")
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/reset/done/")


def to_arabic(page):
    page.click("#language-form button[data-lang=ar]")
    page.wait_for_load_state()


def fire_safety_teams(editor, commune, village):
    """Two inter-family fire-safety teams of the commune, their members with phones."""
    members = {
        "Tổ liên gia số 1": ["Nguyễn Văn Một", "Trần Thị Hai"],
        "Tổ liên gia số 2": ["Lê Văn Ba"],
    }
    for (team_name, names), area in zip(members.items(), (commune, village), strict=True):
        team = make_team(editor, area, name=team_name, kind=FIRE)
        for i, name in enumerate(names):
            team_member_create(
                acting_user=editor, team=team, full_name=name, phone=f"0911 000 00{i}"
            )
    return [name for names in members.values() for name in names]


@pytest.mark.browser
def test_a_province_runs_antq_itself(live_server, transactional_db, browser_page, outboxes):
    country = make_area(name="Việt Nam", code="VN")
    province = make_area(country, name="Tỉnh Quảng Trị", code="44")
    commune = make_area(province, name="Xã Hòa Bình", code="10001")
    village = make_area(commune, name="Thôn Đông", code="1000101")
    root = make_user(None, username="root", is_superuser=True, is_staff=True)
    base = live_server.url

    # In Vietnamese, the superuser (past the second factor) opens the province's administrator.
    page = browser_page
    page.goto(f"{base}/accounts/people/new/")
    sign_in(page, "root", "pass-word-123", otp_code(root))
    page.wait_for_url("**/accounts/people/new/")
    link = open_account(
        page,
        username="p_admin",
        full_name="Lê Văn Bình",
        rank="Thiếu tá",
        position="Phó Trưởng Công an tỉnh",
        email_address="p.admin@example.test",
        area="Tỉnh Quảng Trị",
        parent="Việt Nam",
        query="quang tri",
        role="administrator",
    )

    # The province's administrator sets a password, passes the second factor and opens the
    # commune editor's account.
    admin = new_page(page, "vi-VN")
    set_password(admin, link)
    admin.goto(f"{base}/accounts/people/new/")
    sign_in(admin, "p_admin", PASSWORD, otp_code(User.objects.get(username="p_admin")))
    admin.wait_for_url("**/accounts/people/new/")
    link = open_account(
        admin,
        username="c_editor",
        full_name="Nguyễn Văn C",
        rank="Đại úy",
        position="Phó Trưởng Công an xã",
        email_address="c.editor@example.test",
        area="Xã Hòa Bình",
        parent="Tỉnh Quảng Trị",
        query="hoa binh",
        role="editor",
    )
    editor = User.objects.get(username="c_editor")
    assert editor.unit == commune and editor.roles.get().role == "editor"

    # In Arabic, the editor sets a password with the link and signs in (no second factor).
    work = new_page(page, "ar")
    work.goto(f"{base}/accounts/login/")
    to_arabic(work)
    set_password(work, link)
    assert work.locator("html").get_attribute("dir") == "rtl"
    work.goto(f"{base}/accounts/login/")
    sign_in(work, "c_editor", PASSWORD)
    work.wait_for_url(f"{base}/")

    # A citizen reports through the portal; the tip is in the editor's inbox.
    fraud = category()
    citizen = new_page(page, "vi-VN")
    citizen.goto(f"{base}/report/")
    citizen.select_option("#id_category", str(fraud.pk))
    citizen.fill("#area-search", "hoa binh")
    citizen.click("#area-results [data-pick-area]")
    citizen.fill("#id_occurred_on", (timezone.localdate() - timedelta(days=2)).isoformat())
    citizen.fill("#id_summary", "Có người lạ gọi điện giả danh công an, đòi chuyển tiền gấp.")
    citizen.click("#report-form button[type=submit]")
    code = citizen.locator("#tip-code").inner_text()
    passphrase = citizen.locator("#passphrase").inner_text()
    work.goto(f"{base}/inbox/")
    assert code in work.locator("[data-inbox-kind=tips-new-from-portal]").inner_text()

    # The citizen answers through the follow-a-tip page; the reply is in the inbox, and opens.
    citizen.goto(f"{base}/report/follow/")
    citizen.fill("#id_code", code)
    citizen.fill("#id_passphrase", passphrase)
    citizen.click("#follow-form button[type=submit]")
    citizen.fill("#reply-form textarea", "Số điện thoại của kẻ gọi là 0999 888 777.")
    citizen.click("#reply-form button[type=submit]")
    citizen.wait_for_selector("[data-from-staff='0']")
    citizen.context.close()
    work.reload()
    work.click(f"[data-inbox-kind=tips-unread-replies] >> text={code}")
    work.wait_for_selector("text=0999 888 777")

    # A tip received 15 days ago falls due in 5: the worker's daily scan tells the editor by
    # e-mail (with the portal tip and the reply, sent by the same worker).
    old = make_tip(editor, commune, received_on=timezone.localdate() - timedelta(days=15))
    run_worker()
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    mails = mails_to(outboxes, "c.editor@example.test")
    assert f"Tin báo, tố giác {old.code} (Xã Hòa Bình) đến hạn ngày {due}." in "\n".join(mails)
    assert any(code in mail for mail in mails)  # the portal tip, and the reply
    work.context.close()

    # In Arabic, the province alerts the commune's fire-safety teams; the log shows each member.
    members = fire_safety_teams(editor, commune, village)
    to_arabic(admin)
    admin.goto(f"{base}/notifications/alerts/new/")
    assert "Tỉnh Quảng Trị" in admin.locator("#area-picked-area").inner_text()  # own unit
    pick_area(admin, "area", "hoa binh", "Xã Hòa Bình")
    admin.check(f"input[name=team_kinds][value={FIRE}]")
    admin.fill("#id_text_vi", "Kiểm tra bình chữa cháy trước Tết.")
    admin.fill("#id_text_ar", "افحصوا طفايات الحريق قبل رأس السنة.")
    admin.click("button[name=preview]")
    reach = admin.locator("#alert-reach")
    assert (reach.get_attribute("data-teams"), reach.get_attribute("data-members")) == ("2", "3")
    admin.click("button[name=send]")
    admin.wait_for_url("**/notifications/alerts/*/")
    sender = admin.locator("#alert-sender").inner_text()
    assert sender == "Thiếu tá Lê Văn Bình, Phó Trưởng Công an tỉnh"
    assert admin.locator("#delivery-log [data-status=queued]").count() == len(members)
    run_worker()
    admin.reload()
    log = admin.locator("#delivery-log")
    assert log.locator("[data-status=sent]").count() == len(members)
    for name in members:
        assert name in log.inner_text()
    admin.context.close()
