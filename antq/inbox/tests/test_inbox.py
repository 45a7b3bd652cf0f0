"""The inbox: each kind of work reaches the users who do it and nobody else, its count matches
its list, and the page, the badge, the home page and the API show it."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import F, Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from antq.areas.choices import AreaLevel
from antq.cameras.models import CameraSite
from antq.core.testing.factories import make_area, make_user
from antq.evaluations import windows
from antq.evaluations.choices import SubjectKind
from antq.evaluations.inbox import SUBJECT_LEVELS
from antq.evaluations.models import Assessment, Registration
from antq.evaluations.selectors import criteria_sets
from antq.honours.tests.helpers import nominate
from antq.inbox import selectors
from antq.inbox.registry import KINDS, first, kinds
from antq.inbox.tests.helpers import reads
from antq.reporting.periods import last_ended_month
from antq.tallies.services import tally_return, tally_submit
from antq.tallies.tests.helpers import make_tally
from antq.tips.models import Tip, TipMessage
from antq.tips.services.entry import tip_submit_public
from antq.tips.services.messages import tip_reporter_reply
from antq.tips.tests.helpers import category, make_tip

TODAY = timezone.localdate()


def _assessment(area, status, meets=None):
    kind = "residential"
    year = windows.year_of(kind, TODAY)
    w = windows.window(kind, year)
    return Assessment.objects.create(
        area=area,
        subject_kind=kind,
        year=year,
        criteria_set=criteria_sets().get(code="tt124-2021-residential"),
        status=status,
        meets_standard=meets,
        window_start=w.start,
        window_end=w.end,
    )


def _work(commune, village, editor, approver):
    """One record of every kind of work in `commune`, made by its editor (and a tally returned
    to it by the approver above)."""
    portal = tip_submit_public(area=commune, category=category(), summary="Trộm cắp xe máy.")
    replied = tip_submit_public(area=commune, category=category(), summary="Đánh bạc.")
    tip_reporter_reply(tip=replied, body="Tôi bổ sung: mỗi tối thứ bảy.")
    overdue = make_tip(editor, commune, received_on=TODAY - timedelta(days=30))
    falling = make_tip(editor, commune, received_on=TODAY - timedelta(days=17))
    earlier = (last_ended_month(TODAY) - timedelta(days=1)).replace(day=1)
    submitted = tally_submit(acting_user=editor, instance=make_tally(editor, commune, earlier))
    before = (earlier - timedelta(days=1)).replace(day=1)
    returned = tally_return(
        acting_user=approver,
        instance=tally_submit(acting_user=editor, instance=make_tally(editor, commune, before)),
        reason="Thiếu số vụ phạm pháp hình sự.",
    )
    commendation = nominate(editor, commune)
    camera = CameraSite.objects.create(
        area=commune,
        address=f"Nhà văn hóa {commune.code}",
        owner_type="household",
        heads=2,
        reconfirm_due_on=TODAY - timedelta(days=1),
    )
    draft = _assessment(village, "draft")
    assessed = _assessment(make_area(commune, name=f"Thôn 2 {commune.code}"), "assessed", True)
    registered = make_area(commune, name=f"Thôn 3 {commune.code}")
    Registration.objects.create(
        area=registered,
        subject_kind=SubjectKind.RESIDENTIAL,
        year=windows.year_of(SubjectKind.RESIDENTIAL, TODAY),
        registered_on=TODAY,
    )
    subjects = (commune, village, assessed.area)  # not `registered`: it has registered
    return {
        "tips-new-from-portal": {portal, replied},
        "tips-unread-replies": {replied},
        "tips-overdue": {overdue},
        "tips-falling-due": {falling},
        "tallies-to-submit": {commune},
        "tallies-to-approve": {submitted},
        "tallies-returned": {returned},
        "honours-commendations-awaiting-decision": {commendation},
        "cameras-reconfirmations-due": {camera},
        "evaluations-registrations-due": {
            subject
            for subject in subjects
            if windows.registration_deadline(windows.year_of(SUBJECT_LEVELS[subject.level], TODAY))
            >= TODAY
        },
        "evaluations-assessments-due": {draft},
        "evaluations-recognitions-awaiting": {assessed},
    }


@pytest.fixture(scope="module")
def work(_shared_tree, _shared_users, django_db_blocker):
    with django_db_blocker.unblock():
        tree, users = _shared_tree, _shared_users
        return {
            "a": _work(tree.a, tree.a1, users.a_editor, users.p_approver),
            "b": _work(tree.b, tree.b1, users.b_editor, users.p_approver),
        }


# who does each kind of work: the commune's own staff, or the approver above the commune
ABOVE = {
    "tallies-to-approve",
    "honours-commendations-awaiting-decision",
    "evaluations-recognitions-awaiting",
}


def _records(user, slug):
    rows = KINDS[slug].records(user, TODAY)
    if slug == "evaluations-registrations-due":  # rows naming areas and organisations
        from antq.evaluations.tests.test_inbox import subjects

        return subjects(rows)
    return set(rows)


def test_every_kind_is_declared(db):
    assert {kind.slug for kind in kinds()} == {
        "tips-new-from-portal",
        "tips-unread-replies",
        "tips-overdue",
        "tips-falling-due",
        "tallies-to-submit",
        "tallies-to-approve",
        "tallies-returned",
        "honours-commendations-awaiting-decision",
        "cameras-reconfirmations-due",
        "evaluations-registrations-due",
        "evaluations-assessments-due",
        "evaluations-recognitions-awaiting",
        "reports-awaiting-signoff",
    }


@pytest.mark.parametrize("slug", sorted(set(KINDS) - {"reports-awaiting-signoff"}))
def test_each_kind_reaches_its_users_and_nobody_else(work, users, slug):
    a, b = work["a"][slug], work["b"][slug]
    if slug in ABOVE:
        assert _records(users.p_approver, slug) == a | b
        assert not _records(users.a_editor, slug)
    else:
        assert _records(users.a_editor, slug) == a
        assert _records(users.b_editor, slug) == b  # commune B sees nothing of commune A
    assert not _records(users.a_viewer, slug)  # a viewer works on nothing
    assert not _records(users.nobody, slug)


def test_a_commune_approver_decides_only_below_the_commune(work, tree):
    from antq.tallies.tests.helpers import commune_approver

    approver = commune_approver(tree.a)
    assert not _records(approver, "tallies-to-approve")
    assert not _records(approver, "honours-commendations-awaiting-decision")
    # the commune is above its villages: it recognises them, and not those of commune B
    assert (
        _records(approver, "evaluations-recognitions-awaiting")
        == (work["a"]["evaluations-recognitions-awaiting"])
    )


def test_reports_await_the_sign_off_of_their_own_units_approvers(work, tree, users):
    from antq.reports.inbox import month_ended as report_month
    from antq.reports.models import FrozenReport
    from antq.tallies.tests.helpers import commune_approver

    slug = "reports-awaiting-signoff"
    approver = commune_approver(tree.a)
    assert _records(approver, slug) == {tree.a}
    assert _records(users.p_approver, slug) == {tree.p}  # its own report, not its communes'
    assert not _records(users.a_editor, slug) and not _records(users.b_editor, slug)
    first, last = report_month(TODAY)
    FrozenReport.objects.create(
        area=tree.a,
        date_from=first,
        date_to=last,
        figures={},
        signed_by=approver,
        signed_at=timezone.now(),
    )
    assert not _records(approver, slug)


def test_a_superuser_has_no_unit_of_their_own(work, tree):
    root = make_user(None, username="root", is_superuser=True)
    counts = selectors.counts(root, TODAY)
    assert counts["tallies-to-submit"] == counts["reports-awaiting-signoff"] == 0
    assert counts["tallies-to-approve"] == 2


@pytest.mark.parametrize("who", ["a_editor", "b_editor", "p_approver", "a_viewer", "admin"])
def test_counts_match_the_lists(work, users, who):
    user = getattr(users, who)
    counts = selectors.counts(user, TODAY)
    for section in selectors.inbox(user, TODAY, limit=1000):
        assert len(section.items) == section.count == counts[section.kind.slug]
    assert selectors.total(user, TODAY) == sum(counts.values())


@pytest.mark.pg
@pytest.mark.parametrize("who", ["a_editor", "b_editor", "p_approver", "admin"])
@pytest.mark.parametrize("limit", [1, 2, 1000])
def test_the_first_items_are_the_first_records(work, users, who, limit):
    """The first items are picked by key (a subquery the kinds' indexes answer), then read: the
    same records in the same order as the kind's records sliced, for every kind, so none from
    outside the user's own."""
    user = getattr(users, who)
    for kind in kinds():
        records = kind.records(user, TODAY)
        assert list(first(records, limit)) == list(records[:limit]), kind.slug
    for section in selectors.inbox(user, TODAY, limit=limit):
        records = section.kind.records(user, TODAY)[:limit]
        assert section.items == [section.kind.item(record) for record in records]


@pytest.mark.pg
@pytest.mark.parametrize(
    "order",
    [
        ("received_on", "id"),
        ("-received_on", "-id"),
        ("area__path", "-pk"),
        ("-id",),
        ("due_on", "id"),  # NULL while the clock is stopped: where each database puts it
        ("-due_on", "id"),
        ("area", "id"),  # a relation: ordered by its model's ordering
        (F("received_on").desc(nulls_last=True), "id"),
    ],
)
@pytest.mark.parametrize("apart", [False, True])
def test_the_first_keys_follow_the_order_however_they_are_read(work, users, order, apart):
    """Sorted out of the records as they are counted, read by a query of their own, or (an
    order not of plain columns) read apart whatever is asked: the same count, and the keys of
    the same first records as the queryset sliced."""
    records = Tip.objects.order_by(*order)
    found, keys, ordered = selectors._read_all({"tips": records}, 3, {"tips"} if apart else ())
    assert found == {"tips": records.count()} and found["tips"] > 3
    first = list(records.values_list("pk", flat=True)[:3])
    if selectors._sort_keys(records) is None:  # read apart, unordered
        assert not ordered and sorted(keys["tips"]) == sorted(first)
    else:
        assert ordered == {"tips"} and keys["tips"] == first


def test_only_orders_of_columns_are_sorted_out_of_the_counted_records(users):
    """The orders read with the count (_sort_keys) are plain columns, the key added last; every
    kind but a union is read so; the others are read apart."""
    assert selectors._sort_keys(Tip.objects.order_by("-received_on")) == [
        ("received_on", True),
        ("pk", False),
    ]
    assert selectors._sort_keys(Tip.objects.order_by("area__path", "id")) == [
        ("area__path", False),
        ("id", False),
    ]
    for order in (("area",), (F("due_on").desc(),), ("?",), ("urgent",), ("events__id",)):
        records = Tip.objects.annotate(urgent=Value(1)).order_by(*order)
        assert selectors._sort_keys(records) is None, order
    assert selectors._sort_keys(Tip.objects.order_by("id").reverse()) is None
    for kind in kinds():
        records = kind.records(users.p_approver, TODAY)
        if not records.query.combinator:
            assert selectors._sort_keys(records) is not None, kind.slug


def test_only_plain_records_in_the_area_scope_are_read_by_key_alone(db):
    """The first records read together by their keys are plain records of a model scoped by its
    area (whatever a kind adds of its own is read by the kind's queryset)."""
    from antq.tips.models import IdentityReveal

    assert selectors._read_as_records(Tip.objects.select_related("area"))
    for records in (
        Tip.objects.annotate(urgent=Value(1)),
        Tip.objects.only("code"),
        Tip.objects.prefetch_related("events"),
        Tip.objects.values(),
        IdentityReveal.objects.all(),  # scoped by its own rule
    ):
        assert not selectors._read_as_records(records), records.query


def test_opening_a_tip_reads_the_reply(work, users, client):
    replied = next(iter(work["a"]["tips-unread-replies"]))
    client.force_login(users.a_viewer)
    client.get(replied.get_absolute_url())  # a viewer, who does not work on it, leaves it waiting
    assert _records(users.a_editor, "tips-unread-replies") == {replied}
    client.force_login(users.a_editor)
    assert client.get(replied.get_absolute_url()).status_code == 200
    assert not _records(users.a_editor, "tips-unread-replies")
    message = TipMessage.objects.get(tip=replied, from_staff=False)
    assert message.read_by == users.a_editor and message.read_at is not None
    # the next reply waits again
    tip_reporter_reply(tip=replied, body="Thêm một chi tiết.")
    assert _records(users.a_editor, "tips-unread-replies") == {replied}


def test_reading_the_thread_through_the_api_reads_the_reply(work, users, api_client):
    replied = next(iter(work["b"]["tips-unread-replies"]))
    url = f"/api/v1/tips/{replied.pk}/messages"
    api_client.as_user(users.b_editor).get(url)
    assert not _records(users.b_editor, "tips-unread-replies")
    (reply,) = [m for m in api_client.get(url).json() if not m["from_staff"]]
    assert reply["read_at"] is not None


@pytest.mark.parametrize(
    ("language", "heading", "label"),
    [
        ("vi", "Việc cần làm", "Tin báo quá hạn"),
        ("ar", "صندوق الأعمال", "البلاغات المتأخرة"),
    ],
)
def test_page_badge_and_home(work, users, client, language, heading, label):
    client.force_login(users.a_editor)
    page = client.get("/inbox/", HTTP_ACCEPT_LANGUAGE=language)
    text = page.content.decode()
    assert page.status_code == 200
    assert heading in text and label in text
    overdue = next(iter(work["a"]["tips-overdue"]))
    assert overdue.get_absolute_url() in text
    assert next(iter(work["b"]["tips-overdue"])).code not in text
    assert 'hx-get="/inbox/badge/"' in text
    total = selectors.total(users.a_editor, TODAY)
    badge = client.get("/inbox/badge/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"data-inbox-badge>{total}<" in badge
    home = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'id="inbox-summary"' in home and overdue.get_absolute_url() in home
    assert heading in home


def test_an_empty_inbox_says_so(work, users, client):
    client.force_login(users.nobody)
    text = client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nothing awaits you." in text
    assert "data-inbox-badge" not in client.get("/inbox/badge/").content.decode()


def test_api(work, users, api_client):
    body = api_client.as_user(users.b_editor).get("/api/v1/inbox").json()
    sections = {section["kind"]: section for section in body["sections"]}
    assert set(sections) == set(KINDS)
    assert body["total"] == sum(section["count"] for section in sections.values())
    overdue = sections["tips-overdue"]
    (tip,) = work["b"]["tips-overdue"]
    assert overdue["count"] == 1 and overdue["items"][0]["url"] == tip.get_absolute_url()
    assert overdue["list_url"] == "/tips/?overdue=true"
    assert sections["tallies-to-approve"]["count"] == 0
    codes = {item["title"] for section in sections.values() for item in section["items"]}
    assert not codes & {t.code for t in work["a"]["tips-new-from-portal"]}


def test_the_badge_is_empty_once_signed_out(db, client):
    assert client.get("/inbox/badge/").status_code == 204


def test_the_api_needs_a_token(db, client):
    assert client.get("/api/v1/inbox").status_code == 401


def test_the_api_is_documented(db, client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/inbox" in spec["paths"]


def _queries(user):
    user.__dict__.pop("_antq_inbox", None)
    user.__dict__.pop("_antq_jurisdiction", None)
    with CaptureQueriesContext(connection) as ctx:
        selectors.inbox(user, TODAY)
    return len(reads(ctx.captured_queries))


def test_queries_do_not_grow_with_the_units(work, tree, users):
    before = _queries(users.p_approver)
    for n in range(4):
        commune = make_area(tree.p, level=AreaLevel.COMMUNE, name=f"Xã Mới {n}", code=f"2000{n}")
        village = make_area(commune, name="Thôn 1", code="T01")
        _work(
            commune, village, make_user(commune, "editor", username=f"editor_{n}"), users.p_approver
        )
    assert _queries(users.p_approver) == before
    assert selectors.counts(users.p_approver, TODAY)["tallies-to-approve"] == 6


def test_the_badge_and_the_page_count_once_per_request(work, users, django_assert_num_queries):
    user = users.a_editor
    user.__dict__.pop("_antq_inbox", None)
    selectors.total(user, TODAY)
    with django_assert_num_queries(0):
        selectors.counts(user, TODAY)
        selectors.total(user, TODAY)


def test_the_past_is_decided_from_above_within_the_province_only(work, tree, users):
    """A tally filed under a former commune that became A awaits the province, not A's own
    approver (it is A's level); one filed under a former commune of province Q never reaches P."""
    from antq.core.scoping import forget_jurisdiction
    from antq.core.testing.factories import make_former_tree
    from antq.tallies.tests.helpers import commune_approver, raw_tally

    past = make_former_tree(tree)
    forget_jurisdiction(users.p_approver)  # its reach was read before these successions existed
    mine = raw_tally(past.fa0, date(2020, 6, 1), status="submitted")
    theirs = raw_tally(past.fq, date(2024, 6, 1), status="submitted")
    province = _records(users.p_approver, "tallies-to-approve")
    assert mine in province and theirs not in province
    assert mine not in _records(commune_approver(tree.a), "tallies-to-approve")
    assert theirs in _records(
        make_user(tree.q, "approver", username="q_approver"), "tallies-to-approve"
    )


def test_the_page_links_to_the_rest(work, users, client, monkeypatch):
    monkeypatch.setattr(selectors, "FIRST_ITEMS", 1)
    client.force_login(users.p_approver)
    text = client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<a href="/tallies/approve/">See all: 1 more</a>' in text


@pytest.mark.parametrize("who", ["a_editor", "b_editor", "p_approver", "admin", "nobody"])
def test_the_one_statement_counts_each_kind_as_its_own_count(work, users, who):
    """The counts of every kind read in one statement are each kind's records counted alone,
    for a commune's editor, a province's approver and the national administrator."""
    user = getattr(users, who)
    user.__dict__.pop("_antq_inbox", None)
    alone = {kind.slug: kind.records(user, TODAY).count() for kind in kinds()}
    assert selectors.counts(user, TODAY) == alone
    user.__dict__.pop("_antq_inbox", None)  # counted again with the first keys
    sections = selectors.inbox(user, TODAY)
    assert {section.kind.slug: section.count for section in sections} == {
        slug: n for slug, n in alone.items() if n
    }
    if who != "nobody":
        assert any(alone.values())


@pytest.mark.pg
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_the_inbox_reads_without_parallel_workers_or_jit_and_puts_the_settings_back(
    work, users, monkeypatch
):
    """Each kind's records are read with max_parallel_workers_per_gather 0 and jit off (the
    inbox's small index scans), and the transaction around the inbox (a test's, a request's)
    has its own settings back afterwards."""
    import dataclasses

    def settings():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('max_parallel_workers_per_gather'), current_setting('jit')"
            )
            return cursor.fetchone()

    seen = []
    kind = KINDS["tips-overdue"]

    def records(user, today):
        seen.append(settings())
        return kind.records(user, today)

    monkeypatch.setitem(KINDS, kind.slug, dataclasses.replace(kind, records=records))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 3")
        cursor.execute("SET LOCAL jit = on")
    user = users.p_approver
    user.__dict__.pop("_antq_inbox", None)
    sections = selectors.inbox(user, TODAY)
    assert seen == [("0", "off")]
    assert settings() == ("3", "on")
    assert sum(section.count for section in sections) == selectors.total(user, TODAY) > 0
