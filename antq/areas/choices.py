from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from antq.formats import format_number


class AreaLevel(models.IntegerChoices):
    COUNTRY = 0, _("Country")
    PROVINCE = 1, _("Province")
    DISTRICT = 2, _("District")
    COMMUNE = 3, _("Commune")
    VILLAGE = 4, _("Village")


def counted_units(level, n):
    """n units of a level as a counted noun, the way reports count them ("12 thôn, tổ dân
    phố", "78 xã, phường, đặc khu"), not the level's name ("12 Cấp thôn")."""
    if level == AreaLevel.VILLAGE:
        text = ngettext(
            "{n} village or residential group", "{n} villages and residential groups", n
        )
    elif level == AreaLevel.COMMUNE:
        text = ngettext("{n} commune or ward", "{n} communes and wards", n)
    elif level == AreaLevel.DISTRICT:
        text = ngettext("{n} district-level unit", "{n} district-level units", n)
    elif level == AreaLevel.PROVINCE:
        text = ngettext(
            "{n} province or centrally-run city", "{n} provinces and centrally-run cities", n
        )
    else:
        text = ngettext("{n} country", "{n} countries", n)
    return text.format(n=format_number(n))


class AreaType(models.TextChoices):
    """The administrative type of a unit, as the Vietnamese name says it."""

    COUNTRY = "quoc_gia", _("Country")
    PROVINCE = "tinh", _("Province (tỉnh)")
    CENTRAL_CITY = "thanh_pho_tw", _("Centrally-run city (thành phố)")
    URBAN_DISTRICT = "quan", _("Urban district (quận)")
    RURAL_DISTRICT = "huyen", _("Rural district (huyện)")
    TOWN = "thi_xa", _("Town (thị xã)")
    PROVINCIAL_CITY = "thanh_pho", _("Provincial city (thành phố)")
    COMMUNE = "xa", _("Commune (xã)")
    WARD = "phuong", _("Ward (phường)")
    TOWNSHIP = "thi_tran", _("Township (thị trấn)")
    SPECIAL_ZONE = "dac_khu", _("Special zone (đặc khu)")
    VILLAGE = "thon", _("Village (thôn)")
    HAMLET = "ap", _("Hamlet (ấp)")
    MOUNTAIN_VILLAGE = "ban", _("Mountain village (bản)")
    RESIDENTIAL_GROUP = "to_dan_pho", _("Residential group (tổ dân phố)")
    NEIGHBOURHOOD = "khu_pho", _("Neighbourhood (khu phố)")
    OTHER = "khac", _("Other")


VILLAGE_TYPES = (
    AreaType.VILLAGE,
    AreaType.HAMLET,
    AreaType.MOUNTAIN_VILLAGE,
    AreaType.RESIDENTIAL_GROUP,
    AreaType.NEIGHBOURHOOD,
    AreaType.OTHER,
)

LEVEL_TYPES = {
    AreaLevel.COUNTRY: (AreaType.COUNTRY,),
    AreaLevel.PROVINCE: (AreaType.PROVINCE, AreaType.CENTRAL_CITY),
    AreaLevel.DISTRICT: (
        AreaType.URBAN_DISTRICT,
        AreaType.RURAL_DISTRICT,
        AreaType.TOWN,
        AreaType.PROVINCIAL_CITY,
    ),
    AreaLevel.COMMUNE: (
        AreaType.COMMUNE,
        AreaType.WARD,
        AreaType.TOWNSHIP,
        AreaType.SPECIAL_ZONE,
    ),
    AreaLevel.VILLAGE: VILLAGE_TYPES,
}

# A unit's parent must be one level up, except that today's communes hang off provinces
# directly (districts were abolished on 1 July 2025).
ALLOWED_PARENT_LEVELS = {
    AreaLevel.PROVINCE: (AreaLevel.COUNTRY,),
    AreaLevel.DISTRICT: (AreaLevel.PROVINCE,),
    AreaLevel.COMMUNE: (AreaLevel.DISTRICT, AreaLevel.PROVINCE),
    AreaLevel.VILLAGE: (AreaLevel.COMMUNE,),
}


class SuccessionKind(models.TextChoices):
    MERGED = "merged", _("Merged into")
    DIVIDED = "divided", _("Divided; part went to")
    CONTINUED = "continued", _("Continued as")
