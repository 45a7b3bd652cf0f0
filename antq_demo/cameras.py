"""Demo camera sites and fire points: dozens of household sites per commune, a networked
commune system in most communes, public fire-fighting points. Deterministic (the context's rng)."""

from datetime import date, timedelta

from antq.cameras.choices import CameraStatus, FundingSource, OwnerType
from antq.cameras.models import CameraSite, FirePoint
from antq_demo.writes import bulk_create_with_history

STREETS = ["Lê Lợi", "Hùng Vương", "Trần Hưng Đạo", "Quang Trung", "Nguyễn Trãi", "Lê Duẩn"]


def _near(rng, area, spread=0.02):
    if area.latitude is None:
        return None, None
    return (
        round(area.latitude + rng.uniform(-spread, spread), 6),
        round(area.longitude + rng.uniform(-spread, spread), 6),
    )


def generate(ctx):
    rng = ctx.rng
    today = date.today()
    if not CameraSite.objects.filter(
        is_demo=True, area__path__startswith=ctx.province.path
    ).exists():
        sites = []
        for commune in ctx.communes:
            places = ctx.villages.get(commune.pk) or [commune]
            orgs = ctx.organisations.get(commune.pk, [])
            if rng.random() < 0.8:  # the commune's own networked system ("32 eyes")
                lat, lon = _near(rng, commune, 0.005)
                sites.append(
                    CameraSite(
                        area=commune,
                        address=f"UBND {commune.name}",
                        latitude=lat,
                        longitude=lon,
                        owner_type=OwnerType.COMMUNE_SYSTEM,
                        heads=rng.choice([16, 24, 32]),
                        connected=True,
                        retention_days=30,
                        status=CameraStatus.WORKING,
                        installed_on=today - timedelta(days=rng.randint(200, 1500)),
                        funding_source=FundingSource.SOCIALISED,
                        funding_amount=rng.choice([150, 200, 250]) * 1_000_000,
                        footage_consent=True,
                        is_demo=True,
                    )
                )
            for _site in range(rng.randint(15, 45)):
                area = rng.choice(places)
                lat, lon = _near(rng, commune)
                owner = rng.choices(
                    [OwnerType.HOUSEHOLD, OwnerType.ENTERPRISE, OwnerType.SCHOOL, OwnerType.AGENCY],
                    weights=[80, 8, 6, 6],
                )[0]
                same_kind = [o for o in orgs if o.org_type == owner]
                org = rng.choice(same_kind) if same_kind else None
                installed = today - timedelta(days=rng.randint(30, 2000))
                sites.append(
                    CameraSite(
                        area=area,
                        address=f"Số {rng.randint(1, 400)} đường {rng.choice(STREETS)}",
                        latitude=lat,
                        longitude=lon,
                        owner_type=owner,
                        owner_organisation=org,
                        heads=rng.randint(1, 8),
                        connected=rng.random() < 0.35,
                        retention_days=rng.choice([7, 15, 30]),
                        status=rng.choices(
                            [CameraStatus.WORKING, CameraStatus.BROKEN], weights=[92, 8]
                        )[0],
                        installed_on=installed,
                        funding_source=FundingSource.OWNER,
                        footage_consent=rng.random() < 0.7,
                        # about one site in ten is late for its annual re-confirmation
                        reconfirm_due_on=today + timedelta(days=rng.randint(-40, 325)),
                        is_demo=True,
                    )
                )
        bulk_create_with_history(
            sites, CameraSite, batch_size=2000, default_user=ctx.actor, default_change_reason="demo"
        )
        ctx.count("camera sites", len(sites))
    if not FirePoint.objects.filter(
        is_demo=True, area__path__startswith=ctx.province.path
    ).exists():
        points = []
        for commune in ctx.communes:
            for i in range(rng.randint(2, 7)):
                lat, lon = _near(rng, commune)
                points.append(
                    FirePoint(
                        area=rng.choice(ctx.villages.get(commune.pk) or [commune]),
                        name=f"Điểm chữa cháy công cộng số {i + 1}",
                        address=f"Ngã ba đường {rng.choice(STREETS)}",
                        latitude=lat,
                        longitude=lon,
                        equipment="2 bình chữa cháy bột 8 kg\n1 bình CO2 5 kg\n1 thang, 1 câu liêm",
                        last_inspected_on=today - timedelta(days=rng.randint(10, 400)),
                        is_demo=True,
                    )
                )
        bulk_create_with_history(
            points, FirePoint, batch_size=2000, default_user=ctx.actor, default_change_reason="demo"
        )
        ctx.count("fire points", len(points))
