"""Import specs for activities, secured events and coordination regulations."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from antq.activities import services
from antq.activities.choices import (
    DIALOGUE_PARTIES,
    FESTIVAL_PARTS,
    ActivityKind,
    SecuredEventKind,
)
from antq.activities.models import MAX_PEOPLE, Activity, CoordinationRegulation, SecuredEvent
from antq.core.import_checks import build
from antq.core.imports import (
    CellError,
    Column,
    ImportSpec,
    choices_help,
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
    parse_text,
)
from antq.core.relations import parse_id_list, pick_all, visible_by_ids
from antq.registry.models import Organisation

_PEOPLE = parse_int(0, MAX_PEOPLE)
_IDS_HELP = _("ids of organisations (see the organisations export), separated by “;”")


def _organisations(rows, user, key):
    return {"organisations": visible_by_ids(Organisation, user, rows, key)}


# --- activities -------------------------------------------------------------------------


def _build_activity(row, area, context):
    activity = build(
        Activity,
        area=area,
        kind=row["kind"],
        title=row["title"],
        held_on=row["held_on"],
        participants=row["participants"] or 0,
        other_parties=row["other_parties"] or "",
        notes=row["notes"] or "",
        **{name: bool(row[name]) for name, _label in (*DIALOGUE_PARTIES, *FESTIVAL_PARTS)},
    )
    activity._pending_links = {
        "organisers": pick_all(context["organisations"], row["organisers"], "organisers")
    }
    return activity


ACTIVITY_IMPORT = ImportSpec(
    model=Activity,
    write=services.activity_bulk_create,
    basename="activities",
    date_column="held_on",
    build=_build_activity,
    prepare=lambda rows, user: _organisations(rows, user, "organisers"),
    columns=[
        Column(
            "kind",
            _("kind"),
            parse_choice(ActivityKind.choices),
            required=True,
            help=choices_help(ActivityKind.choices),
        ),
        Column("title", _("title"), parse_text(255), required=True),
        Column("held_on", _("held on"), parse_date, required=True, help="DD/MM/YYYY"),
        Column("participants", _("participants"), _PEOPLE),
        Column("organisers", _("organising organisations (ids)"), parse_id_list, help=_IDS_HELP),
        *[
            Column(name, label, parse_bool, help=_("dialogues only: yes or no"))
            for name, label in DIALOGUE_PARTIES
        ],
        Column("other_parties", _("other parties"), parse_text(255)),
        *[
            Column(name, label, parse_bool, help=_("festival days only: yes or no"))
            for name, label in FESTIVAL_PARTS
        ],
        Column("notes", _("notes"), parse_text(4000)),
    ],
)


# --- secured events ---------------------------------------------------------------------


def _build_event(row, area, context):
    return SecuredEvent(
        area=area,
        held_on=row["held_on"],
        kind=row["kind"],
        name=row["name"],
        scale=row["scale"],
        incidents_occurred=bool(row["incidents_occurred"]),
        incident_description=row["incident_description"] or "",
        notes=row["notes"] or "",
    )


SECURED_EVENT_IMPORT = ImportSpec(
    model=SecuredEvent,
    write=services.securedevent_bulk_create,
    basename="secured-events",
    date_column="held_on",
    build=_build_event,
    columns=[
        Column("held_on", _("date"), parse_date, required=True, help="DD/MM/YYYY"),
        Column(
            "kind",
            _("kind"),
            parse_choice(SecuredEventKind.choices),
            required=True,
            help=choices_help(SecuredEventKind.choices),
        ),
        Column("name", _("name"), parse_text(255), required=True),
        Column("scale", _("scale (people)"), _PEOPLE),
        Column("incidents_occurred", _("incidents occurred"), parse_bool, help=_("yes or no")),
        Column("incident_description", _("incidents"), parse_text(4000)),
        Column("notes", _("notes"), parse_text(4000)),
    ],
)


# --- coordination regulations -----------------------------------------------------------


def _build_regulation(row, area, context):
    regulation = CoordinationRegulation(
        area=area,
        number=row["number"],
        title=row["title"],
        signed_on=row["signed_on"],
        review_on=row["review_on"],
        ended_on=row["ended_on"],
        scope=row["scope"] or "",
    )
    parties = pick_all(context["organisations"], row["parties"], "parties")
    if not parties:
        raise CellError(gettext("Name at least one organisation that signed it."), column="parties")
    regulation._pending_links = {"parties": parties}
    return regulation


REGULATION_IMPORT = ImportSpec(
    model=CoordinationRegulation,
    write=services.regulation_bulk_create,
    basename="coordination-regulations",
    date_column="signed_on",
    build=_build_regulation,
    prepare=lambda rows, user: _organisations(rows, user, "parties"),
    columns=[
        Column("number", _("document number"), parse_text(100), required=True),
        Column("title", _("title"), parse_text(255), required=True),
        Column("parties", _("parties (ids)"), parse_id_list, required=True, help=_IDS_HELP),
        Column("signed_on", _("signed on"), parse_date, required=True, help="DD/MM/YYYY"),
        Column("review_on", _("review date"), parse_date, help="DD/MM/YYYY"),
        Column("ended_on", _("ended on"), parse_date, help="DD/MM/YYYY"),
        Column("scope", _("scope"), parse_text(4000)),
    ],
)
