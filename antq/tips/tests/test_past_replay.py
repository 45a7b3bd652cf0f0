"""A past tip's steps replayed with the clock once at the end (`past._replayed`) leave the
tip exactly as the step-by-step replay does, and refuse it with the same error on the same
column: every combination of steps the import takes, good and bad."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from antq.tips.choices import Action as Step
from antq.tips.choices import EventKind, TipStatus
from antq.tips.services import past

pytestmark = pytest.mark.usefixtures("english")

RECEIVED = date(2019, 3, 10)


def _day(n):
    return RECEIVED + timedelta(days=n)


def _extend(on, until=None):
    return (
        (Step.EXTEND, EventKind.EXTENDED, on, "extended_on"),
        {"status": TipStatus.EXTENDED, "until_column": "extended_until", "until": until},
    )


def _extend_again(on, until=None):
    return (
        (Step.EXTEND, EventKind.EXTENDED_SECOND, on, "extended_again_on"),
        {
            "status": TipStatus.EXTENDED,
            "until_column": "extended_again_until",
            "until": until,
            "procuracy_approved": True,
        },
    )


def _suspend(on):
    return (
        (Step.SUSPEND, EventKind.SUSPENDED, on, "suspended_on"),
        {"status": TipStatus.SUSPENDED},
    )


def _resume(on):
    return ((Step.RESUME, EventKind.RESUMED, on, "resumed_on"), {"status": TipStatus.RESUMED})


def _outcome(status, on, to_agency=""):
    step, kind = past.OUTCOME_STEPS[status]
    return ((step, kind, on, "outcome_on"), {"status": status, "to_agency": to_agency})


CASES = {
    "received only": [],
    "decided": [_outcome(TipStatus.DECIDED_PROSECUTE, _day(12))],
    "decided late": [_outcome(TipStatus.DECIDED_NOT_PROSECUTE, _day(40))],
    "transferred": [_outcome(TipStatus.TRANSFERRED_OUT, _day(3), "VKS")],
    "suspended as the outcome": [_outcome(TipStatus.SUSPENDED, _day(15))],
    "extended, decided": [_extend(_day(15)), _outcome(TipStatus.DECIDED_PROSECUTE, _day(50))],
    "extended to a day": [
        _extend(_day(15), _day(45)),
        _outcome(TipStatus.CLOSED_NOT_CRIME, _day(46)),
    ],
    "extended twice": [
        _extend(_day(15)),
        _extend_again(_day(55)),
        _outcome(TipStatus.DECIDED_PROSECUTE, _day(100)),
    ],
    "suspended, resumed, closed": [
        _suspend(_day(18)),
        _resume(_day(60)),
        _outcome(TipStatus.CLOSED_NOT_CRIME, _day(70)),
    ],
    # refused by the clock, on the step's own column or its "until" column
    "extended after expiry": [_extend(_day(31))],
    "extended beyond the law": [_extend(_day(15), _day(90))],
    "extension ending before the due date": [_extend(_day(15), _day(19))],
    "second extension beyond the law": [_extend(_day(15)), _extend_again(_day(55), _day(200))],
    "suspended after expiry": [_suspend(_day(25))],
    "extended after a resumption": [_suspend(_day(10)), _resume(_day(30)), _extend(_day(35))],
    # refused by the step's own checks, before the clock
    "a step before the previous one": [
        _extend(_day(15)),
        _outcome(TipStatus.DECIDED_PROSECUTE, _day(5)),
    ],
    "a step in the future": [
        _outcome(TipStatus.DECIDED_PROSECUTE, date.today() + timedelta(days=3))
    ],
    "resumed without a suspension": [_resume(_day(5))],
    "settled, then a second outcome": [
        _outcome(TipStatus.DECIDED_PROSECUTE, _day(5)),
        _outcome(TipStatus.CLOSED_NOT_CRIME, _day(6)),
    ],
    # a clock refusal before a step's own refusal: the first one is named
    "clock refusal first": [_extend(_day(31)), _outcome(TipStatus.DECIDED_PROSECUTE, _day(5))],
}


def _stepwise(steps):
    try:
        replay = past._Replay(RECEIVED)
        for args, keywords in steps:
            replay.step(*args, **keywords)
    except ValidationError as exc:
        return ("refused", exc.message_dict)
    return _state(replay)


def _state(replay):
    events = [(e.kind, e.on, e.until, e.procuracy_approved, e.to_agency) for e in replay.events]
    return ("replayed", events, replay.status, replay.clock)


def _ours(steps):
    try:
        replay = past._replayed(RECEIVED, steps)
    except ValidationError as exc:
        return ("refused", exc.message_dict)
    return _state(replay)


@pytest.mark.parametrize("case", CASES)
def test_a_replay_with_the_clock_at_the_end_is_the_step_by_step_replay(case):
    expected = _stepwise(CASES[case])
    assert _ours(CASES[case]) == expected
    refused = case.startswith(("extended after", "extended beyond", "extension ending"))
    refused |= case.startswith(("second extension", "suspended after", "a step", "resumed"))
    refused |= case in ("settled, then a second outcome", "clock refusal first")
    assert (expected[0] == "refused") == refused
