"""Reports across the 2025 reform: with `boundaries="today"` the figures of former communes are
counted under the units that succeeded them (a divided commune under its main successor)."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from antq.areas.models import Area, AreaSuccession
from antq.core.testing.factories import make_area
from antq.reports.figures import ReportError, collect_figures
from antq.reports.renderers import to_csv, to_markdown
from antq.reports.writing import build_report
from antq.tallies.tests.helpers import raw_tally

pytestmark = [pytest.mark.pg, pytest.mark.rollup]

START, END = date(2024, 1, 1), date(2024, 12, 31)
GONE = {"valid_to": date(2025, 6, 30)}


@pytest.fixture
def old(tree):
    """Former province → district → communes X, Y (merged into A) and Z (divided: main part to
    B, a smaller part to A), each with 2024 tallies; Y kept a village with its own tally."""
    province = make_area(tree.country, name="Tỉnh Quảng Bình", code="44B", **GONE)
    district = make_area(
        province, level=2, name="Huyện Lệ Thủy", code="450", area_type="huyen", **GONE
    )
    x = make_area(district, name="Xã Hoa Thủy", code="19001", **GONE)
    y = make_area(district, name="Xã An Thủy", code="19002", **GONE)
    z = make_area(district, name="Xã Sơn Thủy", code="19003", **GONE)
    y1 = make_area(y, name="Thôn Xuân Lai", code="T01", **GONE)
    links = [(x, tree.a, True), (y, tree.a, True), (z, tree.a, False), (z, tree.b, True)]
    for pred, succ, default in links:
        AreaSuccession.objects.create(
            predecessor=pred, successor=succ, is_default=default, kind="merged"
        )
    raw_tally(x, date(2024, 3, 1), "approved", criminal_cases_registered=10)
    raw_tally(y, date(2024, 3, 1), "approved", criminal_cases_registered=20)
    raw_tally(y1, date(2024, 4, 1), "approved", criminal_cases_registered=1)
    raw_tally(z, date(2024, 3, 1), "approved", criminal_cases_registered=300)
    raw_tally(x, date(2023, 3, 1), "approved", criminal_cases_registered=5000)  # not in 2024
    raw_tally(tree.a, date(2024, 8, 1), "approved", criminal_cases_registered=4)  # filed today
    raw_tally(province, date(2024, 3, 1), "approved", criminal_cases_registered=7000)
    return x, y, z


def _registered(figures, code=None):
    if code is None:
        return figures.total.get("tallies.criminal_registered", 0)
    child = next(c for c in figures.children if c["code"] == code)
    return child["values"].get("tallies.criminal_registered", 0)


def test_filed_counts_only_what_is_filed_under_todays_units(tree, users, old):
    figures = collect_figures(users.admin, tree.p, START, END, "filed")
    assert _registered(figures) == 4


def test_today_folds_former_communes_into_their_successors(tree, users, old):
    figures = collect_figures(users.admin, tree.p, START, END, "today")
    assert _registered(figures) == 4 + 10 + 20 + 1 + 300  # never the province-level 7,000
    assert _registered(figures, "10001") == 4 + 10 + 20 + 1
    assert _registered(figures, "10002") == 300  # the divided commune: its main successor
    assert figures.total["tallies.count"] == 5
    folded = {f["code"]: [code for code, _name in f["former"]] for f in figures.folded}
    assert folded == {"10001": ["19001", "19002"], "10002": ["19003"]}


def test_without_a_marked_main_successor_the_first_by_code_takes_it(tree, users, old):
    AreaSuccession.objects.filter(predecessor__code="19003").update(is_default=False)
    figures = collect_figures(users.admin, tree.p, START, END, "today")
    assert _registered(figures, "10001") == 4 + 10 + 20 + 1 + 300


def test_chains_of_mergers_are_followed(tree, users, old):
    x = old[0]
    w = make_area(
        Area.objects.get_parent(x), name="Xã cũ", code="19000", valid_to=date(2020, 1, 31)
    )
    AreaSuccession.objects.create(predecessor=w, successor=x, kind="merged")
    raw_tally(w, date(2024, 5, 1), "approved", criminal_cases_registered=2)  # filed late
    figures = collect_figures(users.admin, tree.p, START, END, "today")
    assert _registered(figures, "10001") == 4 + 10 + 20 + 1 + 2


def test_the_report_says_which_boundaries_and_what_was_folded(tree, users, old):
    report = build_report(users.admin, tree.p, START, END, "en", boundaries="today")
    assert report.boundaries.startswith("Boundaries: today's administrative units")
    assert "main successor" in report.boundaries
    assert report.introduction[0] == (
        "3 former communes are folded into 2 units; they are listed at the end of the report."
    )
    assert report.introduction[1] == (
        "1 of them was divided; its figures go to its main successor."
    )
    assert report.folded.rows == [
        ["10001", "Xã Hòa Bình", "2", "Xã Hoa Thủy, Xã An Thủy"],
        ["10002", "Phường Đông Hà", "1", "Xã Sơn Thủy (divided)"],
    ]
    md = to_markdown(report)
    assert md.index("Former communes counted under today's units") > md.index(
        "List of commendations"
    )
    assert "10002,Phường Đông Hà,1,Xã Sơn Thủy (divided)" in to_csv(report)
    filed = build_report(users.admin, tree.p, START, END, "en")
    assert "counted only where they are filed" in filed.boundaries
    assert filed.folded is None


def test_folded_figures_follow_the_successors_the_user_may_see(tree, users, old):
    figures = collect_figures(users.a_viewer, tree.a, START, END, "today")
    assert _registered(figures) == 4 + 10 + 20 + 1
    figures = collect_figures(users.a_viewer, tree.a, START, END, "filed")
    assert _registered(figures) == 4


def test_a_former_unit_cannot_be_shown_on_todays_boundaries(tree, users, old):
    with pytest.raises(ReportError):
        collect_figures(users.admin, old[0], START, END, "today")


def test_queries_do_not_grow_with_the_number_of_former_communes(tree, users, old):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            collect_figures(users.admin, tree.p, START, END, "today")
        return len(ctx)

    queries()
    before = queries()
    district = Area.objects.get_parent(old[0])
    for i in range(5):
        former = make_area(district, name=f"Xã {i}", **GONE)
        AreaSuccession.objects.create(predecessor=former, successor=tree.b, kind="merged")
        raw_tally(former, date(2024, 6, 1), "approved", criminal_cases_registered=1)
    assert queries() == before


def test_command_and_page_take_the_boundaries(client, tree, users, old, capsys):
    common = ["--area", "44", "--from", "2024-01-01", "--to", "2024-12-31", "--lang", "en"]
    call_command("report", *common, "--user", "root_admin", "--boundaries", "today")
    out = capsys.readouterr().out
    assert "3 former communes are folded into 2 units" in out
    assert "Xã Sơn Thủy (divided)" in out
    with pytest.raises(CommandError, match="--boundaries"):
        call_command("report", *common, "--user", "root_admin", "--boundaries", "later")
    client.force_login(users.admin)
    params = {"area": tree.p.pk, "date_from": "2024-01-01", "date_to": "2024-12-31", "lang": "en"}
    body = client.get("/dashboard/report/", params | {"boundaries": "today"}).content.decode()
    assert "3 former communes are folded" in body and 'id="report-folded"' in body
    assert "boundaries=today" in body  # the downloads keep the choice
    bad = client.get("/dashboard/report/", params | {"boundaries": "nowhere"})
    assert bad.status_code == 422
    former = client.get("/dashboard/report/", params | {"area": old[0].pk, "boundaries": "today"})
    assert former.status_code == 422


def test_commendations_of_former_communes_are_listed_for_the_units_they_became(tree, users, old):
    from antq.honours.models import Commendation

    Commendation.objects.create(
        area=old[0], recipient_kind="area", collective_name="Xã Hoa Thủy",
        award_form="certificate_of_merit", authority_level="province",
        authority_name="UBND tỉnh Quảng Bình", decision_number="12/QĐ-UBND",
        decision_date=date(2024, 5, 1), period_from=START, period_to=END, achievement="x",
        status="approved",
    )  # fmt: skip
    admin = build_report(users.admin, tree.p, START, END, "en", boundaries="today")
    assert [r[1] for r in admin.commendations.rows] == ["Xã Hoa Thủy"]
    assert admin.commendations.notes == []
    # X became part of A: its record is in the jurisdiction of A's users (core.scoping), not B's
    viewer = build_report(users.a_viewer, tree.a, START, END, "en", boundaries="today")
    assert [r[1] for r in viewer.commendations.rows] == ["Xã Hoa Thủy"]
    assert viewer.commendations.notes == []
    other = build_report(users.b_editor, tree.b, START, END, "en", boundaries="today")
    assert other.commendations.rows == []
    honours = next(s for s in viewer.sections if s.group == "honours")
    assert "1 commendation was approved" in " ".join(honours.paragraphs)


def test_records_of_a_former_province_and_district_go_to_the_province_it_became_part_of(
    tree, users, old
):
    """Filed at a former province's or district's own level: under today's province, at its own
    level, once the old province is recorded as merged into it; never under a commune."""
    district = Area.objects.get_parent(old[0])
    province = Area.objects.get_parent(district)
    raw_tally(district, date(2024, 5, 1), "approved", criminal_cases_registered=600)
    figures = collect_figures(users.admin, tree.p, START, END, "today")
    assert _registered(figures) == 4 + 10 + 20 + 1 + 300  # shared out: no province-level link
    AreaSuccession.objects.create(predecessor=province, successor=tree.p, kind="merged")
    figures = collect_figures(users.admin, tree.p, START, END, "today")
    assert _registered(figures) == 4 + 10 + 20 + 1 + 300 + 7000 + 600
    assert figures.own["tallies.criminal_registered"] == 7000 + 600
    assert _registered(figures, "10001") == 4 + 10 + 20 + 1
    national = collect_figures(users.admin, tree.country, START, END, "today")
    by_code = {c["code"]: c["values"] for c in national.children}
    assert by_code["44"]["tallies.criminal_registered"] == 4 + 10 + 20 + 1 + 300 + 7000 + 600
    assert "44B" not in by_code
    viewer = collect_figures(users.a_viewer, tree.a, START, END, "today")
    assert _registered(viewer) == 4 + 10 + 20 + 1


def test_a_district_abolished_inside_the_province_counts_at_the_province_level(tree, users):
    district = make_area(tree.p, level=2, name="Huyện Cũ", code="451", area_type="huyen", **GONE)
    commune = make_area(district, name="Xã Cũ", code="19009", **GONE)
    AreaSuccession.objects.create(predecessor=commune, successor=tree.b, kind="merged")
    raw_tally(district, date(2024, 3, 1), "approved", criminal_cases_registered=50)
    raw_tally(commune, date(2024, 3, 1), "approved", criminal_cases_registered=6)
    figures = collect_figures(users.admin, tree.p, START, END, "today")
    assert _registered(figures) == 56
    assert _registered(figures, "10002") == 6  # not left in the district's bucket
    assert figures.own["tallies.criminal_registered"] == 50
    assert [c["code"] for c in figures.children] == ["10001", "10002"]


def test_communes_with_a_model_count_each_unit_of_today_once(tree, users, old):
    """X and Y (in its village) became A, which has a model of its own; Z's main part became B.
    Filed, only A's model is under today's units; on today's boundaries A and B have models,
    each counted once, never A three times."""
    from antq.movement.models import MovementModel
    from antq.movement.tests.helpers import category

    x, y, z = old
    village = Area.objects.get(code="T01", path__startswith=y.path)
    for area in (x, village, z, tree.a):
        MovementModel.objects.create(
            area=area, name=f"Mô hình {area.name}", category=category(), started_on=START
        )
    filed = collect_figures(users.admin, tree.p, START, END, "filed")
    assert (filed.total["models.in_communes"], filed.total["models.communes_with_model"]) == (1, 1)
    today = collect_figures(users.admin, tree.p, START, END, "today")
    assert today.total["models.in_communes"] == 4
    assert today.total["models.communes_with_model"] == 2
    communes = {c["code"]: c["values"]["models.communes_with_model"] for c in today.children}
    assert communes == {"10001": 1, "10002": 1}
