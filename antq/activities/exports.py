"""Export columns for activities, secured events and coordination regulations."""

from django.utils.translation import gettext_lazy as _

from antq.activities.choices import (
    DIALOGUE_PARTIES,
    FESTIVAL_PARTS,
)
from antq.activities.imports import ACTIVITY_IMPORT, REGULATION_IMPORT, SECURED_EVENT_IMPORT
from antq.core.exports import place_columns


def names(records):
    return "; ".join(str(r) for r in records)


def ids(records):
    return "; ".join(str(r.pk) for r in records)


def yes_no(value):
    return _("yes") if value else ""


AREA_COLUMNS = [
    (_("area code"), lambda r: r.area.code),
    (_("area"), lambda r: r.area.name),
]

ACTIVITY_COLUMNS = [
    (_("id"), lambda a: a.pk),
    *place_columns(ACTIVITY_IMPORT),
    (_("kind"), lambda a: a.get_kind_display()),
    (_("title"), lambda a: a.title),
    (_("held on"), lambda a: a.held_on),
    (_("participants"), lambda a: a.participants),
    (_("organising organisations (ids)"), lambda a: ids(a.organisers.all())),
    (_("organising organisations"), lambda a: names(a.organisers.all())),
    *[(label, lambda a, name=name: yes_no(getattr(a, name))) for name, label in DIALOGUE_PARTIES],
    (_("other parties"), lambda a: a.other_parties),
    *[(label, lambda a, name=name: yes_no(getattr(a, name))) for name, label in FESTIVAL_PARTS],
    (_("notes"), lambda a: a.notes),
]

SECURED_EVENT_COLUMNS = [
    (_("id"), lambda e: e.pk),
    *place_columns(SECURED_EVENT_IMPORT),
    (_("date"), lambda e: e.held_on),
    (_("kind"), lambda e: e.get_kind_display()),
    (_("name"), lambda e: e.name),
    (_("scale (people)"), lambda e: e.scale),
    (_("incidents occurred"), lambda e: yes_no(e.incidents_occurred)),
    (_("incidents"), lambda e: e.incident_description),
    (_("notes"), lambda e: e.notes),
]

REGULATION_COLUMNS = [
    (_("id"), lambda r: r.pk),
    *place_columns(REGULATION_IMPORT),
    (_("document number"), lambda r: r.number),
    (_("title"), lambda r: r.title),
    (_("parties (ids)"), lambda r: ids(r.parties.all())),
    (_("parties"), lambda r: names(r.parties.all())),
    (_("signed on"), lambda r: r.signed_on),
    (_("review date"), lambda r: r.review_on),
    (_("ended on"), lambda r: r.ended_on),
    (_("scope"), lambda r: r.scope),
]
