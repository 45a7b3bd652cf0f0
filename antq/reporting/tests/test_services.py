"""Obligations are kept by administrators of the unit or above it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

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
