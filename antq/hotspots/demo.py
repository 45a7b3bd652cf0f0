"""Demo hotspots: about one commune in three has had one (a few two) since 2023 — land
disputes most often, then site clearance, boundaries, labour disputes — most of the older ones
settled. Situations only, never people. Deterministic (the context's rng)."""

from datetime import date, timedelta

from antq.core.imports import bulk_create_with_history
from antq.hotspots.choices import HotspotKind, HotspotStatus
from antq.hotspots.models import Hotspot

FIRST_DAY = date(2023, 1, 1)
KINDS = [
    (HotspotKind.LAND_DISPUTE, 40, "Tranh chấp đất đai giữa các hộ dân tại {place}"),
    (HotspotKind.SITE_CLEARANCE, 20, "Khiếu kiện về bồi thường, giải phóng mặt bằng tại {place}"),
    (HotspotKind.BOUNDARY_DISPUTE, 10, "Tranh chấp địa giới hành chính giáp ranh {place}"),
    (HotspotKind.LABOUR_DISPUTE, 10, "Công nhân ngừng việc tập thể đòi tăng lương tại {place}"),
    (HotspotKind.RELIGIOUS, 5, "Tranh chấp đất cơ sở tôn giáo tại {place}"),
    (HotspotKind.OTHER, 15, "Mâu thuẫn kéo dài về sử dụng đường đi chung tại {place}"),
]


def _day(rng, start, end):
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


def generate(ctx):
    rng = ctx.rng
    if Hotspot.objects.filter(is_demo=True, area__path__startswith=ctx.province.path).exists():
        return
    today = date.today()
    hotspots = []
    for commune in ctx.communes:
        draw = rng.random()
        n = 2 if draw < 0.08 else (1 if draw < 0.38 else 0)
        for _i in range(n):
            kind, _w, title = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0]
            place = rng.choice([commune, *ctx.villages.get(commune.pk, [])])
            opened = _day(rng, FIRST_DAY, today - timedelta(days=10))
            old = (today - opened).days > 540
            status = rng.choices(list(HotspotStatus), weights=[5, 15, 80] if old else [25, 30, 45])[
                0
            ]
            settled = None
            if status == HotspotStatus.SETTLED:
                settled = min(opened + timedelta(days=rng.randint(20, 300)), today)
            hotspot = Hotspot(
                area=place,
                title=title.format(place=place.name),
                kind=kind,
                opened_on=opened,
                status=status,
                settled_on=settled,
                notes="Số liệu mẫu (demo)",
                is_demo=True,
            )
            hotspot._history_user = ctx.actor
            hotspots.append(hotspot)
    bulk_create_with_history(
        hotspots, Hotspot, batch_size=1000, default_user=ctx.actor, default_change_reason="demo"
    )
    ctx.count("hotspots", len(hotspots))
