from datetime import date

from antq.hotspots.services import hotspot_create


def make_hotspot(user, area, **fields):
    values = {
        "title": "Tranh chấp đất đai thôn 1",
        "kind": "land_dispute",
        "opened_on": date(2025, 3, 10),
    } | fields
    return hotspot_create(acting_user=user, area=area, **values)
