"""Export columns of the evaluations' lists, and the import of registrations."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from antq.core.imports import CellError, Column, ImportSpec, parse_date, parse_int, parse_text
from antq.core.scoping import Action
from antq.evaluations import windows
from antq.evaluations.choices import ORGANISATION_KINDS
from antq.evaluations.models import Registration
from antq.evaluations.subjects import subject_for
from antq.registry.models import Organisation


def _yes(value):
    return gettext("yes") if value else ""


def _result(value):
    if value is None:
        return ""
    return gettext("meets the standard") if value else gettext("does not meet the standard")


SUBJECT_COLUMNS = [
    (_("id"), lambda r: r.pk),
    (_("year"), lambda r: r.year),
    (_("subject"), lambda r: r.subject_name),
    (_("kind"), lambda r: r.get_subject_kind_display()),
    (_("organisation (id)"), lambda r: r.organisation_id),
    (_("area code"), lambda r: r.area.code),
    (_("area"), lambda r: r.area.name),
]

REGISTRATION_COLUMNS = [
    *SUBJECT_COLUMNS,
    (_("registered on"), lambda r: r.registered_on),
    (_("late"), lambda r: _yes(r.is_late)),
    (_("plan or resolution adopted on"), lambda r: r.plan_adopted_on),
    (_("notes"), lambda r: r.notes),
]

ASSESSMENT_COLUMNS = [
    *SUBJECT_COLUMNS,
    (_("window opens"), lambda a: a.window_start),
    (_("window closes"), lambda a: a.window_end),
    (_("status"), lambda a: a.get_status_display()),
    (_("assessed on"), lambda a: a.assessed_on),
    (_("result"), lambda a: _result(a.meets_standard)),
    (_("decision or certificate number"), lambda a: a.decision.number if a.decision else ""),
    (_("decision date"), lambda a: a.decision.decided_on if a.decision else None),
    (_("issuing authority"), lambda a: a.decision.authority.name if a.decision else ""),
    (_("notes"), lambda a: a.notes),
]

CLASSIFICATION_COLUMNS = [
    (_("id"), lambda c: c.pk),
    (_("year"), lambda c: c.year),
    (_("area code"), lambda c: c.area.code),
    (_("unit"), lambda c: c.area.name),
    (_("kind"), lambda c: c.get_unit_kind_display()),
    (_("points"), lambda c: c.points),
    (_("class"), lambda c: c.get_movement_class_display()),
    (_("scheme"), lambda c: c.scheme.label),
    (_("notes"), lambda c: c.notes),
]

PLAN_COLUMNS = [
    (_("id"), lambda p: p.pk),
    (_("year"), lambda p: p.classification.year),
    (_("area code"), lambda p: p.area.code),
    (_("unit"), lambda p: p.area.name),
    (_("measures"), lambda p: p.measures),
    (_("responsible unit"), lambda p: p.responsible),
    (_("due on"), lambda p: p.due_on),
    (_("status"), lambda p: p.get_status_display()),
    (_("done on"), lambda p: p.done_on),
    (_("notes"), lambda p: p.notes),
]

WEAK_COLUMNS = [
    (_("year"), lambda c: c.year),
    (_("area code"), lambda c: c.area.code),
    (_("unit"), lambda c: c.area.name),
    (_("points"), lambda c: c.points),
    (_("improvement plans"), lambda c: len(c.plans.all())),
    (
        _("measures"),
        lambda c: " | ".join(
            f"{p.measures} ({p.responsible}, {p.due_on:%d/%m/%Y}, {p.get_status_display()})"
            for p in c.plans.all()
        ),
    ),
]

RURAL_COLUMNS = [
    (_("id"), lambda r: r.pk),
    (_("year"), lambda r: r.year),
    (_("area code"), lambda r: r.area.code),
    (_("commune"), lambda r: r.area.name),
    (_("met"), lambda r: _yes(r.meets)),
    (_("assessed on"), lambda r: r.assessed_on),
    (_("set"), lambda r: r.criteria_set.label),
    (_("notes"), lambda r: r.notes),
]


# --- import of registrations ---------------------------------------------------------------

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
    basename="registrations",
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
