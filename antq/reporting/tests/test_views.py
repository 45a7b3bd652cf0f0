"""The approver's page, the obligations page and the dashboard's panel."""

import re

import pytest

from antq.core.testing.factories import make_area
from antq.reporting.models import Obligation
from antq.reporting.tests.helpers import at, tally

EN = {"Accept-Language": "en"}


def _states(html):
    return re.findall(r'data-state="(\w+)"', html)


@pytest.mark.parametrize("lang", ["vi", "ar"])
def test_the_approver_sees_who_has_not_reported_first(client, tree, users, lang):
    tally(tree.b, status="approved", submitted_at=at(2024, 4, 2, 9, 0))
    client.force_login(users.p_approver)
    client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    page = client.get("/reporting/completeness/", {"area": tree.p.pk, "month": "2024-03"})
    html = page.content.decode()
    assert page.status_code == 200
    assert _states(html) == ["missing", "approved"]
    assert f'href="/areas/{tree.a.pk}/"' in html  # the missing unit links to the unit
    assert f'href="/tallies/{tally_pk(tree.b)}/"' in html  # the reported one to its tally
    assert 'data-count="expected">2<' in html and 'data-count="missing">1<' in html
    assert ('dir="rtl"' in html) == (lang == "ar")
    assert "style=" not in html.split("<body", 1)[1]
    missing_only = client.get(
        "/reporting/completeness/", {"area": tree.p.pk, "month": "2024-03", "state": "missing"}
    )
    assert _states(missing_only.content.decode()) == ["missing"]


def tally_pk(area):
    return area.tallies_monthlytally_set.get().pk


def test_outside_the_jurisdiction_is_not_found_and_bad_input_is_named(client, tree, users):
    client.force_login(users.p_approver)
    assert client.get("/reporting/completeness/", {"area": tree.q.pk}).status_code == 404
    assert client.get("/reporting/completeness/", {"area": "x"}).status_code == 404
    bad = client.get(
        "/reporting/completeness/", {"area": tree.p.pk, "month": "2024-13"}, headers=EN
    )
    assert bad.status_code == 422 and "not a real month" in bad.content.decode()
    future = client.get(
        "/reporting/completeness/", {"area": tree.p.pk, "month": "9999-12"}, headers=EN
    )
    assert future.status_code == 422 and "has not begun yet" in future.content.decode()
    default = client.get("/reporting/completeness/").content.decode()  # the user's province
    assert 'id="counts"' in default and "Tỉnh Quảng Trị" in default


def test_an_administrator_keeps_the_obligations_in_the_page(client, tree, users):
    client.force_login(users.admin)
    page = client.get("/reporting/obligations/", headers=EN).content.decode()
    assert 'id="obligation-form"' in page and 'id="no-obligations"' in page
    form = {"area": tree.b.pk, "kind": "monthly_tally", "exempt": "on", "valid_from": "2024-03-01"}
    bad = client.post("/reporting/obligations/new/", form | {"valid_to": "2024-01-01"}, headers=EN)
    assert bad.status_code == 422 and "The end is before the start." in bad.content.decode()
    assert client.post("/reporting/obligations/new/", form).status_code == 302
    obligation = Obligation.objects.get()
    assert obligation.exempt and obligation.area == tree.b
    listed = client.get("/reporting/obligations/").content.decode()
    assert 'data-exempt="true"' in listed
    client.force_login(users.p_approver)  # may read, not write
    mine = client.get("/reporting/obligations/").content.decode()
    assert 'data-exempt="true"' in mine and 'id="obligation-form"' not in mine
    assert client.post(f"/reporting/obligations/{obligation.pk}/delete/").status_code == 403
    client.force_login(users.admin)
    assert client.post(f"/reporting/obligations/{obligation.pk}/delete/").status_code == 302
    assert not Obligation.objects.exists()


def test_the_dashboard_ranks_completeness_by_unit(client, tree, users):
    qc = make_area(tree.q, name="Xã Q")
    tally(tree.a, submitted_at=at(2024, 4, 1, 9, 0))
    tally(qc, submitted_at=at(2024, 4, 1, 9, 0))
    client.force_login(users.admin)
    html = client.get(
        "/dashboard/",
        {"area": tree.country.pk, "date_from": "2024-03-01", "date_to": "2024-03-31"},
        headers=EN,
    ).content.decode()
    panel = html.split('id="flag-completeness"', 1)[1]
    assert 'data-expected="3" data-received="2" data-on-time="2"' in panel
    order = re.findall(r'data-area="(\w+)" data-expected', panel)
    assert order == [tree.p.code, tree.q.code]  # the least complete first
    assert f"/reporting/completeness/?area={tree.p.pk}&amp;month=2024-03" in panel
