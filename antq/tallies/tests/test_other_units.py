"""Tallies of units other than communes: a unit that a reporting obligation adds for a month (a
district before July 2025) files its tally through the form, the API and the import, is counted
by completeness, is approved by the level above it, and its own figures are added once to its
province's, which the report says."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from antq.areas.choices import AreaLevel
from antq.core.imports import run_import
from antq.core.testing.factories import REFORM_EVE, make_area, make_user
from antq.core.testing.sheets import xlsx_bytes
from antq.reporting import selectors as reporting
from antq.reporting.models import Obligation
from antq.reporting.tests.helpers import at
from antq.reports.figures import collect_figures
from antq.reports.writing import build_report
from antq.tallies.imports import TALLY_IMPORT
from antq.tallies.models import MonthlyTally
from antq.tallies.services import tally_approve, tally_create, tally_submit
from antq.tallies.tests.helpers import make_tally, raw_tally
from antq.tallies.tests.test_views import _form

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.pg, pytest.mark.rollup]
EN = {"Accept-Language": "en"}
MARCH = date(2024, 3, 1)


@pytest.fixture
def district(tree):
    """A district of province P until the reform, which the province adds to the reporting
    obligations from 2024, with a commune of its own."""
    unit = make_area(
        tree.p, level=AreaLevel.DISTRICT, name="Huyện Cũ", code="451", valid_to=REFORM_EVE
    )
    Obligation.objects.create(area=unit, valid_from=date(2024, 1, 1), reason="Công an huyện")
    unit.commune = make_area(unit, name="Xã Dưới Huyện", code="19009", valid_to=REFORM_EVE)
    unit.editor = make_user(unit, "editor", username="d_editor")
    return unit


def test_an_obligated_unit_files_its_tally_on_every_write_path(
    client, api_client, tree, users, district
):
    assert make_tally(district.editor, district, MARCH).area == district
    with pytest.raises(ValidationError) as refused:  # before the obligation
        make_tally(district.editor, district, date(2023, 12, 1))
    assert refused.value.message_dict["area"] == [
        "Tallies are kept by communes, wards and special zones, and by the units a reporting "
        "obligation adds for the month: Huyện Cũ has none for 2023-12."
    ]
    other = make_area(tree.p, level=AreaLevel.DISTRICT, name="Huyện Khác", code="452")
    with pytest.raises(ValidationError):
        tally_create(acting_user=users.p_approver, area=other, month=MARCH)
    client.force_login(district.editor)
    # the inbox's link to the form, and the area picker's search, offer it
    page = client.get(f"/tallies/new/?area={district.pk}", headers=EN).content.decode()
    assert "<bdi>Huyện Cũ</bdi> · 451" in page
    found = client.get("/areas/", {"q": "451", "pick": "change", "for": "id_area"}, headers=EN)
    assert "Huyện Cũ" in found.content.decode()
    form = _form(tree, area=district.pk, month="2024-04")
    assert client.post("/tallies/new/", form, headers=EN).status_code == 302
    body = {"area_id": district.pk, "month": "2024-05", "criminal_cases_registered": 3}
    created = api_client.as_user(district.editor).post("/api/v1/tallies/", body)
    assert created.status_code == 201, created.content
    refused = api_client.as_user(users.p_approver).post(
        "/api/v1/tallies/", body | {"area_id": other.pk}
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "area_id"
    header = ["unit code", "month", "criminal cases registered"]
    outcome = run_import(
        TALLY_IMPORT,
        acting_user=users.p_approver,
        data=xlsx_bytes(header, [["451", "2024-06", 7], ["10001", "2024-06", 2]]),
        filename="t.xlsx",
    )
    assert outcome.created == 2, outcome.errors
    months = MonthlyTally.objects.filter(area=district).values_list("month", flat=True)
    assert sorted(m.month for m in months) == [3, 4, 5, 6]
    refused = run_import(
        TALLY_IMPORT,
        acting_user=users.p_approver,
        data=xlsx_bytes(header, [["452", "2024-06", 7]]),
        filename="t.xlsx",
    )
    assert refused.created == 0 and refused.errors


def test_completeness_counts_it_and_the_level_above_approves_it(tree, users, district):
    tally = make_tally(district.editor, district, MARCH)
    units = {
        r.area.pk: r.state for r in reporting.completeness(users.p_approver, tree.p, MARCH).units
    }
    assert units[district.pk] == "missing" and district.commune.pk in units
    tally_submit(acting_user=district.editor, instance=tally)
    MonthlyTally.objects.filter(pk=tally.pk).update(submitted_at=at(2024, 4, 2, 9, 0))
    result = reporting.completeness(users.p_approver, tree.p, MARCH)
    assert {r.area.pk: r.state for r in result.units}[district.pk] == "submitted"
    total, children = reporting.completeness_by_child(users.p_approver, tree.p, [MARCH])
    assert total.as_dict() == result.counts.as_dict()
    assert {c.area.pk: c.counts.received for c in children}[district.pk] == 1
    tally.refresh_from_db()
    with pytest.raises(PermissionDenied):  # not by the district itself
        tally_approve(acting_user=make_user(district, "approver"), instance=tally)
    assert tally_approve(acting_user=users.p_approver, instance=tally).status == "approved"


def test_its_own_figures_are_added_once_and_the_report_says_so(tree, users, district):
    raw_tally(district, MARCH, "approved", criminal_cases_registered=50)
    raw_tally(district.commune, MARCH, "approved", criminal_cases_registered=6)
    raw_tally(tree.a, MARCH, "approved", criminal_cases_registered=4)
    start, end = date(2024, 1, 1), date(2024, 12, 31)
    figures = collect_figures(users.admin, tree.p, start, end, "filed")
    assert figures.total["tallies.criminal_registered"] == 50 + 6 + 4
    assert figures.total["tallies.count"] == 3
    assert figures.total["tallies.other_units"] == 1
    by_code = {c["code"]: c["values"] for c in figures.children}
    assert by_code["451"]["tallies.criminal_registered"] == 50 + 6
    report = build_report(users.admin, tree.p, start, end, "en")
    text = " ".join(next(s for s in report.sections if s.group == "tallies").paragraphs)
    assert "1 of these tallies was filed by a unit other than a commune" in text
    alone = build_report(users.admin, tree.a, start, end, "en")
    text = " ".join(next(s for s in alone.sections if s.group == "tallies").paragraphs)
    assert "other than a commune" not in text
