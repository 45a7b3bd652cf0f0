"""Periods that close (reports/locks.py): a back-dated write into a month closed by an approved
tally, a signed report or the entry's expiry is refused on every write path (form, API,
import); a lock exception reopens it, its writes are listed under the signed report's changes,
and an exception revoked or past its end opens nothing."""

import itertools
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from antq.activities.imports import ACTIVITY_IMPORT
from antq.activities.models import Activity
from antq.activities.services import activity_delete, activity_update
from antq.activities.tests.helpers import make_activity
from antq.activities.tests.test_import import HEADER as ACTIVITY_HEADER
from antq.core.imports import run_import
from antq.core.testing.factories import make_former_tree, make_user
from antq.core.testing.sheets import xlsx_bytes
from antq.movement.imports import MODEL_IMPORT
from antq.movement.models import MovementModel
from antq.movement.tests.helpers import category
from antq.movement.tests.test_import import HEADER as MODEL_HEADER
from antq.reports.locks import closed_periods
from antq.reports.models import ExceptionWrite, FrozenReport, LockException
from antq.reports.services import lock_exception_grant, lock_exception_revoke, report_freeze
from antq.tallies.tests.helpers import raw_tally
from antq.tips.services.workflow import tip_close_not_crime
from antq.tips.tests.helpers import make_tip

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.rollup]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

MARCH = date(2025, 3, 1)
DAY = date(2025, 3, 10)
CAUSES = {
    "tally": "March 2025 of Xã Hòa Bình was closed when its monthly tally was approved by",
    "report": "March 2025 of Xã Hòa Bình was closed by the signed report on",
    "expiry": "March 2025 of Xã Hòa Bình was closed: entry closes 30 days after the period ends, "
    "on Mar 31, 2025.",
}


def _close(cause, tree, users, settings):
    if cause == "tally":
        raw_tally(
            tree.a, MARCH, "approved", approved_by=users.p_approver, approved_at=timezone.now()
        )
    elif cause == "report":
        FrozenReport.objects.create(
            area=tree.p,
            date_from=date(2025, 1, 1),
            date_to=date(2025, 3, 31),
            figures={},
            signed_by=users.p_approver,
            signed_at=timezone.now(),
        )
    else:
        settings.ANTQ_ENTRY_EXPIRY_DAYS = 30


def _form(client, tree, kind, day):
    if kind == "activity":
        data = {"kind": "outreach", "title": "Tuyên truyền", "participants": "5"}
        url, field = "/activities/new/", "held_on"
    else:
        data = {"name": "Tổ tự quản", "category": category().pk, "recognition_level": "none"}
        url, field = "/movement/models/new/", "started_on"
    return client.post(url, {"area": tree.a.pk, field: day.isoformat(), **data}, **EN)


def _api(api, tree, kind, day):
    if kind == "activity":
        body = {"kind": "outreach", "title": "Tuyên truyền", "participants": 5, "held_on": day}
        url = "/api/v1/activities/"
    else:
        body = {"name": "Tổ tự quản", "category_id": category().pk, "started_on": day}
        url = "/api/v1/models/"
    return api.post(url, {"area_id": tree.a.pk, **body} | {k: str(v) for k, v in body.items()})


def _import(user, kind, day, commune="10001"):
    if kind == "activity":
        row = [commune, "", "outreach", "Tuyên truyền", day.isoformat(), 10, "", "", "", "", ""]
        spec, header = ACTIVITY_IMPORT, ACTIVITY_HEADER
    else:
        row = [commune, "", "Tổ tự quản", "security_cameras", day.strftime("%d/%m/%Y"), "active"]
        spec, header = MODEL_IMPORT, MODEL_HEADER
        row += [""] * (len(header) - len(row))
    data = xlsx_bytes(header, [row])
    with translation.override("en"):
        return run_import(spec, acting_user=user, data=data, filename="r.xlsx")


MODELS = {"activity": Activity, "model": MovementModel}
DATE_LABEL = {"activity": ("held_on", "held on"), "model": ("started_on", "started on")}


@pytest.mark.parametrize(
    ("cause", "kind", "path"),
    list(itertools.product(CAUSES, MODELS, ["form", "api", "import"])),
)
def test_a_back_dated_write_into_a_closed_month_is_refused(
    cause, kind, path, client, api_client, tree, users, settings
):
    _close(cause, tree, users, settings)
    field, label = DATE_LABEL[kind]
    if path == "form":
        client.force_login(users.a_editor)
        page = _form(client, tree, kind, DAY)
        assert page.status_code == 422
        assert CAUSES[cause] in page.content.decode()
    elif path == "api":
        response = _api(api_client.as_user(users.a_editor), tree, kind, DAY)
        assert response.status_code == 422, response.content
        [error] = response.json()["errors"]
        with translation.override("vi"):  # the API answers in the deployment's language
            [closure] = closed_periods([(tree.a, DAY)]).values()
            assert error == {"field": field, "reason": closure.refusal()}
    else:
        outcome = _import(users.a_editor, kind, DAY)
        assert [(e.row, e.column) for e in outcome.errors] == [(2, label)]
        assert outcome.errors[0].message.startswith(CAUSES[cause])
    assert not MODELS[kind].objects.exists()
    # the month after is open: the same write lands
    if path == "api" and cause != "expiry":
        assert (
            _api(api_client.as_user(users.a_editor), tree, kind, date(2025, 4, 2)).status_code
            == 201
        )


def test_a_change_or_deletion_touching_a_closed_month_is_refused(tree, users, settings):
    march = make_activity(users.a_editor, tree.a, held_on=DAY)
    april = make_activity(users.a_editor, tree.a, held_on=date(2025, 4, 5))
    _close("tally", tree, users, settings)
    with pytest.raises(ValidationError) as refused:
        activity_update(acting_user=users.a_editor, instance=april, held_on=DAY)
    assert refused.value.message_dict["held_on"][0].startswith(CAUSES["tally"])
    with pytest.raises(ValidationError):  # moved out of the closed month: its figures change too
        activity_update(acting_user=users.a_editor, instance=march, held_on=date(2025, 4, 1))
    with pytest.raises(ValidationError):
        activity_update(acting_user=users.a_editor, instance=march, participants=99)
    with pytest.raises(ValidationError):
        activity_delete(acting_user=users.a_editor, instance=march)
    # a field no figure counts may still be corrected
    march.refresh_from_db()
    activity_update(acting_user=users.a_editor, instance=march, title="Sửa tên")
    assert Activity.objects.filter(held_on=DAY).count() == 1


def test_one_check_for_many_rows(tree, users, django_assert_max_num_queries):
    _close("tally", tree, users, None)
    pairs = [(tree.a1, MARCH + timedelta(days=n)) for n in range(25)] + [(tree.b, DAY)]
    with django_assert_max_num_queries(3):
        closed = closed_periods(pairs)
    assert len(closed) == 25 and (tree.b.path, DAY) not in closed


def test_an_exception_reopens_the_month_and_its_writes_are_listed(client, api_client, tree, users):
    users.p_approver.full_name, users.p_approver.rank = "Hoàng Văn Phúc", "Trung tá"
    users.p_approver.save()
    signed = report_freeze(
        acting_user=users.p_approver, area=tree.p, date_from=MARCH, date_to=date(2025, 3, 31)
    )
    approver = api_client.as_user(users.p_approver)
    until = timezone.localdate() + timedelta(days=7)
    granted = approver.post(
        "/api/v1/lock-exceptions/",
        {"area_id": tree.a.pk, "month": "2025-03-05", "ends_on": str(until), "reason": "Sót số"},
    )
    assert granted.status_code == 201, granted.content
    assert granted.json()["month"] == "2025-03-01"
    written = _api(api_client.as_user(users.a_editor), tree, "activity", DAY)
    assert written.status_code == 201, written.content
    # the unit next door stays closed
    assert _import(users.b_editor, "activity", DAY, commune="10002").errors[0].column == "held on"
    [logged] = ExceptionWrite.objects.all()
    assert (logged.kind, logged.dated, logged.by) == ("created", DAY, users.a_editor)
    client.force_login(users.p_approver)
    page = client.get(f"/dashboard/reports/signed/{signed.pk}/", **EN).content.decode()
    section = page.split('id="exception-writes"')[1]
    assert "under exception" in section and "Tuyên truyền" in section
    exception = LockException.objects.get()
    detail = client.get(exception.get_absolute_url(), **EN).content.decode()
    assert "Sót số" in detail and "Tuyên truyền" in detail
    revoked = api_client.as_user(users.p_approver).post(
        f"/api/v1/lock-exceptions/{exception.pk}/revoke", {"reason": "Đã sửa xong"}
    )
    assert revoked.status_code == 200 and revoked.json()["writes"] == 1
    approver_named = "Trung tá Hoàng Văn Phúc"
    assert (revoked.json()["granted_by"], revoked.json()["granted_by_name"]) == (
        "p_approver",
        approver_named,
    )
    assert revoked.json()["revoked_by_name"] == approver_named
    assert _api(api_client.as_user(users.a_editor), tree, "activity", DAY).status_code == 422
    history = (
        api_client.as_user(users.p_approver)
        .get(f"/api/v1/lock-exceptions/{exception.pk}/history")
        .json()
    )
    assert [h["kind"] for h in history] == ["~", "+"]


def test_an_exception_past_its_end_opens_nothing(tree, users, settings):
    _close("expiry", tree, users, settings)
    LockException.objects.create(
        area=tree.a,
        month=MARCH,
        reason="Hết hạn",
        ends_on=timezone.localdate() - timedelta(days=1),
        granted_by=users.p_approver,
    )
    assert _import(users.a_editor, "model", DAY).errors[0].column == "started on"
    with pytest.raises(ValidationError) as refused:
        lock_exception_grant(
            acting_user=users.p_approver,
            area=tree.a,
            month=MARCH,
            reason="Hết hạn",
            ends_on=timezone.localdate() - timedelta(days=1),
        )
    assert "ends_on" in refused.value.message_dict


def test_a_commune_does_not_reopen_its_own_month(client, api_client, tree, users):
    own = make_user(tree.a, "approver", username="a_approver")
    until = timezone.localdate() + timedelta(days=7)
    with pytest.raises(PermissionDenied):
        lock_exception_grant(
            acting_user=own, area=tree.a, month=MARCH, reason="Tự mở", ends_on=until
        )
    body = {"area_id": tree.a.pk, "month": "2025-03-01", "ends_on": str(until), "reason": "x"}
    assert api_client.as_user(own).post("/api/v1/lock-exceptions/", body).status_code == 403
    client.force_login(own)
    page = client.post(
        "/dashboard/locks/exceptions/new/",
        {"area": tree.a.pk, "month": "2025-03", "ends_on": until.isoformat(), "reason": "x"},
        **EN,
    )
    assert page.status_code == 403 and not LockException.objects.exists()


def test_exceptions_outside_the_jurisdiction_do_not_exist(client, api_client, tree, users):
    until = timezone.localdate() + timedelta(days=7)
    exception = lock_exception_grant(
        acting_user=users.p_approver, area=tree.a, month=MARCH, reason="Sót", ends_on=until
    )
    other = api_client.as_user(users.b_editor)
    assert other.get(f"/api/v1/lock-exceptions/{exception.pk}").status_code == 404
    assert (
        other.post(f"/api/v1/lock-exceptions/{exception.pk}/revoke", {"reason": "x"}).status_code
        == 404
    )
    assert other.get("/api/v1/lock-exceptions/").json()["count"] == 0
    body = {"area_id": tree.q.pk, "month": "2025-03-01", "ends_on": str(until), "reason": "x"}
    refused = api_client.as_user(users.p_approver).post("/api/v1/lock-exceptions/", body)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "area_id"
    client.force_login(users.b_editor)
    assert client.get(exception.get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):
        lock_exception_revoke(acting_user=users.a_editor, instance=exception, reason="x")
    client.force_login(users.p_approver)
    listed = client.get("/dashboard/locks/exceptions/", **EN).content.decode()
    assert exception.get_absolute_url() in listed
    assert 'name="reason"' in client.get("/dashboard/locks/exceptions/new/", **EN).content.decode()
    revoked = client.post(f"{exception.get_absolute_url()}revoke/", {"reason": "Xong"}, **EN)
    assert revoked.status_code == 302
    page = client.get(exception.get_absolute_url(), **EN).content.decode()
    assert "Revoked" in page and "Xong" in page


def test_a_tips_outcome_in_a_closed_month_is_refused(tree, users, settings):
    tip = make_tip(users.a_editor, tree.a, received_on=date(2025, 3, 5))
    _close("tally", tree, users, settings)
    with pytest.raises(ValidationError) as refused:
        tip_close_not_crime(
            acting_user=users.a_editor, tip=tip, reason="Tranh chấp dân sự", on=date(2025, 4, 1)
        )
    assert refused.value.message_dict["received_on"][0].startswith(CAUSES["tally"])
    tip.refresh_from_db()
    assert tip.status == "received"


# The periods follow the deployment's reporting period (reporting/periods.py): with the cut-off
# of Decree 09/2019/NĐ-CP art. 12, March's tally answers for 15 February – 14 March.
FEB_20, MAR_10, MAR_20 = date(2025, 2, 20), date(2025, 3, 10), date(2025, 3, 20)
CLOSED_BY_MARCH = {"calendar": {MAR_10, MAR_20}, "cutoff15": {FEB_20, MAR_10}}


@pytest.mark.parametrize("scheme", ["calendar", "cutoff15"])
def test_an_approved_tally_closes_its_reporting_period(scheme, tree, users, settings):
    settings.ANTQ_REPORT_PERIOD = scheme
    _close("tally", tree, users, settings)
    closed = closed_periods([(tree.a, day) for day in (FEB_20, MAR_10, MAR_20)])
    assert {day for _path, day in closed} == CLOSED_BY_MARCH[scheme]
    assert {c.month for c in closed.values()} == {MARCH}
    outside = (FEB_20 if scheme == "calendar" else MAR_20).isoformat()
    inside = (MAR_20 if scheme == "calendar" else FEB_20).isoformat()
    assert make_activity(users.a_editor, tree.a, held_on=date.fromisoformat(outside)).pk
    with pytest.raises(ValidationError) as refused:
        make_activity(users.a_editor, tree.a, held_on=date.fromisoformat(inside))
    message = refused.value.message_dict["held_on"][0]
    if scheme == "cutoff15":  # the message names the span the period runs over
        assert message.startswith("March 2025 (Feb 15, 2025 – Mar 14, 2025) of Xã Hòa Bình")
    else:
        assert message.startswith(CAUSES["tally"])


@pytest.mark.parametrize("scheme", ["calendar", "cutoff15"])
def test_an_exception_reopens_the_reporting_period_of_its_month(scheme, tree, users, settings):
    settings.ANTQ_REPORT_PERIOD = scheme
    FrozenReport.objects.create(
        area=tree.p,
        date_from=date(2025, 2, 1),
        date_to=date(2025, 3, 31),
        figures={},
        signed_by=users.p_approver,
        signed_at=timezone.now(),
    )
    exception = lock_exception_grant(
        acting_user=users.p_approver,
        area=tree.a,
        month=MARCH,
        reason="Sót số",
        ends_on=timezone.localdate() + timedelta(days=7),
    )
    closed = closed_periods([(tree.a, day) for day in (FEB_20, MAR_10, MAR_20)])
    assert {d for (_p, d), c in closed.items() if c.exception == exception} == (
        CLOSED_BY_MARCH[scheme]
    )
    assert all(c.cause == "report" for c in closed.values()) and len(closed) == 3
    reopened = FEB_20 if scheme == "cutoff15" else MAR_20
    written = make_activity(users.a_editor, tree.a, held_on=reopened)
    [logged] = ExceptionWrite.objects.all()
    assert (logged.object_id, logged.dated, logged.exception) == (
        str(written.pk),
        reopened,
        exception,
    )
    with pytest.raises(ValidationError):  # the period next to it stays closed
        make_activity(users.a_editor, tree.a, held_on=MAR_20 if scheme == "cutoff15" else FEB_20)


@pytest.mark.parametrize("scheme", ["calendar", "cutoff15"])
def test_entry_expires_after_the_reporting_periods_end(scheme, tree, users, settings):
    settings.ANTQ_REPORT_PERIOD = scheme
    settings.ANTQ_ENTRY_EXPIRY_DAYS = 30
    today = date(2025, 4, 20)  # 30 days after 14 March have passed, not after 31 March
    closed = closed_periods([(tree.a, MAR_10), (tree.a, MAR_20)], today=today)
    assert {day for _path, day in closed} == ({MAR_10} if scheme == "cutoff15" else set())
    if scheme == "cutoff15":  # the message names the period and the day it ended, not a month
        assert closed[tree.a.path, MAR_10].message() == (
            "March 2025 (Feb 15, 2025 – Mar 14, 2025) of Xã Hòa Bình was closed: entry closes "
            "30 days after the period ends, on Mar 14, 2025."
        )


@pytest.mark.parametrize(
    ("scheme", "named"),
    [("calendar", "March 2025"), ("cutoff15", "March 2025 (Feb 15, 2025 – Mar 14, 2025)")],
)
def test_an_exception_names_its_period(scheme, named, client, tree, users, settings):
    settings.ANTQ_REPORT_PERIOD = scheme
    exception = lock_exception_grant(
        acting_user=users.p_approver,
        area=tree.a,
        month=MARCH,
        reason="Sót số",
        ends_on=timezone.localdate() + timedelta(days=7),
    )
    assert str(exception) == f"Xã Hòa Bình, {named}"
    client.force_login(users.p_approver)
    for url in ("/dashboard/locks/exceptions/", exception.get_absolute_url()):
        assert named in client.get(url, **EN).content.decode()


def test_an_exception_may_be_granted_once_its_period_has_begun(tree, users, settings, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 12, 20))
    january = date(2027, 1, 1)  # with the cut-off, its period began on 15 December
    grant = {"acting_user": users.p_approver, "area": tree.a, "reason": "Sót"}
    settings.ANTQ_REPORT_PERIOD = "calendar"
    with pytest.raises(ValidationError) as refused:
        lock_exception_grant(**grant, month=january, ends_on=date(2026, 12, 31))
    assert "month" in refused.value.message_dict
    settings.ANTQ_REPORT_PERIOD = "cutoff15"
    assert lock_exception_grant(**grant, month=january, ends_on=date(2026, 12, 31)).pk


def _signed(area, user, boundaries):
    return FrozenReport.objects.create(
        area=area,
        date_from=date(2025, 1, 1),
        date_to=date(2025, 3, 31),
        boundaries=boundaries,
        figures={},
        signed_by=user,
        signed_at=timezone.now(),
    )


def test_a_report_on_todays_boundaries_closes_the_former_units_it_counts(api_client, tree, users):
    """The report signed on today's province with today's boundaries counts the records of the
    former communes that became its communes (FA → A, FA0 → FA → A, FD divided into B): writes
    dated into its period there are refused. One filed as they were counts only the province's
    own subtree, and closes no former commune."""
    old = make_former_tree(tree)
    _signed(tree.p, users.p_approver, "filed")
    assert make_activity(users.a_editor, old.fa, held_on=DAY).pk  # filed: FA stays open
    _signed(tree.p, users.p_approver, "today")
    with pytest.raises(ValidationError) as refused:
        make_activity(users.a_editor, old.fa, held_on=DAY)
    assert refused.value.message_dict["held_on"][0].startswith(
        "March 2025 of Xã Cũ A was closed by the signed report on Tỉnh Quảng Trị"
    )
    closed = closed_periods([(old.fa0, date(2020, 3, 1)), (old.fd, DAY), (old.fq, DAY)])
    assert set(closed) == {(old.fd.path, DAY)}  # FA0 ended before the period; FQ went to Q
    body = {"area_id": old.fa.pk, "kind": "outreach", "title": "T", "participants": 5}
    written = api_client.as_user(users.a_editor).post(
        "/api/v1/activities/", body | {"held_on": str(DAY)}
    )
    assert written.status_code == 422 and written.json()["errors"][0]["field"] == "held_on"
    assert make_activity(users.a_editor, old.fa, held_on=date(2025, 4, 2)).pk  # after it


def test_an_exception_on_todays_unit_reopens_its_former_units(tree, users):
    from antq.reports.selectors import exception_writes

    old = make_former_tree(tree)
    signed = _signed(tree.p, users.p_approver, "today")
    filed = _signed(tree.p, users.p_approver, "filed")
    exception = lock_exception_grant(
        acting_user=users.p_approver,
        area=tree.a,
        month=MARCH,
        reason="Sót số của xã cũ",
        ends_on=timezone.localdate() + timedelta(days=7),
    )
    written = make_activity(users.a_editor, old.fa, held_on=DAY)
    [logged] = ExceptionWrite.objects.all()
    assert (logged.exception, logged.object_id, logged.area) == (
        exception,
        str(written.pk),
        old.fa,
    )
    # the report on today's boundaries lists it under its changes; the one as filed does not
    assert list(exception_writes(signed)) == [logged]
    assert list(exception_writes(filed)) == []
    with pytest.raises(ValidationError):  # B's former commune is not A's
        make_activity(users.b_editor, old.fd, held_on=DAY)


def test_nothing_closed_costs_one_statement(tree, users, django_assert_num_queries):
    _signed(tree.p, users.p_approver, "today")  # a report on another period
    FrozenReport.objects.filter(area=tree.p).update(
        date_from=date(2024, 1, 1), date_to=date(2024, 3, 31)
    )
    raw_tally(tree.b, MARCH, "approved", approved_by=users.p_approver)  # another commune
    with django_assert_num_queries(1):
        assert closed_periods([(tree.a1, DAY), (tree.a, date(2025, 4, 1))]) == {}


def test_an_import_asks_once_and_logs_its_writes_under_an_exception(tree, users, monkeypatch):
    """The import's chunk is checked once: its bulk service's check takes the answer the chunk
    was given (core/locks.py), and still logs the rows written under the exception."""
    from antq.core import locks

    _signed(tree.p, users.p_approver, "filed")
    lock_exception_grant(
        acting_user=users.p_approver,
        area=tree.a,
        month=MARCH,
        reason="Sót số",
        ends_on=timezone.localdate() + timedelta(days=7),
    )
    asked = []

    def counting(rule):
        def ask(records, **kwargs):
            asked.append(len(records))
            return rule(records, **kwargs)

        return ask

    monkeypatch.setattr(locks, "_RULES", [counting(rule) for rule in locks._RULES])
    outcome = _import(users.a_editor, "activity", DAY)
    assert outcome.ok, outcome.errors
    assert asked == [1]
    [logged] = ExceptionWrite.objects.all()
    assert (logged.kind, logged.dated, logged.by) == ("created", DAY, users.a_editor)


def test_a_record_changed_after_its_check_is_asked_again(tree, users):
    """An answer holds for the record as it was checked, by the user it was checked for."""
    from antq.core import locks

    _close("tally", tree, users, None)
    record = Activity(area=tree.a, kind="outreach", title="T", held_on=date(2025, 2, 10))
    refused, _after = locks.refusals([record], acting_user=users.a_editor)
    assert refused == {}
    locks.check([record], acting_user=users.a_editor)  # the answer given
    record.held_on = DAY  # into the closed month
    with pytest.raises(ValidationError):
        locks.check([record], acting_user=users.a_editor)


def test_the_days_of_new_records_are_read_as_each_record_s_own(tree):
    """A chunk of new records (an import's) is read in one loop: the same (field, unit, day)
    as `_touched` gives each record, those without a unit or a day left out."""
    from antq.movement.models import Team, TeamMember
    from antq.reports.locks import _touched, _touched_new, dated
    from antq.tips.models import Tip

    team = Team(area=tree.a, name="Tổ 1", kind="security_self_governing")
    chunks = [
        [
            Activity(area=tree.a, kind="outreach", held_on=date(2021, 5, 1)),
            Activity(area=None, kind="outreach", held_on=date(2021, 5, 2)),
            Activity(area=tree.b, kind="outreach", held_on=None),
        ],
        [
            TeamMember(team=team, full_name="An", joined_on=date(2020, 1, 1)),
            TeamMember(full_name="Bình", joined_on=date(2020, 1, 2)),
            TeamMember(team=team, full_name="Chi", left_on=date(2020, 3, 1)),
        ],
        [Tip(area=tree.a, received_on=date(2021, 5, 1)), Tip(received_on=date(2021, 5, 1))],
    ]
    for records in chunks:
        how = dated(type(records[0]))
        expected = [(i, t) for i, r in enumerate(records) for t in _touched(r, how, None, False)]
        assert expected  # the case reads some days
        assert _touched_new(records, how) == expected
