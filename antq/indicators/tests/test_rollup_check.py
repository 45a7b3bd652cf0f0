"""`rollup.check()` reads one province's subtree at a time (bounded memory) and still finds a
kept figure that the records do not give, wherever it lies: in a province, above the
provinces, in an area's own cells or pending under a path no area has."""

from datetime import date

import pytest
from django.db.models import F

from antq.cameras.models import CameraSite
from antq.indicators import rollup
from antq.indicators.models import Cell, OwnCell, PendingDelta
from antq.indicators.rollup.contributions import MONTH

pytestmark = pytest.mark.pg

KEY = "cameras.sites"


def test_the_check_finds_a_wrong_figure_in_a_province_above_them_or_without_an_area(tree):
    CameraSite.objects.create(
        area=tree.a1, owner_type="household", heads=2, installed_on=date(2024, 1, 5)
    )
    rollup.fold()
    assert rollup.check([KEY]) == []
    for path in (tree.p.path, tree.country.path):
        Cell.objects.filter(path=path, key=KEY, grain=MONTH, bucket=202401).update(
            value=F("value") + 1
        )
    OwnCell.objects.create(path=tree.b1.path, key=KEY, bucket=202402, value=3)
    stray = "ZZZZZZZZZZZZ"
    PendingDelta.objects.create(path=stray, key=KEY, bucket=202403, value=1)
    problems = rollup.check([KEY])
    found = {(line.split()[0], line.split("'")[1]) for line in problems}
    assert {
        ("cell", tree.p.path),
        ("cell", tree.country.path),
        ("own", tree.b1.path),
        ("own", stray),
        ("cell", stray),
        ("cell", stray[:4]),
    } <= found, problems
    # however deep its subtrees, the check finds the same
    for depth in (1, 3, 4):
        assert sorted(rollup.check([KEY], depth=depth)) == sorted(problems)
