"""Import specs for camera sites and fire points."""

from django.utils.translation import gettext_lazy as _

from antq.cameras import services
from antq.cameras.choices import CameraStatus, FundingSource, OwnerType
from antq.cameras.models import CameraSite, FirePoint
from antq.core.imports import (
    Column,
    ImportSpec,
    parse_bool,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_float,
    parse_int,
    parse_text,
)


def _build_camera(row, area, context):
    return CameraSite(
        area=area,
        address=row["address"] or "",
        latitude=row["latitude"],
        longitude=row["longitude"],
        owner_type=row["owner_type"],
        household_contact=row["household_contact"] or "",
        heads=row["heads"] if row["heads"] is not None else 1,
        connected=bool(row["connected"]),
        retention_days=row["retention_days"],
        installed_on=row["installed_on"],
        status=row["status"] or CameraStatus.WORKING,
        funding_source=row["funding_source"] or "",
        funding_amount=row["funding_amount"],
        footage_consent=bool(row["footage_consent"]),
        reconfirm_due_on=row["reconfirm_due_on"],
    )


CAMERA_IMPORT = ImportSpec(
    model=CameraSite,
    write=services.camerasite_bulk_create,
    basename="camera-sites",
    date_column="installed_on",
    build=_build_camera,
    columns=[
        Column("address", _("address"), parse_text(255)),
        Column("latitude", _("latitude"), parse_float(-90, 90)),
        Column("longitude", _("longitude"), parse_float(-180, 180)),
        Column(
            "owner_type",
            _("owner type"),
            parse_choice(OwnerType.choices),
            required=True,
            help=", ".join(OwnerType.values),
        ),
        Column("household_contact", _("household contact"), parse_text(200)),
        Column("heads", _("camera heads"), parse_int(1, 10_000)),
        Column("connected", _("connected to the commune system"), parse_bool, help=_("yes / no")),
        Column("retention_days", _("recording kept (days)"), parse_int(0, 3650)),
        Column("installed_on", _("installed on"), parse_date, help="DD/MM/YYYY"),
        Column(
            "status",
            _("status"),
            parse_choice(CameraStatus.choices),
            help=", ".join(CameraStatus.values),
        ),
        Column(
            "funding_source",
            _("funding source"),
            parse_choice(FundingSource.choices),
            help=", ".join(FundingSource.values),
        ),
        Column("funding_amount", _("funding amount (VND)"), parse_decimal(0, 10**14)),
        Column(
            "footage_consent",
            _("owner consents to footage requests"),
            parse_bool,
            help=_("yes / no"),
        ),
        Column("reconfirm_due_on", _("re-confirmation due on"), parse_date, help="DD/MM/YYYY"),
    ],
)


def _build_firepoint(row, area, context):
    return FirePoint(
        area=area,
        name=row["name"],
        address=row["address"] or "",
        latitude=row["latitude"],
        longitude=row["longitude"],
        equipment=(row["equipment"] or "").replace(";", "\n"),
        last_inspected_on=row["last_inspected_on"],
    )


FIREPOINT_IMPORT = ImportSpec(
    model=FirePoint,
    write=services.firepoint_bulk_create,
    basename="fire-points",
    build=_build_firepoint,
    columns=[
        Column("name", _("name"), parse_text(200), required=True),
        Column("address", _("address"), parse_text(255)),
        Column("latitude", _("latitude"), parse_float(-90, 90)),
        Column("longitude", _("longitude"), parse_float(-180, 180)),
        Column("equipment", _("equipment"), parse_text(4000), help=_("items separated by ;")),
        Column("last_inspected_on", _("last inspected on"), parse_date, help="DD/MM/YYYY"),
    ],
)
