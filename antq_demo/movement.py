"""Demo models, teams and members: a few hundred models across the province (with statuses,
recognitions and replications) and teams in most villages with their members. Names and phone
numbers are invented. Deterministic (the context's rng)."""

from datetime import date, timedelta

from antq.movement import services
from antq.movement.choices import ModelStatus, RecognitionLevel, TeamKind, TeamRole
from antq.movement.models import ModelCategory, MovementModel, Team, TeamMember
from antq_demo.writes import bulk_create_with_history

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Hữu"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trung",
    "Tuấn",
    "Vy",
]
TEAM_NAMES = {
    TeamKind.SECURITY_SELF_GOVERNING: "Tổ tự quản an ninh trật tự {place}",
    TeamKind.FIRE_SAFETY_INTER_FAMILY: "Tổ liên gia an toàn PCCC {place}",
    TeamKind.DIGITAL_TECHNOLOGY: "Tổ công nghệ số cộng đồng {place}",
    TeamKind.SECURITY_PROTECTION: "Tổ bảo vệ an ninh, trật tự ở cơ sở {place}",
    TeamKind.YOUTH_VOLUNTEER: "Đội thanh niên tình nguyện {place}",
}


def _day(rng, start, end):
    return start + timedelta(days=rng.randint(0, (end - start).days))


def generate(ctx):
    rng = ctx.rng
    today = date.today()
    province_models = MovementModel.objects.filter(
        is_demo=True, area__path__startswith=ctx.province.path
    )
    if not province_models.exists():
        categories = list(ModelCategory.objects.filter(is_active=True).order_by("sort_order", "pk"))
        saved = []
        for commune in ctx.communes:
            places = [commune, *ctx.villages.get(commune.pk, [])]
            orgs = ctx.organisations.get(commune.pk, [])
            batch = []
            for _n in range(rng.randint(3, 8)):
                category = rng.choice(categories)
                area = rng.choice(places)
                started = _day(rng, date(2019, 1, 1), today - timedelta(days=60))
                status = rng.choices(list(ModelStatus), weights=[30, 50, 12, 8])[0]
                level = rng.choices(list(RecognitionLevel), weights=[70, 20, 8, 2])[0]
                model = MovementModel(
                    area=area,
                    name=f"{category.name} — {area.name}",
                    category=category,
                    host_organisation=rng.choice(orgs) if orgs and rng.random() < 0.3 else None,
                    started_on=started,
                    status=status,
                    recognition_level=level,
                    recognised_on=(
                        _day(rng, started, today) if level != RecognitionLevel.NONE else None
                    ),
                    is_demo=True,
                )
                if status == ModelStatus.TERMINATED:
                    model.ended_on = _day(rng, started, today)
                    model.status_reason = "Không còn phù hợp với tình hình địa phương"
                same = [m for m in saved if m.category_id == category.pk]
                if same and rng.random() < 0.2:  # a replication of a model from elsewhere
                    model.replicated_from = rng.choice(same)
                batch.append(model)
            # saved commune by commune, so a replication always points to a saved model
            saved.extend(
                services.movementmodel_bulk_create(
                    records=batch, acting_user=ctx.actor, reason="demo"
                )
            )
        ctx.count("models", len(saved))

    if not Team.objects.filter(is_demo=True, area__path__startswith=ctx.province.path).exists():
        models_by_commune = {}
        for m in province_models.only("pk", "area__path"):
            models_by_commune.setdefault(m.area.path[: 3 * 4], []).append(m)
        teams = []
        for commune in ctx.communes:
            own_models = models_by_commune.get(commune.path, [])
            plan = [
                (commune, TeamKind.SECURITY_PROTECTION),
                (commune, TeamKind.DIGITAL_TECHNOLOGY),
            ]
            for village in ctx.villages.get(commune.pk, []):
                if rng.random() < 0.6:
                    plan.append((village, TeamKind.SECURITY_SELF_GOVERNING))
                if rng.random() < 0.5:
                    plan.append((village, TeamKind.DIGITAL_TECHNOLOGY))
                if rng.random() < 0.6:
                    plan.append((village, TeamKind.FIRE_SAFETY_INTER_FAMILY))
            if rng.random() < 0.5:
                plan.append((commune, TeamKind.YOUTH_VOLUNTEER))
            for area, kind in plan:
                teams.append(
                    Team(
                        area=area,
                        kind=kind,
                        name=TEAM_NAMES[kind].format(place=area.name),
                        movement_model=rng.choice(own_models)
                        if own_models and rng.random() < 0.3
                        else None,
                        established_on=_day(rng, date(2018, 1, 1), today - timedelta(days=30)),
                        is_demo=True,
                    )
                )
        teams = bulk_create_with_history(
            teams, Team, batch_size=2000, default_user=ctx.actor, default_change_reason="demo"
        )
        members = []
        for team in teams:
            for i in range(rng.randint(4, 12)):
                role = (
                    TeamRole.LEADER if i == 0 else (TeamRole.DEPUTY if i == 1 else TeamRole.MEMBER)
                )
                members.append(
                    TeamMember(
                        team=team,
                        role_in_team=role,
                        full_name=" ".join(rng.choice(part) for part in (SURNAMES, MIDDLE, GIVEN)),
                        phone=f"09{rng.randint(0, 99):02d} {rng.randint(0, 999):03d} "
                        f"{rng.randint(0, 999):03d}",
                        joined_on=team.established_on,
                    )
                )
        bulk_create_with_history(
            members,
            TeamMember,
            batch_size=2000,
            default_user=ctx.actor,
            default_change_reason="demo",
        )
        ctx.count("teams", len(teams))
        ctx.count("team members", len(members))
