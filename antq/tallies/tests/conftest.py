import pytest

from antq.areas.choices import AreaLevel
from antq.core.testing.factories import make_area, make_user


@pytest.fixture
def district(tree, settings):
    """An intermediate approval level kept (ANTQ_APPROVAL_LEVELS): district D under P, with
    communes C1 and C2, their editors e1 and e2, and D's approver."""
    settings.ANTQ_APPROVAL_LEVELS = ["district", "province"]
    d = make_area(tree.p, level=AreaLevel.DISTRICT, name="Huyện D")
    c1 = make_area(d, level=AreaLevel.COMMUNE, name="Xã C1")
    c2 = make_area(d, level=AreaLevel.COMMUNE, name="Xã C2")
    return {
        "d": d,
        "c1": c1,
        "c2": c2,
        "e1": make_user(c1, "editor"),
        "e2": make_user(c2, "editor"),
        "approver": make_user(d, "approver", username="d_approver"),
    }
