"""Obligations are kept by administrators of the unit or above it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from antq.reporting.models import Obligation
from antq.reporting.services import obligation_create, obligation_delete, obligation_update


def test_an_administrator_adds_changes_and_removes_an_obligation(tree, users):
    obligation = obligation_create(
        acting_user=users.admin, area=tree.b, exempt=True, reason=" sáp nhập "
    )
    assert obligation.reason == "sáp nhập"
    assert obligation.history.first().history_user == users.admin
    obligation_update(acting_user=users.admin, instance=obligation, valid_to=date(2024, 6, 30))
    assert Obligation.objects.get().valid_to == date(2024, 6, 30)
    obligation_delete(acting_user=users.admin, instance=obligation)
    assert not Obligation.objects.exists()


def test_refusals_change_nothing(tree, users):
    with pytest.raises(PermissionDenied):  # an approver is not an administrator
        obligation_create(acting_user=users.p_approver, area=tree.a)
    with pytest.raises(ValidationError) as err:  # outside the jurisdiction: no such area
        obligation_create(acting_user=users.a_editor, area=tree.q)
    assert "area" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        obligation_create(
            acting_user=users.admin,
            area=tree.a,
            valid_from=date(2024, 5, 1),
            valid_to=date(2024, 4, 30),
        )
    assert "valid_to" in err.value.message_dict
    assert not Obligation.objects.exists()
    kept = Obligation.objects.create(area=tree.a)
    with pytest.raises(PermissionDenied):
        obligation_delete(acting_user=users.p_approver, instance=kept)
    assert Obligation.objects.filter(pk=kept.pk).exists()


def test_an_obligation_wholly_outside_its_units_validity_is_refused(tree, users):
    """A unit reports only while it is in force: an obligation that begins after its end (or
    ends before its start) is refused with the unit's dates, and nothing is saved."""
    from antq.areas.choices import AreaLevel
    from antq.core.testing.factories import REFORM_EVE, make_area

    district = make_area(tree.p, level=AreaLevel.DISTRICT, name="Huyện Cũ", valid_to=REFORM_EVE)
    later = make_area(
        tree.p, level=AreaLevel.DISTRICT, name="Huyện Mới", valid_from=date(2025, 7, 1)
    )
    with pytest.raises(ValidationError) as err, translation.override("en"):
        obligation_create(acting_user=users.admin, area=district, valid_from=date(2025, 7, 1))
    assert err.value.message_dict["valid_from"] == [
        "Huyện Cũ ended on Jun 30, 2025: it reports nothing after then, so an obligation cannot "
        "begin later."
    ]
    with pytest.raises(ValidationError) as err, translation.override("en"):
        obligation_create(acting_user=users.admin, area=later, valid_to=date(2025, 6, 30))
    assert "Huyện Mới began on" in err.value.message_dict["valid_to"][0]
    assert not Obligation.objects.exists()
    # one with no end that begins while the unit is in force is kept: it reaches its last month
    assert obligation_create(acting_user=users.admin, area=district, valid_from=date(2025, 1, 1))
