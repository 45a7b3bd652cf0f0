"""The import spec for registrations."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from antq.core.imports import CellError, Column, ImportSpec, parse_date, parse_int, parse_text
from antq.core.scoping import Action
from antq.evaluations import windows
from antq.evaluations.choices import ORGANISATION_KINDS
from antq.evaluations.models import Registration
from antq.evaluations.services import standard as standard_services
from antq.evaluations.subjects import subject_for
from antq.registry.models import Organisation

_ORG = _("organisation (id)")


def _prepare(rows, user):
    ids = {r["organisation"] for r in rows if r.get("organisation")}
    orgs = Organisation.objects.visible_to(user, Action.VIEW).select_related("area").in_bulk(ids)
    years = {r["year"] for r in rows if r.get("year")}
    taken = set(
        Registration.objects.filter(year__in=years).values_list(
            "area_id", "organisation_id", "year"
        )
    )
    return {"organisations": orgs, "taken": taken}


def _build(row, area, context):
    org = None
    if row.get("organisation"):
        org = context["organisations"].get(row["organisation"])
        if org is None or not org.area.path.startswith(area.path):
            raise CellError(
                gettext("No organisation {id} in this area and your jurisdiction.").format(
                    id=row["organisation"]
                ),
                column="organisation",
            )
        if org.org_type not in ORGANISATION_KINDS:
            raise CellError(
                gettext("Only agencies, enterprises, industrial parks and schools register."),
                column="organisation",
            )
    try:
        subject = subject_for(area=area, organisation=org)
    except ValidationError as exc:
        raise CellError(" ".join(exc.messages), column="village_code") from exc
    year = row["year"]
    if not windows.valid_year(year):
        raise CellError(gettext("Not a year antq evaluates."), column="year")
    w = windows.window(subject.kind, year)
    for name in ("registered_on", "plan_adopted_on"):
        day = row.get(name)
        if day is not None and day > date.today():
            raise CellError(gettext("This date is in the future."), column=name)
        if day is not None and day not in w:
            raise CellError(
                gettext("Give a date within the evaluation window, {period}.").format(
                    period=windows.period_text(w)
                ),
                column=name,
            )
    key = (subject.area.pk, org.pk if org else None, year)
    if key in context["taken"]:
        raise CellError(
            gettext("{subject} is already registered for {year}.").format(
                subject=subject.name, year=year
            ),
            column="year",
        )
    context["taken"].add(key)  # a second row for the same subject in the file
    return Registration(
        area=subject.area,
        organisation=org,
        subject_kind=subject.kind,
        year=year,
        registered_on=row["registered_on"],
        plan_adopted_on=row.get("plan_adopted_on"),
        is_late=windows.is_late(row["registered_on"], year),
        notes=row.get("notes") or "",
    )


REGISTRATION_IMPORT = ImportSpec(
    model=Registration,
    write=standard_services.registration_bulk_create,
    basename="registrations",
    date_column="year",
    build=_build,
    prepare=_prepare,
    carry=("taken",),
    columns=[
        Column(
            "organisation",
            _ORG,
            parse_int(1, 2**63 - 1),
            help=_("for an agency, enterprise or school: its id in the organisations export"),
        ),
        Column("year", _("year"), parse_int(windows.FIRST_YEAR, 2100), required=True),
        Column("registered_on", _("registered on"), parse_date, required=True, help="DD/MM/YYYY"),
        Column(
            "plan_adopted_on", _("plan or resolution adopted on"), parse_date, help="DD/MM/YYYY"
        ),
        Column("notes", _("notes"), parse_text(4000)),
    ],
)
