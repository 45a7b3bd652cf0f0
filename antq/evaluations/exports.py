"""Export columns of the evaluations' lists."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from antq.core.exports import place_columns
from antq.evaluations.imports import REGISTRATION_IMPORT


def _yes(value):
    return gettext("yes") if value else ""


def _result(value):
    if value is None:
        return ""
    return gettext("meets the standard") if value else gettext("does not meet the standard")


def _subject_columns(place):
    return [
        (_("id"), lambda r: r.pk),
        (_("year"), lambda r: r.year),
        (_("subject"), lambda r: r.subject_name),
        (_("kind"), lambda r: r.get_subject_kind_display()),
        (_("organisation (id)"), lambda r: r.organisation_id),
        *place,
    ]


SUBJECT_COLUMNS = _subject_columns(
    [(_("area code"), lambda r: r.area.code), (_("area"), lambda r: r.area.name)]
)

REGISTRATION_COLUMNS = [
    *_subject_columns(place_columns(REGISTRATION_IMPORT)),
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
