import pytest

from antq.core.imports import run_import
from antq.registry.imports import ORGANISATION_IMPORT
from antq.registry.models import Organisation

pytestmark = [pytest.mark.pg, pytest.mark.rollup]


@pytest.mark.usefixtures("english")
def test_organisations_import_whole_or_not_at_all(tree, users):
    good = (
        "commune code,village code,name,type,email\n"
        "10001,,Trường THCS Hòa Bình,school,\n"
        "10001,T01,Chi hội Phụ nữ thôn 1,Women's union,\n"
    ).encode()
    outcome = run_import(
        ORGANISATION_IMPORT, acting_user=users.a_editor, data=good, filename="o.csv"
    )
    assert outcome.ok, outcome.errors
    assert set(Organisation.objects.values_list("org_type", flat=True)) == {
        "school",
        "womens_union",
    }
    bad = (
        b"commune code,name,type,email\n"
        b"10001,X,castle,\n"
        b"10001,,school,\n"
        b"10001,Y,school,not-an-email\n"
    )
    outcome = run_import(
        ORGANISATION_IMPORT, acting_user=users.a_editor, data=bad, filename="o.csv"
    )
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "type"), (3, "name"), (4, "email")]
    assert Organisation.objects.count() == 2
