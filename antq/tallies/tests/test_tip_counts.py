"""The tip counts of a monthly tally (for months before a unit kept antq's register of tips):
empty is "not reported", never 0; one source of tip figures per unit and month; and the tips'
figures and report count them, saying how many came from the tallies."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from antq.core.imports import run_import
from antq.core.testing.sheets import xlsx_bytes
from antq.indicators.compute import compute
from antq.reports.figures import collect_figures
from antq.reports.writing import write_report
from antq.tallies.exports import TALLY_COLUMNS
from antq.tallies.imports import TALLY_IMPORT
from antq.tallies.models import MonthlyTally
from antq.tallies.services import tally_delete, tally_update
from antq.tallies.tests.helpers import make_tally
from antq.tips.indicators import SOURCES, tip_figures
from antq.tips.tests.helpers import make_tip, on

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.pg, pytest.mark.rollup]

HEADER = [
    "commune code",
    "month",
    "drug cases",
    "crime reports and tips received",
    "crime reports and tips settled",
    "crime reports and tips settled on time",
]
YEAR = {"date_from": date(2019, 1, 1), "date_to": date(2019, 12, 31)}


def _import(user, rows):
    return run_import(
        TALLY_IMPORT, acting_user=user, data=xlsx_bytes(HEADER, rows), filename="t.xlsx"
    )


def test_a_tip_count_not_reported_stays_empty_not_zero(tree, users, api_client, client):
    outcome = _import(
        users.p_approver,
        [["10001", "2019-01", 2, "", "", ""], ["10001", "2019-02", 1, 0, 0, 0]],
    )
    assert outcome.ok, outcome.errors
    january, february = MonthlyTally.objects.order_by("month")
    assert (january.tips_received, january.tips_settled, january.drug_cases) == (None, None, 2)
    assert (february.tips_received, february.tips_settled_on_time) == (0, 0)
    exported = {str(label): value(january) for label, value in TALLY_COLUMNS}
    assert exported["crime reports and tips received"] is None
    client.force_login(users.a_viewer)
    page = client.get(january.get_absolute_url(), headers={"Accept-Language": "en"})
    cell = page.content.decode().split('data-field="tips_received">', 1)[1].split("</td>")[0]
    assert "not reported" in cell
    shown = api_client.as_user(users.a_viewer).get(f"/api/v1/tallies/{january.pk}").json()
    assert shown["tips_received"] is None and shown["drug_cases"] == 2
    # nothing reported is counted as nothing, and said so: no tally counted tips
    figures = compute(["tips.tallied_months"], user=users.p_approver, area=tree.p, **YEAR)
    assert figures[tree.p.path].value("tips.tallied_months") == 1  # February's zero counts


def test_tip_counts_are_parts_of_each_other(tree, users):
    with pytest.raises(ValidationError) as refused:
        make_tally(users.a_editor, tree.a, tips_received=3, tips_settled=4)
    assert refused.value.message_dict == {
        "tips_settled": ["At most 3: crime reports and tips received."]
    }
    with pytest.raises(ValidationError) as refused:
        make_tally(users.a_editor, tree.a, tips_settled_on_time=1)
    assert set(refused.value.message_dict) == {"tips_settled"}


def test_a_month_with_register_tips_takes_no_tally_tip_counts(tree, users):
    make_tip(users.a_editor, tree.a, received_on=on("2019-03-28"))
    with pytest.raises(ValidationError) as refused:
        make_tally(users.a_editor, tree.a, month=date(2019, 3, 1), tips_settled=0, tips_received=2)
    assert list(refused.value.message_dict) == ["tips_received"]
    assert "1 tip received in 2019-03" in refused.value.messages[0]
    tally = make_tally(users.a_editor, tree.a, month=date(2019, 3, 1), drug_cases=1)
    with pytest.raises(ValidationError) as refused:
        tally_update(acting_user=users.a_editor, instance=tally, tips_received=1)
    assert list(refused.value.message_dict) == ["tips_received"]
    outcome = _import(
        users.p_approver,
        [
            ["10001", "2019-04", 0, 3, 3, 3],
            ["10002", "2019-03", 0, 1, "", ""],
            ["10001", "2019-03", 0, "", 1, ""],
        ],
    )
    # row 4: A's March is the register's (and is taken: already tallied)
    assert [(e.row, e.column) for e in outcome.errors] == [(4, "month")]
    tally_delete(acting_user=users.a_editor, instance=tally)
    outcome = _import(users.p_approver, [["10001", "2019-03", 0, "", 1, ""]])
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "crime reports and tips settled")]
    assert "antq's register" in outcome.errors[0].message


@pytest.fixture
def two_sources(tree, users):
    """Commune A counted its tips in tallies in January, commune B in February; A kept its
    register from March (one tip, not settled)."""
    make_tally(
        users.a_editor,
        tree.a,
        month=date(2019, 1, 1),
        tips_received=10,
        tips_settled=8,
        tips_settled_on_time=7,
    )
    make_tally(
        users.b_editor,
        tree.b,
        month=date(2019, 2, 1),
        tips_received=5,
        tips_settled=5,
        tips_settled_on_time=4,
    )
    make_tip(users.a_editor, tree.a, received_on=on("2019-03-04"))


def test_tally_tip_counts_count_in_the_province_figures_from_one_source(tree, users, two_sources):
    keys = (*SOURCES, *SOURCES.values(), "tips.tallied_months")
    figures = compute(keys, user=users.p_approver, area=tree.p, **YEAR)[tree.p.path]
    assert tip_figures(figures) == {
        "tips.received": 16,
        "tips.settled": 13,
        "tips.settled_on_time": 11,
    }
    assert (figures.value("tips.tallied_received"), figures.value("tips.tallied_months")) == (15, 2)
    by_child = compute(keys, user=users.p_approver, area=tree.p, by_child=True, **YEAR)
    assert tip_figures(by_child[tree.a.path])["tips.received"] == 11
    assert tip_figures(by_child[tree.b.path])["tips.received"] == 5


def _tip_paragraphs(user, area, lang, date_from=YEAR["date_from"], date_to=YEAR["date_to"]):
    report = write_report(collect_figures(user, area, date_from, date_to), lang)
    return next(s for s in report.sections if s.group == "tips").paragraphs


def test_the_report_says_which_figures_came_from_the_tallies(tree, users, two_sources):
    assert _tip_paragraphs(users.p_approver, tree.p, "en") == [
        "16 crime reports and tips were received; 13 of them (81.3%) have been settled, 11 "
        "within the legal time limit.",
        "By where they came from: 1 from citizens.",
        "Of those received, 15 come from monthly tallies kept before the register of tips was "
        "used, and 1 from the register.",
    ]
    assert _tip_paragraphs(users.p_approver, tree.b, "en")[1] == (
        "These figures come from 1 monthly tally, kept before the register of tips was used."
    )
    vi = _tip_paragraphs(users.p_approver, tree.p, "vi")
    ar = _tip_paragraphs(users.p_approver, tree.p, "ar")
    assert "15" in vi[2] and "biểu thống kê tháng" in vi[2]
    assert "15" in ar[2] and "الإحصاءات الشهرية" in ar[2]


def test_the_api_takes_tip_counts_and_says_422_on_the_field_for_a_register_month(
    api_client, tree, users
):
    api = api_client.as_user(users.a_editor)
    make_tip(users.a_editor, tree.a, received_on=on("2019-05-06"))
    refused = api.post(
        "/api/v1/tallies/", {"area_id": tree.a.pk, "month": "2019-05", "tips_received": 2}
    )
    assert refused.status_code == 422, refused.content
    assert [e["field"] for e in refused.json()["errors"]] == ["tips_received"]
    created = api.post(
        "/api/v1/tallies/", {"area_id": tree.a.pk, "month": "2019-06", "tips_received": 2}
    )
    assert created.status_code == 201, created.content
    assert (created.json()["tips_received"], created.json()["tips_settled"]) == (2, None)
    assert not MonthlyTally.objects.filter(month=date(2019, 5, 1)).exists()
