"""factory-boy factories shared by every app's tests."""

import itertools

import factory

from antq.accounts.models import RoleAssignment, User
from antq.areas.choices import AreaLevel, AreaType
from antq.areas.models import Area
from antq.registry.choices import OrganisationType
from antq.registry.models import Organisation

_codes = itertools.count(1)

_TYPE_FOR_LEVEL = {
    AreaLevel.COUNTRY: AreaType.COUNTRY,
    AreaLevel.PROVINCE: AreaType.PROVINCE,
    AreaLevel.DISTRICT: AreaType.RURAL_DISTRICT,
    AreaLevel.COMMUNE: AreaType.COMMUNE,
    AreaLevel.VILLAGE: AreaType.VILLAGE,
}


def make_area(parent=None, *, level=None, name=None, code=None, **fields):
    """A unit in the tree (treebeard needs add_root/add_child, so no plain factory)."""
    if level is None:
        level = (
            AreaLevel.COUNTRY
            if parent is None
            else (AreaLevel.COMMUNE if parent.level == AreaLevel.PROVINCE else parent.level + 1)
        )
    n = next(_codes)
    area = Area(
        code=code or f"T{n:05d}",
        name=name or f"Unit {n}",
        level=level,
        area_type=fields.pop("area_type", _TYPE_FOR_LEVEL[AreaLevel(level)]),
        **fields,
    )
    area.fill_derived(parent)
    return (
        Area.objects.add_root(instance=area)
        if parent is None
        else Area.objects.add_child(parent, instance=area)
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_user(area=None, role="viewer", **kwargs):
    user = UserFactory(**kwargs)
    if area is not None:
        RoleAssignment.objects.create(user=user, area=area, role=role)
    return user


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    org_type = OrganisationType.SCHOOL
    address = "1 Main road"
