"""Import specs for camera sites and fire points."""

import unicodedata
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from antq.cameras import services
from antq.cameras.choices import CameraStatus, FundingSource, OwnerType
from antq.cameras.models import CameraSite, FirePoint
from antq.core.imports import (
    CellError,
    Column,
    ImportSpec,
    choices_help,
    parse_bool,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_float,
    parse_int,
    parse_text,
)
from antq.registry.models import Organisation

# an ambiguous or misplaced owner's error names at most this many candidates
SHOWN_CANDIDATES = 5


def _same_name(text):
    """A name as written in a cell and as stored compare equal whatever Unicode form (NFC, as
    typed; NFD, as some spreadsheets save Vietnamese) each uses."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


@dataclass
class _Owners:
    """The owner organisations a chunk's rows name, among those the user may see: by id, and by
    name (one query)."""

    by_id: dict
    by_name: dict

    @classmethod
    def of(cls, rows, user):
        values = {row["owner_organisation"] for row in rows if row.get("owner_organisation")}
        if not values:
            return cls({}, {})
        ids = {int(v) for v in values if v.isdigit() and len(v) < 19}
        names = {_same_name(v) for v in values if not v.isdigit()}
        spelled = names | {unicodedata.normalize("NFD", name) for name in names}
        found = (
            Organisation.objects.visible_to(user)
            .filter(Q(pk__in=ids) | Q(name__in=spelled))
            .select_related("area")
        )
        by_id, by_name = {}, {}
        for organisation in found:
            by_id[organisation.pk] = organisation
            by_name.setdefault(_same_name(organisation.name), []).append(organisation)
        return cls(by_id, by_name)

    def owner(self, value, area):
        """The organisation `value` (an id, or a name registered at `area`, above it or below
        it) names; a CellError naming the candidates when none or several fit."""
        if value.isdigit():
            organisation = self.by_id.get(int(value)) if len(value) < 19 else None
            if organisation is None:
                raise _owner_error(
                    gettext("No organisation {id} in your jurisdiction.").format(id=value)
                )
            return organisation
        named = self.by_name.get(_same_name(value), [])
        fitting = [o for o in named if _in_line(o.area, area)]
        if len(fitting) == 1:
            return fitting[0]
        if fitting:
            raise _owner_error(
                gettext(
                    "“{name}” names several organisations here: {candidates}. Write the id of "
                    "the one that owns the site."
                ).format(name=value, candidates=_listed(fitting))
            )
        if named:
            raise _owner_error(
                gettext(
                    "No organisation “{name}” at {unit}, above it or below it; organisations of "
                    "that name: {candidates}."
                ).format(name=value, unit=area.name, candidates=_listed(named))
            )
        raise _owner_error(
            gettext("No organisation “{name}” in your jurisdiction.").format(name=value)
        )


def _in_line(unit, area):
    """`unit` is `area`, one of its ancestors, or lies below it."""
    return area.path.startswith(unit.path) or unit.path.startswith(area.path)


def _listed(organisations):
    shown = [
        gettext("{name} (id {id}, {unit})").format(name=o.name, id=o.pk, unit=o.area.name)
        for o in sorted(organisations, key=lambda o: o.pk)[:SHOWN_CANDIDATES]
    ]
    more = len(organisations) - len(shown)
    if more:
        shown.append(gettext("and {n} more").format(n=more))
    return "; ".join(shown)


def _owner_error(message):
    return CellError(message, column="owner_organisation")


def _prepare_camera(rows, user):
    return {"owners": _Owners.of(rows, user)}


def _build_camera(row, area, context):
    owner = row["owner_organisation"]
    return CameraSite(
        area=area,
        address=row["address"] or "",
        latitude=row["latitude"],
        longitude=row["longitude"],
        owner_type=row["owner_type"],
        owner_organisation=context["owners"].owner(owner, area) if owner else None,
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
    prepare=_prepare_camera,
    columns=[
        Column("address", _("address"), parse_text(255)),
        Column("latitude", _("latitude"), parse_float(-90, 90)),
        Column("longitude", _("longitude"), parse_float(-180, 180)),
        Column(
            "owner_type",
            _("owner type"),
            parse_choice(OwnerType.choices),
            required=True,
            help=choices_help(OwnerType.choices),
        ),
        Column(
            "owner_organisation",
            _("owner organisation (id or name)"),
            parse_text(255),
            help=_(
                "the organisation's id, or its name as registered at the site's unit, above it "
                "or below it"
            ),
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
            help=choices_help(CameraStatus.choices),
        ),
        Column(
            "funding_source",
            _("funding source"),
            parse_choice(FundingSource.choices),
            help=choices_help(FundingSource.choices),
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
