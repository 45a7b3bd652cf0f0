"""The import spec for organisations."""

from django.utils.translation import gettext_lazy as _

from antq.core.imports import Column, ImportSpec, choices_help, parse_choice, parse_text
from antq.registry import services
from antq.registry.choices import OrganisationType
from antq.registry.models import Organisation


def _build_organisation(row, area, context):
    return Organisation(
        area=area,
        name=row["name"],
        org_type=row["org_type"],
        address=row["address"] or "",
        phone=row["phone"] or "",
        email=row["email"] or "",
        notes=row["notes"] or "",
    )


ORGANISATION_IMPORT = ImportSpec(
    model=Organisation,
    basename="organisations",
    levels=Organisation.area_levels,
    build=_build_organisation,
    write=services.organisation_bulk_create,
    columns=[
        Column("name", _("name"), parse_text(255), required=True),
        Column(
            "org_type",
            _("type"),
            parse_choice(OrganisationType.choices),
            required=True,
            help=choices_help(OrganisationType.choices),
        ),
        Column("address", _("address"), parse_text(255)),
        Column("phone", _("phone"), parse_text(30)),
        Column("email", _("email"), parse_text(254)),
        Column("notes", _("notes"), parse_text(4000)),
    ],
)
