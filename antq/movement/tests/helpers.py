"""Small builders shared by the movement tests."""

from datetime import date

from antq.movement.models import ModelCategory
from antq.movement.services import movementmodel_create, team_create


def category(code="security_cameras"):
    return ModelCategory.objects.get(code=code)


def make_model(user, area, **fields):
    values = {
        "name": "Camera an ninh thôn 1",
        "category": category(),
        "started_on": date(2023, 3, 1),
    } | fields
    return movementmodel_create(acting_user=user, area=area, **values)


def make_team(user, area, **fields):
    values = {"name": "Tổ tự quản số 1", "kind": "security_self_governing"} | fields
    return team_create(acting_user=user, area=area, **values)
