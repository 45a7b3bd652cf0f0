"""Signed-off (frozen) reports: who may sign, what is kept, differences after corrections, and
downloads from the kept figures."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from antq.core.testing.factories import make_user
from antq.indicators import rollup
from antq.reports.figures import Figures
from antq.reports.models import FrozenReport
from antq.reports.selectors import frozen_differences, frozen_report_list
from antq.reports.services import report_freeze
from antq.reports.writing import write_report
from antq.tallies.models import MonthlyTally
from antq.tallies.tests.helpers import raw_tally

pytestmark = pytest.mark.rollup

START, END = date(2025, 1, 1), date(2025, 6, 30)


@pytest.fixture
def tallies(tree):
    raw_tally(tree.a, date(2025, 1, 1), "approved", criminal_cases_registered=30,
              criminal_cases_clarified=27)  # fmt: skip
    raw_tally(tree.b, date(2025, 2, 1), "approved", criminal_cases_registered=10,
              criminal_cases_clarified=5)  # fmt: skip


def _freeze(user, area, **kwargs):
    return report_freeze(
        acting_user=user, area=area, **({"date_from": START, "date_to": END} | kwargs)
    )


def test_an_approver_signs_off_and_the_figures_are_kept(tree, users, tallies):
    frozen = _freeze(users.p_approver, tree.p)
    assert frozen.signed_by == users.p_approver and frozen.boundaries == "filed"
    assert frozen.figures["total"]["tallies.criminal_registered"] == 40
    children = {c["code"]: c["values"] for c in frozen.figures["children"]}
    assert children["10001"]["tallies.criminal_clarified"] == 27
    assert frozen_differences(users.p_approver, frozen) == []


def test_later_corrections_show_as_differences(tree, users, tallies):
    frozen = _freeze(users.p_approver, tree.p)
    b_tallies = MonthlyTally.objects.filter(area=tree.b)
    with rollup.bulk_change(b_tallies, {"criminal_cases_clarified"}):
        b_tallies.update(criminal_cases_clarified=8)
    raw_tally(tree.a, date(2025, 3, 1), "draft", criminal_cases_registered=2)
    diffs = {(d.code, d.key): (d.frozen, d.current, d.change)
             for d in frozen_differences(users.p_approver, frozen)}  # fmt: skip
    assert diffs[("44", "tallies.criminal_clarified")] == (32, 35, 3)
    assert diffs[("10002", "tallies.criminal_clarified")] == (5, 8, 3)
    assert diffs[("10001", "tallies.criminal_registered")] == (30, 32, 2)
    assert diffs[("44", "tallies.count")] == (2, 3, 1)
    assert ("10001", "tallies.criminal_clarified") not in diffs


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    "who, kwargs, error, field",
    [
        ("a_editor", {}, ValidationError, "area"),  # cannot see the province
        ("b_editor", {"area": "b"}, PermissionDenied, None),  # an editor, not an approver
        ("p_approver", {"date_to": date(2099, 12, 31)}, ValidationError, "date_to"),
        ("p_approver", {"date_from": date(2025, 7, 1)}, ValidationError, "date_to"),
        ("p_approver", {"boundaries": "nowhere"}, ValidationError, "boundaries"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    tree, users, tallies, who, kwargs, error, field
):
    area = getattr(tree, kwargs.pop("area", "p"))
    with pytest.raises(error) as caught:
        _freeze(getattr(users, who), area, **kwargs)
    if field:
        assert field in caught.value.message_dict
    assert not FrozenReport.objects.exists()


@pytest.mark.usefixtures("english")
def test_the_same_report_is_signed_once(tree, users, tallies):
    _freeze(users.p_approver, tree.p)
    with pytest.raises(ValidationError, match="already been signed"):
        _freeze(users.admin, tree.p)
    _freeze(users.p_approver, tree.p, boundaries="today")  # other boundaries: another report
    assert FrozenReport.objects.count() == 2


def test_signed_reports_are_scoped(tree, users, tallies):
    _freeze(users.p_approver, tree.p)
    assert frozen_report_list(users.a_viewer).count() == 0
    assert frozen_report_list(users.p_approver).count() == 1


def test_the_pages_sign_list_show_and_download(client, tree, users, tallies):
    client.force_login(users.p_approver)
    params = {"area": tree.p.pk, "date_from": "2025-01-01", "date_to": "2025-06-30", "lang": "en"}
    body = client.get("/dashboard/report/", params).content.decode()
    assert 'id="signoff-button"' in body
    response = client.post("/dashboard/report/sign/", params | {"boundaries": "filed"})
    frozen = FrozenReport.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/dashboard/reports/signed/{frozen.pk}/?lang=en"
    )
    again = client.post("/dashboard/report/sign/", params)
    assert again.status_code == 422 and FrozenReport.objects.count() == 1
    assert 'id="signoff-button"' not in client.get("/dashboard/report/", params).content.decode()
    assert str(tree.p.name) in client.get("/dashboard/reports/signed/").content.decode()
    b_tallies = MonthlyTally.objects.filter(area=tree.b)
    with rollup.bulk_change(b_tallies, {"criminal_cases_clarified"}):
        b_tallies.update(criminal_cases_clarified=8)
    page = client.get(f"/dashboard/reports/signed/{frozen.pk}/", {"lang": "en"}).content.decode()
    assert 'data-key="tallies.criminal_clarified"' in page
    assert "32 of 40 criminal cases (80%) were clarified." in page  # the kept figures
    md = client.get(f"/dashboard/reports/signed/{frozen.pk}/", {"lang": "en", "format": "md"})
    assert "32 of 40 criminal cases (80%) were clarified." in md.content.decode()
    assert "Signed off by" in md.content.decode()
    for fmt in ("docx", "xlsx", "csv"):
        r = client.get(f"/dashboard/reports/signed/{frozen.pk}/", {"lang": "ar", "format": fmt})
        if fmt != "csv":  # a province's documents are made in the background (jobs.py)
            assert r.status_code == 302
            r = client.get(r["Location"] + "file/")
        assert r.status_code == 200 and f"-signed-{frozen.pk}-ar.{fmt}" in r["Content-Disposition"]
    client.force_login(users.a_viewer)
    assert client.get(f"/dashboard/reports/signed/{frozen.pk}/").status_code == 404
    assert client.post("/dashboard/report/sign/", params | {"area": tree.a.pk}).status_code == 403
    unended = params | {"area": tree.p.pk, "date_to": "2099-01-01"}
    client.force_login(users.p_approver)
    assert client.post("/dashboard/report/sign/", unended).status_code == 422


def test_command_writes_a_signed_report(tree, users, tallies, capsys):
    frozen = _freeze(users.p_approver, tree.p)
    b_tallies = MonthlyTally.objects.filter(area=tree.b)
    with rollup.bulk_change(b_tallies, {"criminal_cases_clarified"}):
        b_tallies.update(criminal_cases_clarified=8)
    call_command("report", "--signed", str(frozen.pk), "--lang", "en", "--user", "p_approver")
    assert "32 of 40 criminal cases (80%) were clarified." in capsys.readouterr().out
    with pytest.raises(CommandError, match="999"):
        call_command("report", "--signed", "999", "--user", "p_approver")
    with pytest.raises(CommandError, match=str(frozen.pk)):
        call_command("report", "--signed", str(frozen.pk), "--user", "a_viewer")
    with pytest.raises(CommandError, match="--area"):
        call_command("report", "--from", "2025-01-01", "--to", "2025-06-30", "--user", "p_approver")


def test_signed_reports_of_another_commune_do_not_leak(client, tree, users, tallies):
    a_approver = make_user(tree.a, "approver", username="a_approver")
    b_approver = make_user(tree.b, "approver", username="b_approver")
    mine = _freeze(a_approver, tree.a)
    other = _freeze(b_approver, tree.b)
    client.force_login(users.a_viewer)
    listing = client.get("/dashboard/reports/signed/").content.decode()
    assert f"/dashboard/reports/signed/{mine.pk}/" in listing
    assert f"/dashboard/reports/signed/{other.pk}/" not in listing
    assert client.get(f"/dashboard/reports/signed/{mine.pk}/").status_code == 200
    for fmt in ("", "md", "csv"):
        url = f"/dashboard/reports/signed/{other.pk}/"
        assert client.get(url, {"format": fmt} if fmt else {}).status_code == 404


def test_an_individuals_name_is_not_kept_in_the_signed_figures(tree, users):
    from antq.honours.models import Commendation
    from antq.honours.tests.helpers import approve, individual

    approve(users.p_approver, individual(users.a_editor, tree.a), day=date(2025, 3, 1))
    frozen = _freeze(users.p_approver, tree.p)
    assert "Nguyễn Văn An" not in str(frozen.figures)
    assert frozen.figures["commendations"][0]["individual"] is True
    kept = write_report(Figures.from_json(frozen.figures), "en", user=users.p_approver)
    assert kept.commendations.rows[0][1:3] == ["Nguyễn Văn An", "Trưởng thôn 1"]
    Commendation.objects.all().delete()
    kept = write_report(Figures.from_json(frozen.figures), "en", user=users.p_approver)
    assert kept.commendations.rows[0][1] == "(no longer on record)"
