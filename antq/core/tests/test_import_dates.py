"""A unit code is read as the unit in force on the record's date, in every import: today's
units reuse some old codes, so a row dated 2021 names the former commune, one dated 2026
today's, and a day on which none or several were in force is refused with every candidate
named. Never filed silently under another unit."""

import dataclasses
import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from antq.activities.imports import ACTIVITY_IMPORT
from antq.activities.models import Activity
from antq.areas.choices import AreaLevel
from antq.cameras.imports import CAMERA_IMPORT, FIREPOINT_IMPORT
from antq.cameras.models import CameraSite, FirePoint
from antq.core.imports import run_import
from antq.core.testing.factories import OrganisationFactory, make_area
from antq.honours.imports import AGREEMENT_IMPORT
from antq.honours.models import EmulationAgreement
from antq.registry.imports import ORGANISATION_IMPORT
from antq.registry.models import Organisation
from antq.tallies.imports import TALLY_IMPORT
from antq.tallies.models import MonthlyTally
from antq.tips.imports import TIP_IMPORT
from antq.tips.models import Tip

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.pg, pytest.mark.rollup]

OLD = "2019-01-01 – 2025-06-30"


@pytest.fixture(scope="module")
def _shared_units(_shared_tree, django_db_blocker):
    """Province P keeps a former district and its former commune 20001 (2019 to June 2025),
    and today's commune 20001 (from July 2025); province Q keeps a former commune of its own."""
    t = _shared_tree
    with django_db_blocker.unblock():
        old = {"valid_from": date(2019, 1, 1), "valid_to": date(2025, 6, 30)}
        district = make_area(t.p, level=AreaLevel.DISTRICT, code="20001", name="Huyện Cũ", **old)
        former = make_area(district, level=AreaLevel.COMMUNE, code="20001", name="Xã Cũ", **old)
        village = make_area(former, code="T09", name="Thôn Cũ")
        merged = make_area(former, code="T08", name="Thôn Đã Nhập", valid_to=date(2022, 12, 31))
        current = make_area(t.p, code="20001", name="Xã Mới", valid_from=date(2025, 7, 1))
        elsewhere = make_area(t.q, code="30001", name="Xã Khác", valid_to=date(2025, 6, 30))
    return SimpleNamespace(
        district=district,
        former=former,
        village=village,
        merged=merged,
        current=current,
        elsewhere=elsewhere,
    )


@pytest.fixture
def units(_shared_units, tree):
    return _shared_units


def _csv(header, rows):
    lines = [",".join(header)] + [",".join(str(c) for c in r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def _activities(user, rows, spec=ACTIVITY_IMPORT, extra=()):
    """Rows of (code, held on, *extra cells)."""
    header = ["commune code", "kind", "title", "held on", *extra]
    data = _csv(header, [[code, "outreach", "Lễ", day, *more] for code, day, *more in rows])
    return run_import(spec, acting_user=user, data=data, filename="a.csv")


def _tallies(user, rows):
    """A tally may be filed at a district an obligation adds: the file names the level, since
    the former district here shares the communes' code."""
    data = _csv(
        ["commune code", "unit level", "month", "drug cases"],
        [[code, "commune", month, 1] for code, month in rows],
    )
    return run_import(TALLY_IMPORT, acting_user=user, data=data, filename="t.csv")


def _tips(user, rows):
    header = ["commune code", "received on", "legal kind", "channel", "category code", "summary"]
    data = _csv(
        header, [[code, day, "denunciation", "phone", "theft", "Mất xe"] for code, day in rows]
    )
    return run_import(TIP_IMPORT, acting_user=user, data=data, filename="tips.csv")


def _cameras(user, rows):
    header = ["commune code", "owner type", "installed on"]
    data = _csv(header, [[code, "household", day] for code, day in rows])
    return run_import(CAMERA_IMPORT, acting_user=user, data=data, filename="c.csv")


TYPES = {
    "activities": (_activities, Activity, ("2021-05-01", "2026-01-10", "2018-03-01")),
    "tallies": (_tallies, MonthlyTally, ("2021-05", "2025-07", "2018-03")),
    "tips": (_tips, Tip, ("2021-05-01", "2026-01-10", "2018-03-01")),
    "cameras": (_cameras, CameraSite, ("2021-05-01", "2026-01-10", "2018-03-01")),
}


@pytest.mark.parametrize("kind", TYPES)
def test_a_reused_code_names_the_unit_in_force_on_the_record_date(kind, users, units):
    load, model, (past, recent, _none) = TYPES[kind]
    outcome = load(users.p_approver, [("20001", past), ("20001", recent)])
    assert outcome.ok, outcome.errors
    assert sorted(model.objects.values_list("area__name", flat=True)) == ["Xã Cũ", "Xã Mới"]
    assert model.objects.get(area=units.former) != model.objects.get(area=units.current)


@pytest.mark.parametrize("kind", TYPES)
def test_a_day_no_unit_with_the_code_was_in_force_is_refused_naming_them(kind, users, units):
    load, model, (_past, _recent, none) = TYPES[kind]
    outcome = load(users.p_approver, [("20001", none)])
    [error] = outcome.errors
    assert (error.row, error.column) == (2, "unit code" if kind == "tallies" else "commune code")
    assert "No unit with the code “20001” was in force on 2018-03-01" in error.message
    assert f"20001 “Xã Cũ” (Commune, {OLD})" in error.message
    assert "20001 “Xã Mới” (Commune, 2025-07-01 – today)" in error.message
    assert "Huyện Cũ" not in error.message  # not a level this record is filed at
    assert not model.objects.exists()


def test_the_refusal_is_in_the_user_language(users, units):
    with translation.override("vi"):
        [error] = _tallies(users.p_approver, [("20001", "2018-03")]).errors
    assert "Không có đơn vị nào mang mã “20001” có hiệu lực vào ngày 2018-03-01" in error.message
    assert "20001 “Xã Mới” (Cấp xã, 2025-07-01 – " in error.message


def test_valid_on_chooses_the_unit_instead_of_the_record_date(users, units):
    outcome = _activities(
        users.p_approver, [("20001", "2024-11-10", "2024-12-31")], extra=["valid on"]
    )
    assert outcome.ok, outcome.errors
    assert Activity.objects.get().area == units.former


def test_valid_on_never_files_a_record_under_a_unit_not_in_force_on_its_date(users, units):
    """A "valid on" day reads the code as of that day, but the unit it names must still have
    been in force on the record's own date: a 2026 activity is not filed under the former
    commune that ended in 2025, as no form or API call files it there."""
    outcome = _activities(
        users.p_approver, [("20001", "2026-01-10", "2024-12-31")], extra=["valid on"]
    )
    [error] = outcome.errors
    assert (error.row, error.column) == (2, "valid on")
    assert f"20001 “Xã Cũ” (Commune, {OLD}) ceased to exist on 2025-06-30" in error.message
    assert "a record dated 2026-01-10 cannot be filed under it" in error.message
    assert not Activity.objects.exists()


def test_a_village_is_found_under_the_former_commune(users, units):
    rows = [("20001", "2021-05-01", "T09"), ("20001", "2021-05-01", "T08")]
    outcome = _activities(users.p_approver, rows, extra=["village code"])
    assert outcome.ok, outcome.errors
    filed = set(Activity.objects.values_list("area", flat=True))
    assert filed == {units.village.pk, units.merged.pk}
    rows = [("20001", "2026-01-10", "T09"), ("20001", "2024-01-10", "T08")]
    errors = _activities(users.p_approver, rows, extra=["village code"]).errors
    assert [(e.row, e.column) for e in errors] == [(2, "village code"), (3, "village code")]
    assert "“T09” in 20001 “Xã Mới”" in errors[0].message
    assert "T08 “Thôn Đã Nhập” (Village, … – 2022-12-31)" in errors[1].message


def test_unit_level_tells_apart_units_at_two_levels(users, units):
    spec = dataclasses.replace(
        ACTIVITY_IMPORT, levels=(AreaLevel.DISTRICT, AreaLevel.COMMUNE, AreaLevel.VILLAGE)
    )
    [error] = _activities(users.p_approver, [("20001", "2021-05-01")], spec=spec).errors
    assert "Several units with the code “20001” were in force on 2021-05-01" in error.message
    assert f"20001 “Huyện Cũ” (District, {OLD}); 20001 “Xã Cũ” (Commune, {OLD})" in error.message
    assert "Give the level or a “valid on” date" in error.message
    rows = [("20001", "2021-05-01", "district"), ("20001", "2021-05-01", "Commune")]
    outcome = _activities(users.p_approver, rows, spec=spec, extra=["unit level"])
    assert outcome.ok, outcome.errors
    assert sorted(Activity.objects.values_list("area__name", flat=True)) == ["Huyện Cũ", "Xã Cũ"]


def test_agreement_party_codes_are_read_on_the_signing_date(users, units):
    front = OrganisationFactory(area=units.former)
    header = ["commune code", "title", "signed on", "period from", "period to", "targets"]
    header += ["party organisations (ids)", "party areas (codes)"]

    def load(*years):
        rows = [
            ["10001", "G", f"{y}-01-20", f"{y}-01-01", f"{y}-12-31", "M", front.pk, "20001"]
            for y in years
        ]
        data = _csv(header, rows)
        return run_import(
            AGREEMENT_IMPORT, acting_user=users.p_approver, data=data, filename="g.csv"
        )

    [error] = load(2018).errors
    assert error.column == "party areas (codes)"
    assert "Xã Cũ" in error.message and "Xã Mới" in error.message
    assert load(2021, 2026).ok
    parties = EmulationAgreement.objects.order_by("signed_on").values_list("party_areas", flat=True)
    assert list(parties) == [units.former.pk, units.current.pk]


def test_records_above_the_commune_name_their_unit_and_level(tree, users, units):
    """Organisations have no date of their own: a former district's needs its “valid on”."""
    header = ["unit code", "unit level", "valid on", "name", "type"]
    rows = [
        ["44", "", "", "Công an tỉnh", "agency"],
        ["20001", "district", "2021-06-01", "Huyện đoàn", "agency"],
    ]
    data = _csv(header, rows)
    outcome = run_import(
        ORGANISATION_IMPORT, acting_user=users.p_approver, data=data, filename="o.csv"
    )
    assert outcome.ok, outcome.errors
    placed = dict(Organisation.objects.values_list("name", "area"))
    assert placed == {"Công an tỉnh": tree.p.pk, "Huyện đoàn": units.district.pk}


def test_a_former_unit_outside_the_jurisdiction_is_refused(users, units):
    [error] = _activities(users.p_approver, [("30001", "2021-05-01")]).errors
    assert (error.column, error.message) == (
        "commune code",
        "You do not have the right to change records in this area.",
    )
    assert not Activity.objects.exists()


def test_places_cost_the_same_queries_for_more_rows(users, units):
    def queries(n):
        rows = [("20001", "2021-05-01"), ("20001", "2026-01-10")] * n
        header = ["commune code", "kind", "title", "held on"]
        data = _csv(header, [[c, "outreach", "Lễ", d] for c, d in rows])
        with CaptureQueriesContext(connection) as ctx:
            outcome = run_import(
                ACTIVITY_IMPORT,
                acting_user=users.p_approver,
                data=data,
                filename="a.csv",
                write=False,
            )
        assert outcome.ok, outcome.errors
        return len(ctx)

    queries(1)  # the first reads the user's jurisdiction, kept on the user for the next
    assert queries(1) == queries(20)


def test_the_template_guide_explains_the_new_columns(client, users):
    client.force_login(users.p_approver)
    content = client.get("/activities/import/template.xlsx", headers={"Accept-Language": "en"})
    guide = {r[0]: r[2] for r in load_workbook(io.BytesIO(content.content))["Guide"].values}
    assert "in force on the date in “held on”" in guide["commune code"]
    assert guide["unit level"].startswith("optional: Commune")
    assert "instead of the date in “held on”" in guide["valid on"]


def test_the_report_command_reads_the_code_on_the_period_end(users, units):
    """`antq report --area CODE`: the unit with the code in force on the period's last day,
    or an error naming the candidates."""
    out = io.StringIO()
    common = ["--area", "20001", "--user", "p_approver", "--lang", "en"]
    call_command("report", *common, "--from", "2026-01-01", "--to", "2026-11-30", stdout=out)
    assert "Xã Mới" in out.getvalue() and "Xã Cũ" not in out.getvalue()
    with pytest.raises(CommandError, match="Several units with the code “20001”.*Huyện Cũ"):
        call_command("report", *common, "--from", "2021-01-01", "--to", "2021-12-31")
    with pytest.raises(CommandError, match="No unit with the code “20001” was in force on 2018"):
        call_command("report", *common, "--from", "2018-01-01", "--to", "2018-12-31")
    with pytest.raises(CommandError, match="No unit has the code “30001”"):
        call_command(
            "report", *common[2:], "--area", "30001", "--from", "2021-01-01", "--to", "2021-12-31"
        )


@pytest.mark.parametrize(
    ("url", "spec", "model"),
    [
        ("/registry/organisations/export.csv", ORGANISATION_IMPORT, Organisation),
        ("/cameras/fire-points/export.csv", FIREPOINT_IMPORT, FirePoint),
    ],
)
def test_an_export_imported_again_files_records_under_the_same_units(
    client, tree, users, units, url, spec, model
):
    """Records with no date of their own are exported with the day their unit was in force (its
    last day, once it ended) and its level: imported again, each lands under its own unit, not
    under today's unit that reuses the code."""
    fields = {"name": "Trường Cũ"} | ({"org_type": "school"} if model is Organisation else {})
    model.objects.create(area=units.former, **fields)
    model.objects.create(area=units.current, **fields | {"name": "Trường Mới"})
    client.force_login(users.p_approver)
    response = client.get(url, headers={"Accept-Language": "vi"})
    data = b"".join(response.streaming_content)
    model.objects.all().delete()
    outcome = run_import(spec, acting_user=users.p_approver, data=data, filename="export.csv")
    assert outcome.ok, outcome.errors
    placed = dict(model.objects.values_list("name", "area"))
    assert placed == {"Trường Cũ": units.former.pk, "Trường Mới": units.current.pk}
