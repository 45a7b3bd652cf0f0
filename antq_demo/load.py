"""The demo dataset: one province filled with a realistic, deterministic spread of records,
every one marked as demo (`is_demo`). Each app's records come from a step
(`antq_demo/<app>.py: generate`); a step whose records are already there is skipped, so running
`antq demo` twice changes nothing.
"""

import os
import random
import secrets
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module

from django.db import transaction

from antq.accounts.models import RoleAssignment, User
from antq.areas import loaders
from antq.areas.choices import AreaLevel, AreaType
from antq.areas.models import Area
from antq.areas.services import insert_units
from antq.core import locks
from antq.registry.choices import OrganisationType
from antq.registry.models import Organisation
from antq_demo.writes import bulk_create_with_history

DEMO_PROVINCE_CODE = "44"  # Quảng Trị (since 1 July 2025)
SEED = 20250701
DEMO_ORGS = [
    ("Trường THCS {n}", OrganisationType.SCHOOL),
    ("Ủy ban MTTQ Việt Nam {n}", OrganisationType.FATHERLAND_FRONT),
    ("Đoàn Thanh niên {n}", OrganisationType.YOUTH_UNION),
    ("Công ty TNHH Nông sản {n}", OrganisationType.ENTERPRISE),
]
DEMO_USERS = [  # username, role, which demo commune (None: the province), (rank, name, position)
    ("xa_a", "editor", 0, ("Đại úy", "Nguyễn Văn An", "Trưởng Công an xã")),
    ("xa_b", "editor", 1, ("Thượng úy", "Hoàng Thị Mai", "Phó Trưởng Công an xã")),
    ("tinh", "approver", None, ("Thiếu tá", "Lê Văn Bình", "Phó Trưởng Công an tỉnh")),
]
# The administrator who loads the demo data is named in its history: a person, not "admin".
DEMO_ADMIN = ("Trung tá", "Trần Quốc Hùng", "Trưởng phòng Tham mưu, Công an tỉnh")
# later steps see what earlier ones made
STEPS = [
    "antq_demo.movement",
    "antq_demo.cameras",
    "antq_demo.tallies",
    "antq_demo.tips",
    "antq_demo.activities",
    "antq_demo.honours",
    "antq_demo.hotspots",
    "antq_demo.evaluations",
]


@dataclass
class DemoContext:
    province: Area
    communes: list
    actor: User
    rng: random.Random
    villages: dict = field(default_factory=dict)  # commune pk -> [village Areas]
    organisations: dict = field(default_factory=dict)  # commune pk -> [Organisations]
    created: dict = field(default_factory=dict)

    def count(self, what, n):
        self.created[what] = self.created.get(what, 0) + n


def _villages(ctx):
    have = Area.objects.filter(path__startswith=ctx.province.path, level=AreaLevel.VILLAGE)
    if not have.filter(source="demo").exists():
        units = []
        for commune in ctx.communes:
            existing = set(Area.objects.get_children(commune).values_list("code", flat=True))
            kind = AreaType.RESIDENTIAL_GROUP if commune.area_type == "phuong" else AreaType.VILLAGE
            word = "Tổ dân phố" if kind == AreaType.RESIDENTIAL_GROUP else "Thôn"
            for i in range(1, ctx.rng.randint(5, 12) + 1):
                code = f"T{i:02d}"
                if code not in existing:
                    units.append(
                        loaders.Unit(
                            AreaLevel.VILLAGE, code, f"{word} {i}", kind, commune.key, source="demo"
                        )
                    )
        ctx.count("villages", len(insert_units(units, acting_user=ctx.actor, reason="demo")))
    for v in have.order_by("path"):
        ctx.villages.setdefault(v.path[: -Area.steplen], []).append(v)
    ctx.villages = {c.pk: ctx.villages.get(c.path, []) for c in ctx.communes}


def _organisations(ctx):
    demo = Organisation.objects.filter(is_demo=True, area__path__startswith=ctx.province.path)
    if not demo.exists():
        orgs = []
        for commune in ctx.communes:
            short = commune.name.split(" ", 1)[-1]
            for pattern, org_type in DEMO_ORGS:
                orgs.append(
                    Organisation(
                        area=commune,
                        name=pattern.format(n=short),
                        org_type=org_type,
                        address=commune.name,
                        is_demo=True,
                    )
                )
        bulk_create_with_history(
            orgs,
            Organisation,
            batch_size=1000,
            default_user=ctx.actor,
            default_change_reason="demo",
        )
        ctx.count("organisations", len(orgs))
    for org in demo.order_by("pk"):
        ctx.organisations.setdefault(org.area_id, []).append(org)


def _users(ctx):
    password = os.environ.get("ANTQ_DEMO_PASSWORD")
    new_password = None
    for username, role, idx, (rank, name, position) in DEMO_USERS:
        area = ctx.province if idx is None else ctx.communes[idx % len(ctx.communes)]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, rank=rank, full_name=name, position=position, unit=area)
            new_password = new_password or password or secrets.token_urlsafe(9)
            user.set_password(new_password)
            user.save()
            ctx.count("users", 1)
        RoleAssignment.objects.get_or_create(user=user, area=area, role=role)
    if not ctx.actor.full_name:
        ctx.actor.rank, ctx.actor.full_name, ctx.actor.position = DEMO_ADMIN
        ctx.actor.unit = ctx.actor.unit or ctx.province
        ctx.actor.save(update_fields=["rank", "full_name", "position", "unit"])
    return new_password if (new_password and not password) else None


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
        .order_by("code")
    )
    ctx = DemoContext(province=province, communes=communes, actor=actor, rng=random.Random(SEED))
    _villages(ctx)
    _organisations(ctx)
    # the demo loads years of records at once, approving tallies as it goes: a deliberate load
    # by the system, to which closed periods do not apply (data entry does not run through it)
    with locks.system_load():
        for step in STEPS:
            import_module(step).generate(ctx)
    shown_password = _users(ctx)
    made = ", ".join(f"{n} {what}" for what, n in ctx.created.items()) or "nothing new"
    say(f"demo ({province.name}, {len(communes)} communes): {made}")
    if shown_password:
        say(f"demo users xa_a, xa_b, tinh: password (shown once) {shown_password}")
    return ctx.created
