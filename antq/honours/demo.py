"""Demo emulation agreements and commendations for the demo province, built on the demo
activities: each commune signs its year's agreement with its Fatherland Front, youth union and
villages at the signing ceremony; at each festival day the commune's chairman awards certificates
of commendation (giấy khen) to villages, teams and people under one decision; at the province's
December review its chairman awards certificates of merit (bằng khen) to communes and people,
and the Ministry commemorative medals to a few. This year's festival-day nominations still
await a decision, and one was turned down. Names are invented. Deterministic (the context's rng);
skipped once the province has demo commendations."""

from datetime import date, timedelta

from django.utils import timezone

from antq.activities.choices import ActivityKind
from antq.activities.models import Activity
from antq.core.imports import bulk_create_with_history
from antq.honours.choices import AuthorityLevel, AwardForm, CommendationStatus, RecipientKind
from antq.honours.models import Commendation, EmulationAgreement
from antq.movement.demo import GIVEN, MIDDLE, SURNAMES
from antq.movement.models import Team
from antq.registry.choices import OrganisationType

POSITIONS = [
    "Trưởng thôn",
    "Công an viên",
    "Tổ trưởng tổ tự quản an ninh, trật tự",
    "Chi hội trưởng Chi hội Phụ nữ",
    "Bí thư Chi đoàn",
    "Tổ trưởng tổ liên gia an toàn PCCC",
    "Người có uy tín trong cộng đồng",
]
ACHIEVEMENT = "Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc năm {year}"
PROVINCE_AUTHORITY = "Chủ tịch UBND tỉnh {name}"
MINISTRY_AUTHORITY = "Bộ trưởng Bộ Công an"


def _person(rng):
    return " ".join(rng.choice(part) for part in (SURNAMES, MIDDLE, GIVEN))


class Builder:
    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = ctx.rng
        self.now = timezone.now()
        self.made = []

    def add(self, area, year, *, recipient, status=CommendationStatus.APPROVED, **fields):
        values = {
            "area": area,
            "achievement": ACHIEVEMENT.format(year=year),
            "period_from": date(year, 1, 1),
            "period_to": date(year, 12, 31),
            "status": status,
            "nominated_by": self.ctx.actor,
            "nominated_at": self.now,
            "is_demo": True,
        }
        if status != CommendationStatus.NOMINATED:
            values |= {"decided_by": self.ctx.actor, "decided_at": self.now}
        commendation = Commendation(**values, **recipient, **fields)
        commendation.fill_collective_name()
        commendation.full_clean(
            exclude=["area", "recipient_organisation", "recipient_team", "activity"]
        )
        self.made.append(commendation)

    def individual(self):
        return {
            "recipient_kind": RecipientKind.INDIVIDUAL,
            "recipient_name": _person(self.rng),
            "recipient_position": self.rng.choice(POSITIONS),
        }


def _festival_awards(builder, festival, villages, teams, number):
    """The commune's certificates of commendation presented at its festival day."""
    rng, year = builder.rng, festival.held_on.year
    commune = festival.area
    decided = festival.held_on - timedelta(days=rng.randint(2, 7))
    pending = festival.held_on.year == timezone.localdate().year
    decision = {} if pending else {"decision_number": f"{number}/QĐ-UBND", "decision_date": decided}
    common = {
        "award_form": AwardForm.CERTIFICATE_OF_COMMENDATION,
        "authority_level": AuthorityLevel.COMMUNE,
        "authority_name": f"Chủ tịch UBND {commune.name}",
        "activity": festival,
        "status": CommendationStatus.NOMINATED if pending else CommendationStatus.APPROVED,
        **decision,
    }
    for village in rng.sample(villages, k=min(len(villages), rng.randint(1, 3))):
        builder.add(village, year, recipient={"recipient_kind": RecipientKind.AREA}, **common)
    for team in rng.sample(teams, k=min(len(teams), rng.randint(0, 2))):
        recipient = {"recipient_kind": RecipientKind.TEAM, "recipient_team": team}
        builder.add(team.area, year, recipient=recipient, **common)
    places = [commune, *villages]
    for _n in range(rng.randint(2, 4)):
        builder.add(rng.choice(places), year, recipient=builder.individual(), **common)


def _province_awards(builder, review, communes, number):
    """The province's certificates of merit, and the Ministry's medals, at its December review."""
    rng, year = builder.rng, review.held_on.year
    decided = review.held_on - timedelta(days=rng.randint(3, 8))
    merit = {
        "award_form": AwardForm.CERTIFICATE_OF_MERIT,
        "authority_level": AuthorityLevel.PROVINCE,
        "authority_name": PROVINCE_AUTHORITY.format(name=review.area.name.split(" ", 1)[-1]),
        "decision_number": f"{number}/QĐ-UBND",
        "decision_date": decided,
        "activity": review,
    }
    for commune in rng.sample(communes, k=min(len(communes), max(1, len(communes) // 8))):
        builder.add(commune, year, recipient={"recipient_kind": RecipientKind.AREA}, **merit)
    for commune in rng.sample(communes, k=min(len(communes), max(1, len(communes) // 10))):
        builder.add(commune, year, recipient=builder.individual(), **merit)
    medal = {
        "award_form": AwardForm.COMMEMORATIVE_MEDAL,
        "form_other": "",
        "authority_level": AuthorityLevel.MINISTRY,
        "authority_name": MINISTRY_AUTHORITY,
        "decision_number": f"{number // 3 + 100}/QĐ-BCA",
        "decision_date": decided - timedelta(days=20),
        "activity": review,
    }
    for commune in rng.sample(communes, k=min(len(communes), 2)):
        builder.add(commune, year, recipient=builder.individual(), **medal)


def _agreements(ctx, signings):
    """One agreement a year per commune, signed at its signing ceremony."""
    rng = ctx.rng
    made = []
    for signing in signings:
        commune, year = signing.area, signing.held_on.year
        orgs = [
            o
            for o in ctx.organisations.get(commune.pk, [])
            if o.org_type in (OrganisationType.FATHERLAND_FRONT, OrganisationType.YOUTH_UNION)
        ]
        villages = ctx.villages.get(commune.pk, [])
        areas = rng.sample(villages, k=min(len(villages), rng.randint(2, 5))) or [commune]
        agreement = EmulationAgreement(
            area=commune,
            title=f"Giao ước thi đua phong trào toàn dân bảo vệ ANTQ năm {year} — {commune.name}",
            signed_on=signing.held_on,
            period_from=signing.held_on.replace(month=1, day=1),
            period_to=signing.held_on.replace(month=12, day=31),
            targets="Không để xảy ra tội phạm nghiêm trọng và điểm nóng về an ninh, trật tự; "
            "100% thôn có mô hình tự phòng, tự quản; kéo giảm tai nạn giao thông",
            activity=signing,
            is_demo=True,
        )
        agreement._pending_links = {"organisations": orgs, "party_areas": areas}
        made.append(agreement)
    return made


def generate(ctx):
    rng = ctx.rng
    existing = Commendation.objects.filter(is_demo=True, area__path__startswith=ctx.province.path)
    if existing.exists():
        return
    activities = Activity.objects.filter(
        is_demo=True, area__path__startswith=ctx.province.path
    ).select_related("area")
    signings = list(
        activities.filter(kind=ActivityKind.AGREEMENT_SIGNING).order_by("held_on", "pk")
    )
    agreements = bulk_create_with_history(
        _agreements(ctx, signings),
        EmulationAgreement,
        batch_size=2000,
        default_user=ctx.actor,
        default_change_reason="demo",
    )
    teams = {}
    for team in Team.objects.filter(
        is_demo=True, area__path__startswith=ctx.province.path, dissolved_on__isnull=True
    ).select_related("area"):
        teams.setdefault(team.area.path[: len(ctx.province.path) + 4], []).append(team)
    builder = Builder(ctx)
    festivals = activities.filter(kind=ActivityKind.FESTIVAL_DAY, area__in=ctx.communes)
    for festival in festivals.order_by("held_on", "area__path", "pk"):
        commune = festival.area
        _festival_awards(
            builder,
            festival,
            ctx.villages.get(commune.pk, []),
            teams.get(commune.path, []),
            number=(festival.held_on.year - 2000) * 10 + rng.randint(1, 9),
        )
    reviews = activities.filter(kind=ActivityKind.FINAL_REVIEW, area=ctx.province)
    for review in reviews.order_by("held_on"):
        _province_awards(
            builder, review, ctx.communes, number=(review.held_on.year - 2000) * 150 + 17
        )
    pending = [c for c in builder.made if c.status == CommendationStatus.NOMINATED]
    if pending:
        turned_down = rng.choice(pending)
        turned_down.status = CommendationStatus.REJECTED
        turned_down.rejection_reason = "Chưa đủ thời gian tham gia phong trào theo quy định"
        turned_down.decided_by, turned_down.decided_at = ctx.actor, builder.now
    bulk_create_with_history(
        builder.made,
        Commendation,
        batch_size=2000,
        default_user=ctx.actor,
        default_change_reason="demo",
    )
    ctx.count("emulation agreements", len(agreements))
    ctx.count("commendations", len(builder.made))
