"""Reads Vietnam's administrative units from the MIT-licensed `vietnamadminunits` package.

Yields plain dicts (one per unit, parents before children) and crosswalk pairs; the
services write them. Codes are the General Statistics Office codes the package ships.
"""

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from antq.areas.choices import AreaLevel, AreaType

REFORM_START = date(2025, 7, 1)
REFORM_EVE = date(2025, 6, 30)
SOURCE = "vietnamadminunits"

_WARD_TYPES = {
    "Xã": AreaType.COMMUNE,
    "Phường": AreaType.WARD,
    "Thị trấn": AreaType.TOWNSHIP,
    "Đặc khu": AreaType.SPECIAL_ZONE,
}
_DISTRICT_TYPES = {
    "Quận": AreaType.URBAN_DISTRICT,
    "Huyện": AreaType.RURAL_DISTRICT,
    "Thị xã": AreaType.TOWN,
    "Thành phố": AreaType.PROVINCIAL_CITY,
}


def _province_type(name):
    return AreaType.CENTRAL_CITY if name.startswith("Thành phố") else AreaType.PROVINCE


# Type words as Vietnamese writes them at the head of a unit's name: only the first word is
# capitalised ("Thành phố Đồng Hới"). A few names in the package capitalise both
# ("Thành Phố Đồng Hới", "Thị Trấn Ái Tử"); loading again (`antq load-areas`) fixes the rows.
_TYPE_WORDS = ("Thành phố", "Thị xã", "Thị trấn", "Đặc khu", "Quận", "Huyện", "Xã", "Phường")


def tidy_name(name):
    """A unit's name with its type word written as Vietnamese writes it."""
    for word in _TYPE_WORDS:
        if name.lower().startswith(word.lower() + " ") and not name.startswith(word):
            return word + name[len(word) :]
    return name


@dataclass
class Unit:
    level: int
    code: str
    name: str
    area_type: str
    parent_key: str | None
    latitude: float | None = None
    longitude: float | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    source: str = SOURCE
    key: str = field(default="")

    def __post_init__(self):
        self.name = tidy_name(self.name)


@dataclass
class Crosswalk:
    predecessor_key: str
    successor_key: str
    kind: str
    is_default: bool


def _key(level, code, valid_to=None):
    from antq.areas.models import Area

    return Area.make_key(level, code, valid_to)


def _rows(conn, sql):
    cur = conn.execute(sql)
    cols = [d[0] for d in cur.description]
    for row in cur:
        yield dict(zip(cols, row, strict=True))


def package_data_dir():
    return resources.files("vietnamadminunits") / "data"


def read_units():
    """Every unit the package knows: today's and the pre-2025 ones, parents first."""
    data_dir = package_data_dir()
    conn = sqlite3.connect(f"file:{data_dir / 'dataset.db'}?mode=ro", uri=True)
    try:
        current = list(_rows(conn, "SELECT * FROM admin_units ORDER BY provinceCode, wardCode"))
        legacy = list(
            _rows(
                conn,
                "SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode",
            )
        )
    finally:
        conn.close()

    country_key = _key(AreaLevel.COUNTRY, "VN")
    units = [Unit(AreaLevel.COUNTRY, "VN", "Việt Nam", AreaType.COUNTRY, None, 16.0, 106.0)]
    seen = set()
    for r in current:
        if r["provinceCode"] not in seen:
            seen.add(r["provinceCode"])
            units.append(
                Unit(
                    AreaLevel.PROVINCE,
                    r["provinceCode"],
                    r["province"],
                    _province_type(r["province"]),
                    country_key,
                    r["provinceLat"],
                    r["provinceLon"],
                    REFORM_START,
                    None,
                )
            )
    for r in current:
        units.append(
            Unit(
                AreaLevel.COMMUNE,
                r["wardCode"],
                r["ward"],
                _WARD_TYPES[r["wardType"]],
                _key(AreaLevel.PROVINCE, r["provinceCode"]),
                r["wardLat"],
                r["wardLon"],
                REFORM_START,
                None,
            )
        )
    seen_p, seen_d = set(), set()
    for r in legacy:
        if r["provinceCode"] not in seen_p:
            seen_p.add(r["provinceCode"])
            units.append(
                Unit(
                    AreaLevel.PROVINCE,
                    r["provinceCode"],
                    r["province"],
                    _province_type(r["province"]),
                    country_key,
                    r["provinceLat"],
                    r["provinceLon"],
                    None,
                    REFORM_EVE,
                )
            )
    for r in legacy:
        if r["districtCode"] not in seen_d:
            seen_d.add(r["districtCode"])
            units.append(
                Unit(
                    AreaLevel.DISTRICT,
                    r["districtCode"],
                    r["district"],
                    _DISTRICT_TYPES[r["districtType"]],
                    _key(AreaLevel.PROVINCE, r["provinceCode"], REFORM_EVE),
                    r["districtLat"],
                    r["districtLon"],
                    None,
                    REFORM_EVE,
                )
            )
    for r in legacy:
        if r["wardCode"]:  # five island districts have no communes
            units.append(
                Unit(
                    AreaLevel.COMMUNE,
                    r["wardCode"],
                    r["ward"],
                    _WARD_TYPES[r["wardType"]],
                    _key(AreaLevel.DISTRICT, r["districtCode"], REFORM_EVE),
                    r["wardLat"],
                    r["wardLon"],
                    None,
                    REFORM_EVE,
                )
            )
    for u in units:
        u.key = _key(u.level, u.code, u.valid_to)
    return units, current, legacy


def read_crosswalk(current, legacy):
    """Old → new pairs for provinces and communes, from the package's converter_2025.json.

    The package keys units by ASCII-folded names; we join them to codes through the key
    columns of its two tables. Returns (pairs, number of package entries we could not join).
    """
    conv = json.loads((package_data_dir() / "converter_2025.json").read_text(encoding="utf-8"))
    new_province = {r["provinceKey"]: r["provinceCode"] for r in current}
    old_province = {r["provinceKey"]: r["provinceCode"] for r in legacy}
    new_ward = {(r["provinceKey"], r["wardKey"]): r["wardCode"] for r in current}
    old_ward = {
        f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": r["wardCode"]
        for r in legacy
        if r["wardCode"]
    }
    pairs, missed = [], 0
    from antq.areas.choices import SuccessionKind

    for new_key, old_keys in conv["DICT_PROVINCE"].items():
        kind = SuccessionKind.MERGED if len(old_keys) > 1 else SuccessionKind.CONTINUED
        for old_key in old_keys:
            if new_key in new_province and old_key in old_province:
                pairs.append(
                    Crosswalk(
                        _key(AreaLevel.PROVINCE, old_province[old_key], REFORM_EVE),
                        _key(AreaLevel.PROVINCE, new_province[new_key]),
                        kind,
                        True,
                    )
                )
            else:
                missed += 1
    for prov_key, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            kind = SuccessionKind.MERGED if len(old_keys) > 1 else SuccessionKind.CONTINUED
            for old_key in old_keys:
                new_code = new_ward.get((prov_key, ward_key))
                old_code = old_ward.get(old_key)
                if new_code and old_code:
                    pairs.append(
                        Crosswalk(
                            _key(AreaLevel.COMMUNE, old_code, REFORM_EVE),
                            _key(AreaLevel.COMMUNE, new_code),
                            kind,
                            True,
                        )
                    )
                else:
                    missed += 1
    for prov_key, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            for t in targets:
                new_code = new_ward.get((prov_key, t["newWardKey"]))
                old_code = old_ward.get(old_key)
                if new_code and old_code:
                    pairs.append(
                        Crosswalk(
                            _key(AreaLevel.COMMUNE, old_code, REFORM_EVE),
                            _key(AreaLevel.COMMUNE, new_code),
                            SuccessionKind.DIVIDED,
                            bool(t["isDefaultNewWard"]),
                        )
                    )
                else:
                    missed += 1
    return pairs, missed
