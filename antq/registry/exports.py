from django.utils.translation import gettext_lazy as _

ORGANISATION_COLUMNS = [
    (_("id"), lambda o: o.pk),
    (_("name"), lambda o: o.name),
    (_("type"), lambda o: o.get_org_type_display()),
    (_("area code"), lambda o: o.area.code),
    (_("area"), lambda o: o.area.name),
    (_("address"), lambda o: o.address),
    (_("phone"), lambda o: o.phone),
    (_("email"), lambda o: o.email),
    (_("notes"), lambda o: o.notes),
]


def _build_organisation(row, area, context):
    from antq.registry.models import Organisation

    return Organisation(
        area=area,
        name=row["name"],
        org_type=row["org_type"],
        address=row["address"] or "",
        phone=row["phone"] or "",
        email=row["email"] or "",
        notes=row["notes"] or "",
    )


def _organisation_import():
    from antq.core.imports import Column, ImportSpec, parse_choice, parse_text
    from antq.registry.choices import OrganisationType
    from antq.registry.models import Organisation

    return ImportSpec(
        model=Organisation,
        basename="organisations",
        build=_build_organisation,
        columns=[
            Column("name", _("name"), parse_text(255), required=True),
            Column(
                "org_type",
                _("type"),
                parse_choice(OrganisationType.choices),
                required=True,
                help=", ".join(OrganisationType.values),
            ),
            Column("address", _("address"), parse_text(255)),
            Column("phone", _("phone"), parse_text(30)),
            Column("email", _("email"), parse_text(254)),
            Column("notes", _("notes"), parse_text(4000)),
        ],
    )


ORGANISATION_IMPORT = _organisation_import()
