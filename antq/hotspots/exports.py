"""Export columns and the import spec for hotspots."""

from django.utils.translation import gettext_lazy as _

from antq.core.imports import Column, ImportSpec, parse_choice, parse_date, parse_text
from antq.hotspots.choices import HotspotKind, HotspotStatus
from antq.hotspots.models import Hotspot

HOTSPOT_COLUMNS = [
    (_("id"), lambda h: h.pk),
    (_("area code"), lambda h: h.area.code),
    (_("area"), lambda h: h.area.name),
    (_("title"), lambda h: h.title),
    (_("kind"), lambda h: h.get_kind_display()),
    (_("arose on"), lambda h: h.opened_on),
    (_("status"), lambda h: h.get_status_display()),
    (_("settled on"), lambda h: h.settled_on),
    (_("notes"), lambda h: h.notes),
]


def _prepare(rows, user):
    return user


def _build(row, area, user):
    hotspot = Hotspot(
        area=area,
        title=row["title"],
        kind=row["kind"],
        opened_on=row["opened_on"],
        status=row["status"] or HotspotStatus.MONITORING,
        settled_on=row["settled_on"],
        notes=row["notes"] or "",
    )
    hotspot._history_user = user  # also the author of the first status row
    return hotspot


HOTSPOT_IMPORT = ImportSpec(
    model=Hotspot,
    basename="hotspots",
    build=_build,
    prepare=_prepare,
    columns=[
        Column("title", _("title"), parse_text(255), required=True),
        Column(
            "kind",
            _("kind"),
            parse_choice(HotspotKind.choices),
            required=True,
            help=", ".join(HotspotKind.values),
        ),
        Column("opened_on", _("arose on"), parse_date, required=True, help="DD/MM/YYYY"),
        Column(
            "status",
            _("status"),
            parse_choice(HotspotStatus.choices),
            help=", ".join(HotspotStatus.values),
        ),
        Column(
            "settled_on",
            _("settled on"),
            parse_date,
            help=_("DD/MM/YYYY; only for a settled hotspot"),
        ),
        Column("notes", _("notes"), parse_text(4000)),
    ],
)
