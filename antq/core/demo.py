"""A small, deterministic demo dataset in one province, clearly marked as demo.

Running it twice changes nothing: every record is looked up by its natural key first.
"""

import os
import secrets
from datetime import date

from django.db import transaction

from antq.accounts.models import RoleAssignment, User
from antq.areas.choices import AreaLevel, AreaType
from antq.areas.models import Area
from antq.areas.services import area_create
from antq.registry.choices import OrganisationType
from antq.registry.models import Organisation
from antq.registry.services import organisation_create

DEMO_PROVINCE_CODE = "44"  # Quảng Trị (since 1 July 2025)
VILLAGES_PER_COMMUNE = 5
DEMO_ORGS = [
    ("Trường THCS {n}", OrganisationType.SCHOOL),
    ("Ủy ban MTTQ Việt Nam {n}", OrganisationType.FATHERLAND_FRONT),
    ("Đoàn Thanh niên {n}", OrganisationType.YOUTH_UNION),
    ("Công ty TNHH Nông sản {n}", OrganisationType.ENTERPRISE),
]
DEMO_USERS = [  # username, role, which demo commune (None: the province)
    ("xa_a", "editor", 0),
    ("xa_b", "editor", 1),
    ("tinh", "approver", None),
]


@transaction.atomic
def demo_load(*, stdout=None):
    say = stdout.write if stdout else (lambda *_: None)
    province = Area.objects.filter(
        level=AreaLevel.PROVINCE, code=DEMO_PROVINCE_CODE, valid_to__isnull=True
    ).first()
    if province is None:
        raise RuntimeError("Load the areas first: antq load-areas")
    actor = User.objects.filter(username="admin", is_superuser=True).first()
    if actor is None:
        raise RuntimeError("Create the administrator first: antq createadmin")
    communes = list(
        Area.objects.filter(path__startswith=province.path, level=AreaLevel.COMMUNE)
        .active_on(date.today())
        .order_by("code")[:3]
    )
    created = {"villages": 0, "organisations": 0, "users": 0}
    for commune in communes:
        existing = set(
            Area.objects.filter(path__startswith=commune.path, level=AreaLevel.VILLAGE).values_list(
                "code", flat=True
            )
        )
        for i in range(1, VILLAGES_PER_COMMUNE + 1):
            code = f"T{i:02d}"
            if code not in existing:
                area_create(
                    acting_user=actor,
                    parent=commune,
                    level=AreaLevel.VILLAGE,
                    code=code,
                    name=f"Thôn {i}",
                    area_type=AreaType.VILLAGE,
                )
                created["villages"] += 1
        short = commune.name.split(" ", 1)[-1]
        for pattern, org_type in DEMO_ORGS:
            name = pattern.format(n=short)
            if not Organisation.objects.filter(area=commune, name=name).exists():
                organisation_create(
                    acting_user=actor,
                    area=commune,
                    name=name,
                    org_type=org_type,
                    address=commune.name,
                    is_demo=True,
                )
                created["organisations"] += 1

    password = os.environ.get("ANTQ_DEMO_PASSWORD")
    new_password = None
    for username, role, idx in DEMO_USERS:
        area = province if idx is None else communes[idx]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, position="demo")
            new_password = new_password or password or secrets.token_urlsafe(9)
            user.set_password(new_password)
            user.save()
            created["users"] += 1
        RoleAssignment.objects.get_or_create(user=user, area=area, role=role)
    say(
        "demo ({province}): {villages} villages, {organisations} organisations, {users} users "
        "created".format(province=province.name, **created)
    )
    if new_password and not password:
        say(f"demo users xa_a, xa_b, tinh: password (shown once) {new_password}")
    return created
