"""`antq tips-remind`: per unit, what is overdue and what falls due within 5 days, across
month ends and extensions."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from antq.tips.services import workflow as workflow_services
from antq.tips.tests.helpers import make_tip, on


def remind(day):
    out = io.StringIO()
    with translation.override("en"):
        call_command("tips_remind", "--date", day, stdout=out)
    return out.getvalue()


def line_of(output, tip):
    [line] = [row for row in output.splitlines() if tip.code in row]
    return line


def unit_of(output, tip):
    """The unit heading the tip is listed under."""
    heading = None
    for row in output.splitlines():
        if row.startswith("== "):
            heading = row
        if tip.code in row:
            return heading
    return None


@pytest.fixture
def tips(tree, users):
    a, b = users.a_editor, users.b_editor

    def verified(user, area, day):
        tip = make_tip(user, area, received_on=on(day))
        return workflow_services.tip_start_verifying(acting_user=user, tip=tip, on=on(day))

    t1 = make_tip(a, tree.a, received_on=on("2024-01-11"))  # due 31 Jan 2024
    t2 = (
        workflow_services.tip_extend(  # received 31 Dec 2023, extended: due 29 Feb 2024 (leap year)
            acting_user=a,
            tip=verified(a, tree.a, "2023-12-31"),
            reason="Phức tạp",
            on=on("2024-01-05"),
        )
    )
    t3 = make_tip(a, tree.a, received_on=on("2024-01-25"))  # due 14 Feb 2024
    t4 = workflow_services.tip_suspend(  # suspended: never reminded
        acting_user=a, tip=verified(a, tree.a, "2024-01-05"), reason="Chờ", on=on("2024-01-10")
    )
    t5 = make_tip(b, tree.b, received_on=on("2024-01-08"))  # commune B, due 28 Jan 2024
    t6 = workflow_services.tip_decide(  # settled: never reminded
        acting_user=a, tip=verified(a, tree.a, "2024-01-10"), prosecute=True, on=on("2024-01-12")
    )
    assert (t1.due_on, t2.due_on, t3.due_on, t5.due_on) == (
        on("2024-01-31"),
        on("2024-02-29"),
        on("2024-02-14"),
        on("2024-01-28"),
    )
    return t1, t2, t3, t4, t5, t6


def test_falling_due_within_five_days_per_unit(tree, tips):
    t1, t2, t3, t4, t5, t6 = tips
    out = remind("2024-01-28")
    assert "DUE SOON" in line_of(out, t1) and "3 day(s) left" in line_of(out, t1)
    assert "DUE SOON" in line_of(out, t5) and "0 day(s) left" in line_of(out, t5)
    assert unit_of(out, t1) == f"== {tree.a.name} ({tree.a.code}) =="
    assert unit_of(out, t5) == f"== {tree.b.name} ({tree.b.code}) =="
    for quiet in (t2, t3, t4, t6):
        assert quiet.code not in out
    assert "0 overdue, 2 falling due, in 2 unit(s)" in out


def test_overdue_across_the_month_end(tips):
    t1, t2, t3, t4, t5, t6 = tips
    out = remind("2024-02-01")
    assert "OVERDUE" in line_of(out, t1) and "1 day(s) late" in line_of(out, t1)
    assert "OVERDUE" in line_of(out, t5) and "4 day(s) late" in line_of(out, t5)
    for quiet in (t2, t3, t4, t6):
        assert quiet.code not in out


def test_the_extension_runs_to_the_leap_day(tips):
    t1, t2, t3, t4, t5, t6 = tips
    out = remind("2024-02-25")
    assert "DUE SOON" in line_of(out, t2) and "4 day(s) left" in line_of(out, t2)
    assert "OVERDUE" in line_of(out, t3) and "11 day(s) late" in line_of(out, t3)
    assert "OVERDUE" in line_of(out, t1)
    lines = [row for row in out.splitlines() if row.startswith("  ")]
    a_lines = lines[: lines.index(line_of(out, t2)) + 1]
    # overdue first within a unit, by due date
    assert [t.code in row for row, t in zip(a_lines, (t1, t3, t2), strict=True)] == [True] * 3
    out = remind("2024-02-29")
    assert "0 day(s) left" in line_of(out, t2)
    out = remind("2024-03-01")
    assert "OVERDUE" in line_of(out, t2) and "1 day(s) late" in line_of(out, t2)
    assert t4.code not in out and t6.code not in out


def test_an_extension_takes_a_tip_off_the_overdue_list(tree, users, tips):
    t1 = tips[0]
    assert "OVERDUE" in line_of(remind("2024-02-01"), t1)
    t1 = workflow_services.tip_start_verifying(
        acting_user=users.a_editor, tip=t1, on=on("2024-01-20")
    )
    # asked for after the last day to ask (art. 147(2)): granted with the reason it was late
    t1 = workflow_services.tip_extend(
        acting_user=users.a_editor,
        tip=t1,
        reason="Nhiều nơi",
        on=on("2024-01-30"),
        late_reason="Hồ sơ chuyển đến muộn",
    )
    assert t1.due_on == on("2024-03-11")
    assert t1.code not in remind("2024-02-01")
    assert "DUE SOON" in line_of(remind("2024-03-07"), t1)


def test_nothing_to_remind_and_bad_dates(tips):
    assert "Nothing is overdue or falling due." in remind("2023-06-01")
    with pytest.raises(CommandError):
        call_command("tips_remind", "--date", "31/01/2024", stdout=io.StringIO())


def test_the_cli_takes_the_dashed_name(tips, capsys):
    from antq.cli import main

    main(["antq", "tips-remind", "--date", "2024-02-01"])
    assert tips[0].code in capsys.readouterr().out
