"""The import of past tips (tips/imports.py): tips in their final state with the events their
steps would have written, counted in the period's figures; no reporter identity, ever; and one
source of tip figures per unit and month (the register or the monthly tally)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from antq.core.imports import run_import
from antq.core.testing.sheets import xlsx_bytes
from antq.indicators.compute import compute
from antq.reports.figures import collect_figures
from antq.reports.writing import write_report
from antq.tallies.tests.helpers import make_tally
from antq.tips.imports import TIP_IMPORT, refused_identity_columns
from antq.tips.models import Tip
from antq.tips.services.workflow import tip_transfer
from antq.tips.tests.helpers import make_tip, on

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.pg, pytest.mark.rollup]

HEADER = [
    "commune code",
    "received on",
    "legal kind",
    "channel",
    "category code",
    "summary",
    "outcome",
    "outcome date",
    "to agency",
    "extension granted on",
    "extended until",
    "suspended on",
    "resumed on",
]


def _row(commune, received, outcome="", outcome_on="", **more):
    cells = {
        "commune code": commune,
        "received on": received,
        "legal kind": "denunciation",
        "channel": "phone",
        "category code": "fraud",
        "summary": "Lừa đảo chiếm đoạt tài sản qua mạng",
        "outcome": outcome,
        "outcome date": outcome_on,
    } | more
    return [cells.get(h, "") for h in HEADER]


# three tips of 2019: on time, on time after an extension, late after a suspension
THREE = [
    _row("10001", "01/03/2019", "decided_prosecute", "15/03/2019"),
    _row(
        "10001",
        "2019-03-05",
        "Decided: do not prosecute",
        "2019-05-01",
        channel="Letter",
        **{"extension granted on": "2019-03-20", "extended until": "2019-05-05"},
    ),
    _row(
        "10002",
        "2019-04-02",
        "closed_not_crime",
        "2019-07-10",
        channel="press",
        **{"suspended on": "2019-04-10", "resumed on": "2019-06-01"},
    ),
]


def _import(user, rows, header=HEADER):
    return run_import(
        TIP_IMPORT, acting_user=user, data=xlsx_bytes(header, rows), filename="tips.xlsx"
    )


def _errors(outcome):
    return [(e.row, e.column) for e in outcome.errors]


def test_three_past_tips_land_settled_with_their_events_and_count(tree, users):
    outcome = _import(users.p_approver, THREE)
    assert outcome.ok, outcome.errors
    assert outcome.created == 3
    first, second, third = Tip.objects.order_by("received_on")
    assert (first.status, first.decided_on, first.settled_due_on) == (
        "decided_prosecute",
        on("2019-03-15"),
        on("2019-03-21"),
    )
    assert (second.status, second.extensions, second.settled_due_on) == (
        "decided_not_prosecute",
        1,
        on("2019-05-05"),
    )
    assert [e.kind for e in second.events.all()] == [
        "received",
        "verifying",
        "extended",
        "decided_not_prosecute",
    ]
    assert (third.area, third.status, third.settled_on, third.settled_due_on) == (
        tree.b,
        "closed_not_crime",
        on("2019-07-10"),
        on("2019-07-01"),  # a month after the resumption: late
    )
    assert [e.kind for e in third.events.all()] == [
        "received",
        "verifying",
        "suspended",
        "resumed",
        "closed_not_crime",
    ]
    for tip in (first, second, third):
        assert tip.code.startswith("TG-2019-") and not tip.has_identity and tip.due_on is None
        assert tip.history.get().history_user == users.p_approver
        assert {e.by for e in tip.events.all()} == {users.p_approver}

    keys = ("tips.received", "tips.settled", "tips.settled_on_time")
    figures = compute(
        keys,
        user=users.p_approver,
        area=tree.p,
        date_from=date(2019, 1, 1),
        date_to=date(2019, 12, 31),
    )[tree.p.path]
    assert [figures.value(k) for k in keys] == [3, 3, 2]
    report = write_report(
        collect_figures(users.p_approver, tree.p, date(2019, 1, 1), date(2019, 12, 31)), "en"
    )
    tips = next(s for s in report.sections if s.group == "tips")
    assert tips.paragraphs == [
        "3 crime reports and tips were received; 3 of them (100%) have been settled, 2 within "
        "the legal time limit.",
        "By where they came from: 2 from citizens; 1 from the press.",
    ]


@pytest.mark.parametrize(
    "header",
    [
        "Họ và tên người tố giác",
        "Số điện thoại",
        "Địa chỉ",
        "Số CCCD/CMND",
        "Reporter",
        "Full name",
        "Phone",
        "E-mail",
        "ID number",
        "الاسم",
    ],
)
def test_a_column_that_looks_like_an_identity_refuses_the_file(tree, users, header):
    rows = [[*row, "Nguyễn Văn A"] for row in THREE]
    outcome = _import(users.p_approver, rows, [*HEADER, header])
    assert _errors(outcome) == [(1, header)]
    assert f"“{header}”" in outcome.errors[0].message
    assert "without any reporter identity" in outcome.errors[0].message
    assert not Tip.objects.exists()


def test_the_vietnamese_identity_refusal_speaks_vietnamese(tree, users):
    with translation.override("vi"):
        outcome = _import(users.p_approver, [[*THREE[0], "x"]], [*HEADER, "Họ tên"])
    assert _errors(outcome) == [(1, "Họ tên")]
    assert "nhân thân" in outcome.errors[0].message


def test_the_import_s_own_headers_are_not_refused():
    for lang in ("vi", "en", "ar"):
        with translation.override(lang):
            headers = [str(c.label) for c in TIP_IMPORT.all_columns]
            assert refused_identity_columns(headers) == [], lang


def test_rows_inconsistent_with_the_law_or_their_events_are_refused_by_column(tree, users):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    rows = [
        THREE[0],
        _row("10001", "2019-03-10", "decided_prosecute", "2019-03-01"),  # before receipt
        _row("10001", "2019-03-10", "decided_prosecute", ""),  # no outcome date
        _row("10001", "2019-03-10", "", "2019-03-12"),  # a date without an outcome
        _row("10001", "2019-03-10", "transferred_out", "2019-03-12"),  # to which agency?
        _row(  # extended after the 20 days ran out
            "10001", "2019-03-10", **{"extension granted on": "2019-04-10"}
        ),
        _row(  # beyond the law's two months
            "10001",
            "2019-03-10",
            **{"extension granted on": "2019-03-20", "extended until": "2019-06-01"},
        ),
        _row(  # a suspended tip is resumed before it is closed
            "10001",
            "2019-03-10",
            "closed_not_crime",
            "2019-05-01",
            **{"suspended on": "2019-03-20"},
        ),
        _row("10001", tomorrow),  # received in the future
        _row("10001", "2019-03-10", **{"category code": "no-such-category"}),
        _row(  # an outcome "suspended" with a resumption
            "10001", "2019-03-10", "suspended", "2019-03-20", **{"resumed on": "2019-04-01"}
        ),
    ]
    outcome = _import(users.a_editor, rows, HEADER)
    assert _errors(outcome) == [
        (3, "outcome date"),
        (4, "outcome date"),
        (5, "outcome"),
        (6, "to agency"),
        (7, "extension granted on"),
        (8, "extended until"),
        (9, "outcome date"),
        (10, "received on"),
        (11, "category code"),
        (12, "outcome"),
    ]
    messages = [e.message for e in outcome.errors]
    assert messages[0] == "The previous step was on Mar 10, 2019; date this one on or after it."
    assert "May 10, 2019" in messages[5]  # the longest extension the law allows
    assert "Suspended" in messages[6]
    assert not Tip.objects.exists()


def test_a_month_tallied_with_tip_counts_takes_no_register_tip(tree, users):
    make_tally(users.a_editor, tree.a, month=date(2019, 3, 1), tips_received=4)
    outcome = _import(users.p_approver, THREE)
    assert _errors(outcome) == [(2, "received on"), (3, "received on")]
    assert "monthly tally" in outcome.errors[0].message
    assert not Tip.objects.exists()
    with pytest.raises(ValidationError) as refused:
        make_tip(users.a_editor, tree.a, received_on=on("2019-03-28"))
    assert "received_on" in refused.value.message_dict
    # the month after, and the other commune's March, are the register's
    make_tip(users.a_editor, tree.a, received_on=on("2019-04-01"))
    make_tip(users.b_editor, tree.b, received_on=on("2019-03-28"))
    # nor can a tip of that month be transferred to the tallied commune
    tip = make_tip(users.b_editor, tree.b, received_on=on("2019-03-29"))
    with pytest.raises(ValidationError) as refused:
        tip_transfer(
            acting_user=users.p_approver,
            tip=tip,
            to_area=tree.a,
            reason="Địa bàn",
            on=on("2019-03-30"),
        )
    assert list(refused.value.message_dict) == ["to_area"]
    # a tally of the month without tip counts leaves the month to the register
    make_tally(users.b_editor, tree.b, month=date(2019, 4, 1), drug_cases=1)
    assert _import(users.p_approver, [THREE[2]]).created == 1
