"""The import spec for hotspots."""

from django.utils.translation import gettext_lazy as _

from antq.core.imports import Column, ImportSpec, choices_help, parse_choice, parse_date, parse_text
from antq.hotspots import services
from antq.hotspots.choices import HotspotKind, HotspotStatus
from antq.hotspots.models import Hotspot


def _build(row, area, context):
    return Hotspot(
        area=area,
        title=row["title"],
        kind=row["kind"],
        opened_on=row["opened_on"],
        status=row["status"] or HotspotStatus.MONITORING,
        settled_on=row["settled_on"],
        notes=row["notes"] or "",
    )


HOTSPOT_IMPORT = ImportSpec(
    model=Hotspot,
    write=services.hotspot_bulk_create,
    basename="hotspots",
    date_column="opened_on",
    build=_build,
    columns=[
        Column("title", _("title"), parse_text(255), required=True),
        Column(
            "kind",
            _("kind"),
            parse_choice(HotspotKind.choices),
            required=True,
            help=choices_help(HotspotKind.choices),
        ),
        Column("opened_on", _("arose on"), parse_date, required=True, help="DD/MM/YYYY"),
        Column(
            "status",
            _("status"),
            parse_choice(HotspotStatus.choices),
            help=choices_help(HotspotStatus.choices),
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
