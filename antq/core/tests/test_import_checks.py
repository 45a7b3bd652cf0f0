"""The import's cheaper checks give the refusals the per-record ones gave, word for word and on
the same row: the model's field checks by precompiled tests (core/import_checks.py) against
Django's `full_clean`, the instances `build` makes against Django's constructor's, the
members' teams read once a file against a read per chunk, and the
closed periods read per unit and month for a chunk against each record's own check, with a
code today's units reuse filed under the former unit its date points to."""

import copy
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from antq.activities.choices import ActivityKind
from antq.activities.imports import ACTIVITY_IMPORT
from antq.activities.models import MAX_PEOPLE, Activity
from antq.areas.choices import AreaLevel
from antq.core import imports, locks
from antq.core.import_checks import build, full_clean_fields
from antq.core.imports import run_import
from antq.core.testing.factories import make_area
from antq.movement.choices import TeamRole
from antq.movement.imports import MEMBER_IMPORT
from antq.movement.models import Team, TeamMember
from antq.tallies.models import MonthlyTally
from antq.tallies.tests.helpers import raw_tally
from antq.tips.choices import LegalKind, TipStatus
from antq.tips.models import Tip, TipCategory, TipEvent

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.pg, pytest.mark.rollup]

TOMORROW = timezone.localdate() + timedelta(days=1)
GOOD_ACTIVITY = {
    "kind": "outreach",
    "title": "Tuyên truyền",
    "held_on": date(2021, 5, 1),
    "participants": 40,
}
ACTIVITY_CASES = {
    "good": {},
    "title too long": {"title": "x" * 256},
    "title with a null character": {"title": "a\x00b"},
    "title empty": {"title": ""},
    "title None": {"title": None},
    "kind unknown": {"kind": "picnic"},
    "kind as an enum member": {"kind": ActivityKind.OUTREACH},
    "dialogue without parties": {"kind": ActivityKind.DIALOGUE},
    "parties outside a dialogue": {"with_leaders": True},
    "participants negative": {"participants": -1},
    "participants over the limit": {"participants": MAX_PEOPLE + 1},
    "participants as text": {"participants": "12"},
    "participants not a number": {"participants": "many"},
    "participants a boolean": {"participants": True},
    "participants a float": {"participants": 12.0},
    "held on a datetime": {"held_on": datetime(2021, 5, 1, 10, 30)},
    "held on as text": {"held_on": "2021-05-01"},
    "held on None": {"held_on": None},
    "held on tomorrow": {"held_on": TOMORROW},
    "notes None": {"notes": None},
    "with leaders as text": {"with_leaders": "yes"},
    "several wrong at once": {"title": "", "participants": -3, "held_on": TOMORROW},
}


def _django(instance, exclude):
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return exc.message_dict
    return {}


def _ours(instance, exclude):
    try:
        full_clean_fields(instance, exclude)
    except ValidationError as exc:
        return exc.message_dict
    return {}


def _values(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.fields}


def _same_as_django(instance):
    exclude = {f.name for f in instance._meta.fields if f.is_relation}
    theirs, ours = copy.copy(instance), copy.copy(instance)
    expected = _django(theirs, set(exclude))
    assert _ours(ours, exclude) == expected
    # the values as Django's cleaning leaves them (a cell's text converted to a number)
    assert _values(ours) == _values(theirs)
    return expected


@pytest.mark.parametrize("case", ACTIVITY_CASES)
def test_activity_field_checks_are_djangos(case, tree):
    errors = _same_as_django(Activity(area=tree.a, **(GOOD_ACTIVITY | ACTIVITY_CASES[case])))
    # values Django's cleaning accepts or converts (a model field takes a null character)
    accepted = {"good", "kind as an enum member", "participants as text", "participants a float"}
    accepted |= {"title with a null character", "participants a boolean", "notes None"}
    accepted |= {"held on a datetime", "held on as text"}
    assert bool(errors) == (case not in accepted)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"drug_cases": -1},
        {"drug_cases": "3"},
        {"month": date(2021, 5, 2)},
        {"month": TOMORROW.replace(day=1) + timedelta(days=40)},
        {"notes": "x" * 5000},
    ],
)
def test_tally_field_checks_are_djangos(changes, tree):
    tally = MonthlyTally(area=tree.a, **({"month": date(2021, 5, 1), "drug_cases": 2} | changes))
    _same_as_django(tally)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"full_name": ""},
        {"full_name": "x" * 201},
        {"role_in_team": "captain"},
        {"phone": "0" * 21},
        {"joined_on": "01/02/2024"},
        # a text choice's member (the import's default role) is checked as its text
        {"role_in_team": TeamRole.MEMBER},
        {"role_in_team": TeamRole.MEMBER, "full_name": ""},
        {"role_in_team": ActivityKind.OUTREACH},  # a member of another field's choices
    ],
)
def test_member_field_checks_are_djangos(changes, tree):
    team = Team(area=tree.a, name="Tổ 1", kind="security_self_governing")
    fields = {"full_name": "Nguyễn Văn An", "role_in_team": "member"}
    member = TeamMember(team=team, **(fields | changes))
    _same_as_django(member)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"legal_kind": "rumour"},
        {"channel": "pigeon"},
        {"received_on": TOMORROW},
        # the timestamps: a datetime passes as it is, anything else takes Django's path
        {"created_at": datetime(2021, 5, 1, 10, 30, tzinfo=timezone.get_current_timezone())},
        {"created_at": None},
        {"updated_at": "not a time"},
        {"legal_kind": LegalKind.DENUNCIATION, "status": TipStatus.RECEIVED},
    ],
)
def test_tip_field_checks_are_djangos(changes, tree):
    fields = {"legal_kind": "denunciation", "channel": "phone", "received_on": date(2021, 5, 1)}
    _same_as_django(Tip(**(fields | changes)))


# --- across chunks ------------------------------------------------------------------------


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 3)


def _csv(header, rows):
    lines = [",".join(header)] + [",".join(str(c) for c in r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def _members(user, team_ids):
    rows = [[team, f"Thành viên {i}", "01/02/2024"] for i, team in enumerate(team_ids)]
    data = _csv(["team id", "full name", "joined on"], rows)
    return run_import(MEMBER_IMPORT, acting_user=user, data=data, filename="m.csv")


@pytest.mark.usefixtures("small_chunks")
def test_members_teams_read_once_a_file_refuse_the_same_rows(tree, users):
    """A team found in an earlier chunk is not read again; a team outside the jurisdiction is
    refused on every row that names it, whichever chunk it is in."""
    mine = Team.objects.create(area=tree.a1, name="Tổ 1", kind="security_self_governing")
    other = Team.objects.create(area=tree.a, name="Tổ 2", kind="security_self_governing")
    theirs = Team.objects.create(area=tree.b, name="Tổ B", kind="security_self_governing")
    ids = [mine.pk, mine.pk, other.pk, mine.pk, theirs.pk, other.pk, theirs.pk, mine.pk]
    outcome = _members(users.a_editor, ids)
    message = "No team with this id in your jurisdiction."
    assert [(e.row, e.column, e.message) for e in outcome.errors] == [
        (6, "team id", message),
        (8, "team id", message),
    ]
    assert not TeamMember.objects.exists()
    outcome = _members(users.a_editor, [mine.pk, other.pk] * 4)
    assert outcome.ok, outcome.errors
    assert TeamMember.objects.filter(team=mine).count() == 4
    assert TeamMember.objects.filter(team=other).count() == 4


@pytest.fixture
def reused(tree):
    """Province P's former commune 20001 (until June 2025), and today's commune 20001."""
    old = {"valid_from": date(2019, 1, 1), "valid_to": date(2025, 6, 30)}
    district = make_area(tree.p, level=AreaLevel.DISTRICT, code="20901", name="Huyện Cũ", **old)
    former = make_area(district, level=AreaLevel.COMMUNE, code="20001", name="Xã Cũ", **old)
    current = make_area(tree.p, code="20001", name="Xã Mới", valid_from=date(2025, 7, 1))
    return former, current


@pytest.mark.usefixtures("small_chunks")
def test_closed_periods_of_a_reused_code_refuse_the_rows_each_record_would(tree, users, reused):
    """Rows of the reused code, dated before and after July 2025 and spread over chunks: each
    is filed under the unit in force on its day, and the rows dated into a month the former
    commune's approved tally closed get the refusal the record's own check gives."""
    former, current = reused
    raw_tally(
        former,
        date(2021, 5, 1),
        "approved",
        approved_by=users.p_approver,
        approved_at=timezone.now(),
    )
    days = ["2021-05-03", "2026-01-10", "2021-06-01", "2021-05-20", "2026-01-11", "2021-05-03"]
    header = ["commune code", "kind", "title", "held on"]
    data = _csv(header, [["20001", "outreach", f"Lễ {i}", day] for i, day in enumerate(days)])
    outcome = run_import(
        ACTIVITY_IMPORT,
        acting_user=users.p_approver,
        data=data,
        filename="a.csv",
    )
    expected = {}
    for rownum, day in ((2, "2021-05-03"), (5, "2021-05-20"), (7, "2021-05-03")):
        record = Activity(area=former, kind="outreach", held_on=date.fromisoformat(day))
        refused, _after = locks.refusals([record], acting_user=users.p_approver)
        [(_field, message)] = refused.values()
        expected[rownum] = ("held on", message)
    assert {e.row: (e.column, e.message) for e in outcome.errors} == expected
    assert "closed when its monthly tally was approved" in expected[2][1]
    assert not Activity.objects.exists()
    # without the closed month, every row lands under the unit in force on its day
    rows = [["20001", "outreach", f"Lễ {i}", day] for i, day in enumerate(days)]
    keep = [r for r in rows if not r[3].startswith("2021-05")]
    outcome = run_import(
        ACTIVITY_IMPORT,
        acting_user=users.p_approver,
        data=_csv(header, keep),
        filename="a.csv",
    )
    assert outcome.ok, outcome.errors
    placed = sorted(Activity.objects.values_list("held_on", "area__name"))
    assert placed == [
        (date(2021, 6, 1), "Xã Cũ"),
        (date(2026, 1, 10), "Xã Mới"),
        (date(2026, 1, 11), "Xã Mới"),
    ]


# --- building -------------------------------------------------------------------------------


def _state(instance):
    # a time stamp's default is the time of the call: its type is compared
    fields = {
        k: datetime if isinstance(v, datetime) else v
        for k, v in instance.__dict__.items()
        if k != "_state"
    }
    cached = dict(instance._state.fields_cache)
    return fields, cached, instance._state.adding, instance._state.db


def test_build_makes_the_instance_djangos_constructor_makes(tree):
    team = Team(area=tree.a, name="Tổ 1", kind="security_self_governing")
    category = TipCategory(code="theft", name="Trộm cắp")
    cases = [
        (
            Activity,
            {"area": tree.a, "kind": "outreach", "title": "Lễ", "held_on": date(2021, 5, 1)},
        ),
        (Activity, {"area_id": tree.a.pk, "kind": "dialogue", "with_leaders": True}),
        (TeamMember, {"team": team, "full_name": "An", "joined_on": None}),
        (Team, {"area": tree.a, "name": "Tổ 2", "kind": "security_self_governing"}),
        (MonthlyTally, {"area": tree.a, "month": date(2021, 5, 1), "drug_cases": 2}),
        (Tip, {"area": tree.a, "received_by_area": tree.a, "category": category, "code": "X1"}),
        (TipEvent, {"kind": "received", "on": date(2021, 5, 1)}),
    ]
    for model, values in cases:
        assert _state(build(model, **values)) == _state(model(**values)), model


def test_build_computes_a_default_only_for_a_field_not_given(tree):
    """A tip's time stamp is the time of its default's call: given, it is kept; not given,
    each record reads the clock itself."""
    stamp = datetime(2021, 5, 1, 8, 0, tzinfo=timezone.get_current_timezone())
    assert build(Tip, created_at=stamp).created_at == stamp
    before = timezone.now()
    assert before <= build(Tip).created_at <= timezone.now()


def test_build_refuses_a_name_the_model_lacks_as_django_does():
    with pytest.raises(TypeError, match="unexpected keyword arguments: 'colour'"):
        build(Activity, title="Lễ", colour="red")


# --- parsers that remember ------------------------------------------------------------------


def test_a_parser_remembers_only_what_it_read_well_and_refuses_anew_in_each_language():
    from django.utils import translation

    from antq.core.import_cells import CellError, parse_bool, parse_choice, parse_date, parse_int

    kinds = parse_choice(ActivityKind.choices)
    assert kinds("outreach") == kinds("outreach") == "outreach"
    assert parse_date("01/05/2021") == parse_date("01/05/2021") == date(2021, 5, 1)
    # a number and a yes/no: texts are remembered, other values read each time (True is not 1)
    people = parse_int(0, 10)
    assert people("7") == people("7") == people(7) == 7
    with pytest.raises(CellError):
        parse_bool(2)
    assert parse_bool(True) is True and parse_bool("yes") is True and parse_bool("yes") is True
    for lang, words in (("en", "is not a real date"), ("vi", "không phải là ngày có thật")):
        with translation.override(lang):
            for _twice in range(2):
                with pytest.raises(CellError) as refused:
                    parse_date("31/02/2024")
                assert words in str(refused.value)
