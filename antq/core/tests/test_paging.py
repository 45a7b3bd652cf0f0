"""The record lists' paging (core/paging.py): pages by number, then by cursor, in every order the
table offers, each record exactly once; counts exact or estimated; the village's commune."""

from datetime import date
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django_tables2 import RequestConfig

from antq.areas.selectors import with_commune
from antq.cameras.models import CameraSite
from antq.cameras.tables import CameraSiteTable
from antq.core import paging
from antq.core.paging import ListCount


@pytest.fixture
def sites(tree):
    """Eleven sites in commune A and its village, with ties and empty dates."""
    made = []
    for i in range(11):
        made.append(
            CameraSite.objects.create(
                area=tree.a1 if i % 3 else tree.a,
                address=f"Nhà {i % 4}",
                owner_type="household",
                heads=1 + i % 3,
                reconfirm_due_on=date(2027, 1, 1 + i % 5) if i % 4 else None,
            )
        )
    return made


def _page(query, per_page=3):
    request = RequestFactory().get("/cameras/sites/", query)
    table = CameraSiteTable(with_commune(CameraSite.objects.select_related("area")))
    RequestConfig(request, paginate=False).configure(table)
    page = paging.paginate(request, table, per_page=per_page)
    return page, [row.record for row in page.object_list]


def _walk(query, per_page=3):
    """Every page from the first by its "next" links: the records and the page numbers."""
    seen, numbers, links = [], [], []
    page, records = _page(query, per_page)
    while True:
        seen += records
        numbers.append(page.number)
        if not page.next_url:
            return seen, numbers, links, page
        links.append(page.next_url)
        page, records = _page(dict(parse_qsl(urlsplit(page.next_url).query)), per_page)


@pytest.fixture
def estimated(monkeypatch):
    """Counts as if the list were large (estimated), and cursors after the second page."""
    monkeypatch.setattr(paging, "OFFSET_PAGES", 2)
    monkeypatch.setattr(paging, "count_records", lambda qs, estimate=None: ListCount(10**6, True))


@pytest.mark.parametrize(
    "sort", ["", "address", "-address", "heads", "-reconfirm_due_on", "reconfirm_due_on", "area"]
)
def test_next_links_walk_every_record_once_in_the_tables_order(sites, estimated, sort):
    query = {"sort": sort} if sort else {}
    seen, numbers, links, last = _walk(query)
    _page_all, everything = _page(query, per_page=100)
    assert [s.pk for s in seen] == [s.pk for s in everything]
    assert len(everything) == len(sites)
    assert numbers == list(range(1, 5))
    # to the second page by number; beyond it (the numbered pages) by cursor
    assert ["page_after=" in link for link in links] == [False, True, True]
    # and "previous" walks back through the same pages
    back, page = [], last
    while page.previous_url:
        page, records = _page(dict(parse_qsl(urlsplit(page.previous_url).query)))
        back = records + back
    assert [s.pk for s in back] == [s.pk for s in everything[: len(back)]]
    assert len(back) == 9


def test_deep_pages_are_reached_by_cursor_not_by_number(sites, estimated):
    page, _records = _page({"page": 2})
    assert {name for name, _value in parse_qsl(urlsplit(page.next_url).query)} == {"page_after"}
    # a page number beyond the numbered pages is the last numbered page
    assert _page({"page": 40})[0].number == 2
    # a cursor that was tampered with or made for another order is the first page
    assert _page({"page_after": "nonsense"})[0].number == 1
    cursor = dict(parse_qsl(urlsplit(page.next_url).query))
    assert _page(cursor | {"sort": "address"})[0].number == 1


def test_a_cursor_page_costs_the_same_queries_as_the_first(sites, estimated):
    page, _records = _page({"page": 2})
    cursor = dict(parse_qsl(urlsplit(page.next_url).query))
    with CaptureQueriesContext(connection) as first:
        _page({})
    with CaptureQueriesContext(connection) as deep:
        _page(cursor)
    assert len(deep) <= len(first) + 1  # the count, which a first page that holds all skips


def test_the_count_is_exact_when_small_and_free_when_the_page_holds_the_end(sites):
    page, records = _page({}, per_page=50)
    assert (page.count, page.count_estimated, len(records)) == (11, False, 11)
    page, _records = _page({"page": 2}, per_page=5)
    assert (page.count, page.count_estimated) == (11, False)
    assert [label for label, _url, _current in page.links] == ["1", "2", "3"]
    assert str(ListCount(194_000, True)) != str(ListCount(194_000, False))


def test_a_villages_record_names_its_commune(sites, tree):
    page, records = _page({}, per_page=50)
    village = next(r for r in records if r.area_id == tree.a1.pk)
    assert village.area_commune_name == tree.a.name
    assert village.area_commune_code == tree.a.code
    commune = next(r for r in records if r.area_id == tree.a.pk)
    assert commune.area_commune_name is None
    html = page.rows_html
    assert f"{tree.a1.name} <span" in html and f"· {tree.a.name}" in html


@pytest.mark.pg
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate")
def test_postgresql_estimates_a_large_count(sites, monkeypatch):
    monkeypatch.setattr(paging, "ESTIMATE_ABOVE", 1)
    estimate = paging.planner_estimate(CameraSite.objects.all())
    assert estimate >= 1
    page, _records = _page({"page": 2})
    assert page.count_estimated
    assert str(page.list_count).startswith(str(ListCount(1, True))[: -len("1")])


def test_a_picked_village_names_its_commune(tree):
    from antq.core.templatetags.antq import area_label

    assert area_label(tree.a1) == f"{tree.a1.name} · {tree.a.name}"
    assert area_label(tree.a) == tree.a.name
