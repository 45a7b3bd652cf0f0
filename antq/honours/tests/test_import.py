"""Bulk import of commendations (nominations, or decisions already taken when the importer
approves above the area) and of emulation agreements: all or nothing, errors by row and column."""

from datetime import date

import pytest

from antq.core.imports import run_import
from antq.core.testing.factories import OrganisationFactory
from antq.core.testing.sheets import xlsx_bytes
from antq.honours.imports import AGREEMENT_IMPORT, COMMENDATION_IMPORT
from antq.honours.models import Commendation, CommendationStatusChange, EmulationAgreement
from antq.honours.tests.helpers import AUTHORITY, approve, nominate
from antq.movement.models import Team

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.pg, pytest.mark.rollup]

HEADER = [
    "commune code",
    "village code",
    "recipient",
    "team (id)",
    "full name",
    "position or workplace",
    "form",
    "issuing authority level",
    "issuing authority",
    "decision number",
    "decision date",
    "year",
    "achievement",
]

AGREEMENT_HEADER = [
    "commune code",
    "title",
    "signed on",
    "period from",
    "period to",
    "targets",
    "party organisations (ids)",
    "party areas (codes)",
]


def _import(user, rows, spec=COMMENDATION_IMPORT, header=HEADER):
    return run_import(spec, acting_user=user, data=xlsx_bytes(header, rows), filename="c.xlsx")


def _row(kind="area", team="", name="", position="", number="", day="", village="", **kw):
    return [
        kw.get("commune", "10001"),
        village,
        kind,
        team,
        name,
        position,
        kw.get("form", "certificate_of_merit"),
        kw.get("level", "province"),
        AUTHORITY,
        number,
        day,
        kw.get("year", 2025),
        "Thành tích xuất sắc",
    ]


def test_an_editor_imports_nominations(tree, users):
    team = Team.objects.create(
        area=tree.a1, name="Tổ tự quản thôn 1", kind="security_self_governing"
    )
    rows = [
        _row(village="T01"),
        _row(kind="team", team=team.pk),
        _row(kind="Individual", name="Nguyễn Văn An", position="Trưởng thôn"),
    ]
    outcome = _import(users.a_editor, rows)
    assert outcome.ok, outcome.errors
    assert set(Commendation.objects.values_list("status", flat=True)) == {"nominated"}
    assert Commendation.objects.get(recipient_kind="team").collective_name == "Tổ tự quản thôn 1"
    assert CommendationStatusChange.objects.filter(to_status="nominated").count() == 3


def test_an_editor_cannot_import_decisions(tree, users):
    outcome = _import(users.a_editor, [_row(number="45/QĐ-UBND", day="15/08/2025")])
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "decision number")]
    assert "Only an approver above this area" in outcome.errors[0].message
    assert not Commendation.objects.exists()


def test_the_province_imports_a_decision_with_several_recipients(tree, users):
    rows = [
        _row(number="45/QĐ-UBND", day="15/08/2025", village="T01"),
        _row(kind="individual", name="Trần Thị Bình", number="45/qđ-ubnd", day="2025-08-15"),
        _row(commune="10002", number="45/QĐ-UBND", day="15/08/2025"),
    ]
    outcome = _import(users.p_approver, rows)
    assert outcome.ok, outcome.errors
    approved = Commendation.objects.filter(status="approved")
    assert approved.count() == 3 and len(set(approved.values_list("decision_key", flat=True))) == 1
    step = CommendationStatusChange.objects.filter(to_status="approved").first()
    assert "45/QĐ-UBND" in step.reason and step.changed_by == users.p_approver


def test_a_decision_number_reused_is_refused_in_the_file_and_against_the_records(tree, users):
    approve(
        users.p_approver,
        nominate(users.b_editor, tree.b),
        number="12/QĐ-UBND",
        day=date(2025, 3, 1),
    )
    rows = [
        _row(number="45/QĐ-UBND", day="15/08/2025"),
        _row(number="45/QĐ-UBND", day="16/08/2025", village="T01"),  # row 3: another date
        _row(number="12/QĐ-UBND", day="15/08/2025", village="T01"),  # row 4: taken on 01/03
        _row(number="45/QĐ-UBND", day="15/08/2025"),  # row 5: the same recipient again
        _row(kind="individual", number="", day="", year=""),  # row 6: no name, no period
    ]
    outcome = _import(users.p_approver, rows)
    assert [(e.row, e.column) for e in outcome.errors] == [
        (3, "decision number"),
        (4, "decision number"),
        (5, "decision number"),
        (6, "year"),
    ]
    assert "15/08/2025" in outcome.errors[0].message
    assert "01/03/2025" in outcome.errors[1].message
    assert outcome.errors[2].message == "This decision already commends this recipient."
    assert Commendation.objects.count() == 1


def test_row_errors_name_their_columns(tree, users):
    other_team = Team.objects.create(area=tree.b, name="Tổ B", kind="digital_technology")
    rows = [
        _row(kind="team", team=other_team.pk),
        _row(form="huy chương vàng"),
        _row(level="district"),
        _row(kind="area", name="Nguyễn Văn An"),
    ]
    outcome = _import(users.a_editor, rows)
    assert [(e.row, e.column) for e in outcome.errors] == [
        (2, "team (id)"),
        (3, "form"),
        (4, "issuing authority level"),
        (5, "full name"),
    ]
    assert not Commendation.objects.exists()


def test_agreements_import(tree, users):
    front, union = OrganisationFactory(area=tree.a), OrganisationFactory(area=tree.a)
    header = AGREEMENT_HEADER
    rows = [
        [
            "10001",
            "Giao ước 2025",
            "20/01/2025",
            "01/01/2025",
            "31/12/2025",
            "Mục tiêu",
            f"{front.pk};{union.pk}",
            "T01; 10001",
        ],
        [
            "10001",
            "Giao ước thiếu bên",
            "20/01/2025",
            "01/01/2025",
            "31/12/2025",
            "Mục tiêu",
            front.pk,
            "",
        ],
        [
            "10001",
            "Giao ước",
            "20/01/2025",
            "01/01/2025",
            "31/12/2025",
            "Mục tiêu",
            front.pk,
            "T99",
        ],
    ]
    outcome = _import(users.a_editor, rows, AGREEMENT_IMPORT, header)
    assert [(e.row, e.column) for e in outcome.errors] == [
        (3, "party organisations (ids)"),
        (4, "party areas (codes)"),
    ]
    assert not EmulationAgreement.objects.exists()
    outcome = _import(users.a_editor, rows[:1], AGREEMENT_IMPORT, header)
    assert outcome.ok
    agreement = EmulationAgreement.objects.get()
    assert set(agreement.party_areas.all()) == {tree.a, tree.a1}
    assert set(agreement.organisations.all()) == {front, union}


def test_an_agreement_found_on_another_day_is_signed_by_units_in_force_that_day(tree, users):
    """A party named by its code as it stood on the row's "valid on" day must still be in force
    on the day the agreement was signed: the row's error, on its column, and nothing written;
    the service refuses it too."""
    from django.core.exceptions import ValidationError

    from antq.core.testing.factories import make_former_tree
    from antq.honours.services import agreement_bulk_create

    past = make_former_tree(tree)
    front = OrganisationFactory(area=tree.a)
    header = [AGREEMENT_HEADER[0], "valid on", *AGREEMENT_HEADER[1:]]
    row = ["10001", "01/06/2024", "Giao ước", "20/01/2026", "01/01/2026", "31/12/2026"]
    row += ["Mục tiêu", front.pk, past.fa.code]
    outcome = _import(users.a_editor, [row], AGREEMENT_IMPORT, header)
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "party areas (codes)")]
    assert outcome.errors[0].message == (
        f"{past.fa.name} ({past.fa.code}) was not in force on 20/01/2026, the day the agreement "
        "was signed."
    )
    assert not EmulationAgreement.objects.exists()
    row[3] = "20/01/2025"  # signed while the former commune stood
    outcome = _import(users.a_editor, [row], AGREEMENT_IMPORT, header)
    assert outcome.ok, outcome.errors
    assert set(EmulationAgreement.objects.get().party_areas.all()) == {past.fa}

    late = EmulationAgreement(
        area=tree.a,
        title="Giao ước",
        signed_on=date(2026, 1, 20),
        period_from=date(2026, 1, 1),
        period_to=date(2026, 12, 31),
        targets="Mục tiêu",
    )
    late._pending_links = {"organisations": [front], "party_areas": [past.fa]}
    with pytest.raises(ValidationError, match="was not in force on 20/01/2026"):
        agreement_bulk_create(records=[late], acting_user=users.a_editor, reason="import")
    assert EmulationAgreement.objects.count() == 1
