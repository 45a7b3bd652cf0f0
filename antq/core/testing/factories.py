"""factory-boy factories shared by every app's tests."""

import itertools
from datetime import date
from types import SimpleNamespace

import factory

from antq.accounts.models import RoleAssignment, User
from antq.areas.choices import AreaLevel, AreaType, SuccessionKind
from antq.areas.models import Area, AreaSuccession
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


def make_tree():
    """Việt Nam → province P → communes A and B (each with a village), plus province Q: the
    tree of the `tree` fixture, for class data (setUpTestData)."""
    country = make_area(name="Việt Nam", code="VN")
    p = make_area(country, name="Tỉnh Quảng Trị", code="44")
    a = make_area(p, name="Xã Hòa Bình", code="10001")
    b = make_area(p, name="Phường Đông Hà", code="10002", area_type="phuong")
    a1 = make_area(a, name="Thôn 1", code="T01")
    b1 = make_area(b, name="Tổ dân phố 1", code="T01", area_type="to_dan_pho")
    q = make_area(country, name="Thành phố Huế", code="46", area_type="thanh_pho_tw")
    for node in (country, p, a, b, q):
        node.refresh_from_db()
    return SimpleNamespace(country=country, p=p, a=a, b=b, a1=a1, b1=b1, q=q)


def make_users(tree):
    """The users of the `users` fixture: viewer and editor at commune A, editor at B, approver
    at the province, an administrator, and a user with no role."""
    return SimpleNamespace(
        a_viewer=make_user(tree.a, "viewer", username="a_viewer"),
        a_editor=make_user(tree.a, "editor", username="a_editor"),
        b_editor=make_user(tree.b, "editor", username="b_editor"),
        p_approver=make_user(tree.p, "approver", username="p_approver"),
        nobody=make_user(None, username="nobody"),
        admin=make_user(tree.country, "administrator", username="root_admin"),
    )


REFORM_EVE = date(2025, 6, 30)


def make_former_tree(tree):
    """The past of `make_tree`'s units, as the 2025 reform and an earlier merger wave left it:

    - former province OP (until 30 June 2025) became P; under its former district OD, commune
      FA (2021–2025) became A, and FA0 (until 2020) became FA: a chain of two successions;
    - former province OQ was shared out (no province-level succession); under its district OQD,
      FQ became QC, today's commune of province Q, and FD was divided between B (its main
      successor) and QC;
    - X, a commune still in force beside them, ceded part of its ground to A (a succession from
      a unit that has not ended).
    """
    old = {"valid_to": REFORM_EVE}
    op = make_area(tree.country, level=AreaLevel.PROVINCE, name="Tỉnh Cũ P", **old)
    od = make_area(op, level=AreaLevel.DISTRICT, name="Huyện Cũ", **old)
    fa = make_area(od, name="Xã Cũ A", valid_from=date(2021, 1, 1), **old)
    fa0 = make_area(od, name="Xã Cũ A0", valid_to=date(2020, 12, 31))
    oq = make_area(tree.country, level=AreaLevel.PROVINCE, name="Tỉnh Cũ Q", **old)
    oqd = make_area(oq, level=AreaLevel.DISTRICT, name="Huyện Cũ Q", **old)
    fq = make_area(oqd, name="Xã Cũ Q", **old)
    fd = make_area(oqd, name="Xã Cũ Chia", **old)
    qc = make_area(tree.q, name="Xã Mới Q")
    x = make_area(tree.p, name="Xã Còn")
    merged, divided = SuccessionKind.MERGED, SuccessionKind.DIVIDED
    for predecessor, successor, kind, default in (
        (op, tree.p, merged, True),
        (fa, tree.a, merged, True),
        (fa0, fa, merged, True),
        (fq, qc, merged, True),
        (fd, tree.b, divided, True),
        (fd, qc, divided, False),
        (x, tree.a, divided, False),
    ):
        AreaSuccession.objects.create(
            predecessor=predecessor, successor=successor, kind=kind, is_default=default
        )
    for node in (op, od, fa, oq, oqd):
        node.refresh_from_db()
    return SimpleNamespace(op=op, od=od, fa=fa, fa0=fa0, oq=oq, oqd=oqd, fq=fq, fd=fd, qc=qc, x=x)
