"""Every validation rule of a tally, each naming its field; months as people write them."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from antq.core.imports import CellError
from antq.tallies.choices import COUNT_FIELDS, MAX_COUNT, TIP_COUNT_FIELDS
from antq.tallies.models import MonthlyTally, TallyStatusChange
from antq.tallies.months import parse_month
from antq.tallies.tests.helpers import make_tally

pytestmark = pytest.mark.usefixtures("english")


def _errors(user, area, **fields):
    values = {"month": date(2024, 3, 1)} | fields
    with pytest.raises(ValidationError) as caught:
        make_tally(user, area, **values)
    assert not MonthlyTally.objects.filter(area=area, month=date(2024, 3, 1)).exists()
    return caught.value.message_dict


@pytest.mark.parametrize("where", ["p", "a1", "country"])
def test_only_a_commune_keeps_a_tally(tree, users, where):
    errors = _errors(users.admin, getattr(tree, where))
    assert list(errors) == ["area"]
    assert "communes" in errors["area"][0]


def test_a_ward_keeps_one(tree, users):
    assert make_tally(users.b_editor, tree.b).area == tree.b


def test_clarified_at_most_registered(tree, users):
    errors = _errors(
        users.a_editor, tree.a, criminal_cases_registered=3, criminal_cases_clarified=4
    )
    assert errors == {
        "criminal_cases_clarified": ["More cases clarified than registered: at most 3."]
    }
    ok = make_tally(users.a_editor, tree.a, criminal_cases_registered=4, criminal_cases_clarified=4)
    assert ok.clarification_rate == 1


def test_detected_at_most_occurred(tree, users):
    errors = _errors(
        users.a_editor, tree.a, social_order_cases_occurred=9, social_order_cases_detected=10
    )
    assert list(errors) == ["social_order_cases_detected"]
    assert "at most 9" in errors["social_order_cases_detected"][0]


@pytest.mark.parametrize("field", COUNT_FIELDS)
def test_no_count_is_negative_or_absurd(tree, users, field):
    assert _errors(users.a_editor, tree.a, **{field: -1})[field] == ["A count cannot be negative."]
    too_many = _errors(users.a_editor, tree.a, **{field: MAX_COUNT + 1})[field]
    assert "at most 1000000" in too_many[0]


def test_a_month_in_the_future_is_refused(tree, users):
    today = timezone.localdate()
    next_month = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    assert _errors(users.a_editor, tree.a, month=next_month) == {
        "month": ["This month has not begun yet."]
    }
    assert make_tally(users.a_editor, tree.a, month=today).month == today.replace(day=1)


def test_month_is_kept_as_its_first_day(tree, users):
    assert make_tally(users.a_editor, tree.a, month=date(2024, 5, 17)).month == date(2024, 5, 1)
    assert make_tally(users.a_editor, tree.a, month="06/2024").month == date(2024, 6, 1)
    tally = MonthlyTally(area=tree.a, month=date(2024, 7, 2))
    with pytest.raises(ValidationError) as caught:
        tally.full_clean()
    assert list(caught.value.message_dict) == ["month"]
    assert list(_errors(users.a_editor, tree.a, month="2024-13")) == ["month"]
    assert list(_errors(users.a_editor, tree.a, month=None)) == ["month"]


def test_one_tally_per_commune_and_month(tree, users):
    make_tally(users.a_editor, tree.a, month=date(2024, 3, 1))
    with pytest.raises(ValidationError) as caught:
        make_tally(users.a_editor, tree.a, month="2024-03")
    assert caught.value.message_dict == {"month": ["Xã Hòa Bình already has a tally for 2024-03."]}
    assert make_tally(users.b_editor, tree.b, month="2024-03").area == tree.b


def test_notes_are_bounded_and_warn_against_names(tree, users):
    errors = _errors(users.a_editor, tree.a, notes="x" * 1001)
    assert list(errors) == ["notes"]
    assert "names" in str(MonthlyTally._meta.get_field("notes").help_text)
    assert "names" in str(TallyStatusChange._meta.get_field("reason").help_text)


def test_unknown_fields_are_refused(tree, users):
    assert list(_errors(users.a_editor, tree.a, status="approved")) == ["status"]
    assert list(_errors(users.a_editor, tree.a, offender_name="X")) == ["offender_name"]


def test_no_free_text_beyond_notes_and_the_reason_of_a_step():
    """No field could hold a suspect's or offender's name: the only text is the notes (and the
    reason of a step: a return, an unapproval), both warning against names; everything else is a
    count, a date, a status or a link to a user or an area."""

    def texts(model):
        return [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]

    assert texts(MonthlyTally) == ["notes"]
    assert texts(TallyStatusChange) == ["reason"]
    counts = [
        f.name
        for f in MonthlyTally._meta.fields
        if isinstance(f, models.IntegerField) and not f.choices
    ]
    assert tuple(n for n in counts if n != "id") == (*COUNT_FIELDS, *TIP_COUNT_FIELDS)


@pytest.mark.parametrize(
    "written, month",
    [
        ("2024-03", date(2024, 3, 1)),
        ("2024/3", date(2024, 3, 1)),
        ("03/2024", date(2024, 3, 1)),
        ("3/2024", date(2024, 3, 1)),
        ("3.2024", date(2024, 3, 1)),
        (" 2024-03-31 ", date(2024, 3, 1)),
        ("31/03/2024", date(2024, 3, 1)),
        (datetime(2024, 3, 15, 0, 0), date(2024, 3, 1)),
        (date(2024, 12, 31), date(2024, 12, 1)),
    ],
)
def test_months_as_people_write_them(written, month):
    assert parse_month(written) == month


@pytest.mark.parametrize(
    "written", ["2024-13", "13/2024", "0/2024", "March", "31/02/2024", "45352", ""]
)
def test_what_is_not_a_month(written):
    with pytest.raises(CellError):
        parse_month(written)
