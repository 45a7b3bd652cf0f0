"""Import specs for movement models, teams and team members."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from antq.core.import_checks import build
from antq.core.imports import (
    CellError,
    Column,
    ImportSpec,
    choices_help,
    parse_choice,
    parse_date,
    parse_int,
    parse_text,
)
from antq.core.text import fold
from antq.movement import services
from antq.movement.choices import ModelStatus, RecognitionLevel, TeamKind, TeamRole
from antq.movement.models import ModelCategory, MovementModel, Team, TeamMember
from antq.registry.models import Organisation

_ID = parse_int(1, 2**63 - 1)


def _cell_error(label, message):
    """A CellError that names its column (run_import reports it under that column)."""
    error = CellError(message)
    error.column = str(label)
    return error


def _visible_by_id(model, user, rows, key):
    """{id: record} for the ids the rows name under `key`, among records the user may see."""
    ids = {row[key] for row in rows if row.get(key)}
    return {obj.pk: obj for obj in model.objects.visible_to(user).filter(pk__in=ids)} if ids else {}


def _pick(found, row, key, label):
    """The related record a row names, or None; an id the user cannot see is a cell error."""
    if not row.get(key):
        return None
    if row[key] not in found:
        raise _cell_error(
            label, gettext("No record {id} in your jurisdiction.").format(id=row[key])
        )
    return found[row[key]]


# --- models -----------------------------------------------------------------------------

_CATEGORY = _("category")
_HOST = _("host organisation (id)")
_SOURCE = _("replication of (id)")
_MODEL = _("model (id)")


def _category_lookup():
    """Folded code or name (vi, en, ar) → category. The catalogue is small: one query."""
    table = {}
    for category in ModelCategory.objects.all():
        for text in (category.code, category.name, category.name_en, category.name_ar):
            if text:
                table.setdefault(fold(text), category)
    return table


def _prepare_models(rows, user):
    return {
        "categories": _category_lookup(),
        "organisations": _visible_by_id(Organisation, user, rows, "host_organisation"),
        "sources": _visible_by_id(MovementModel, user, rows, "replicated_from"),
    }


def _build_model(row, area, context):
    category = context["categories"].get(fold(row["category"] or ""))
    if category is None:
        raise _cell_error(
            _CATEGORY,
            gettext("Unknown category “{value}”; use a code from the catalogue.").format(
                value=row["category"]
            ),
        )
    if not category.is_active:
        raise _cell_error(_CATEGORY, gettext("This category is no longer in use."))
    model = MovementModel(
        area=area,
        name=row["name"],
        category=category,
        host_organisation=_pick(context["organisations"], row, "host_organisation", _HOST),
        started_on=row["started_on"],
        ended_on=row["ended_on"],
        status=row["status"] or ModelStatus.ACTIVE,
        status_reason=row["status_reason"] or "",
        recognition_level=row["recognition_level"] or RecognitionLevel.NONE,
        recognised_on=row["recognised_on"],
        replicated_from=_pick(context["sources"], row, "replicated_from", _SOURCE),
    )
    return model


MODEL_IMPORT = ImportSpec(
    model=MovementModel,
    write=services.movementmodel_bulk_create,
    basename="models",
    date_column="started_on",
    levels=MovementModel.area_levels,
    build=_build_model,
    prepare=_prepare_models,
    columns=[
        Column("name", _("name"), parse_text(255), required=True),
        Column(
            "category",
            _CATEGORY,
            parse_text(200),
            required=True,
            help=_("the category's code (see the catalogue), or its name"),
        ),
        Column("host_organisation", _HOST, _ID),
        Column("started_on", _("started on"), parse_date, required=True, help="DD/MM/YYYY"),
        Column("ended_on", _("ended on"), parse_date, help="DD/MM/YYYY"),
        Column(
            "status",
            _("status"),
            parse_choice(ModelStatus.choices),
            help=choices_help(ModelStatus.choices),
        ),
        Column("status_reason", _("reason for the status"), parse_text(2000)),
        Column(
            "recognition_level",
            _("recognised at"),
            parse_choice(RecognitionLevel.choices),
            help=choices_help(RecognitionLevel.choices),
        ),
        Column("recognised_on", _("recognised on"), parse_date, help="DD/MM/YYYY"),
        Column("replicated_from", _SOURCE, _ID),
    ],
)


# --- teams ------------------------------------------------------------------------------


def _prepare_teams(rows, user):
    return {
        "organisations": _visible_by_id(Organisation, user, rows, "host_organisation"),
        "models": _visible_by_id(MovementModel, user, rows, "movement_model"),
    }


def _build_team(row, area, context):
    return build(
        Team,
        area=area,
        name=row["name"],
        kind=row["kind"],
        movement_model=_pick(context["models"], row, "movement_model", _MODEL),
        host_organisation=_pick(context["organisations"], row, "host_organisation", _HOST),
        established_on=row["established_on"],
        dissolved_on=row["dissolved_on"],
    )


TEAM_IMPORT = ImportSpec(
    model=Team,
    write=services.team_bulk_create,
    basename="teams",
    date_column="established_on",
    levels=Team.area_levels,
    build=_build_team,
    prepare=_prepare_teams,
    columns=[
        Column("name", _("name"), parse_text(255), required=True),
        Column(
            "kind",
            _("kind"),
            parse_choice(TeamKind.choices),
            required=True,
            help=choices_help(TeamKind.choices),
        ),
        Column("movement_model", _MODEL, _ID),
        Column("host_organisation", _HOST, _ID),
        Column("established_on", _("established on"), parse_date, help="DD/MM/YYYY"),
        Column("dissolved_on", _("dissolved on"), parse_date, help="DD/MM/YYYY"),
    ],
)


def _prepare_members(rows, user, carried=None):
    """{"teams": the teams named in the file that the user may change, with their areas (the
    members' place, read by the rights and closed-period checks)}: one query a chunk, for the
    ids the earlier chunks did not already find."""
    from antq.core.scoping import Action

    known = carried["teams"] if carried else {}
    ids = {r["team"] for r in rows if r.get("team")} - known.keys()
    found = (
        Team.objects.visible_to(user, Action.CHANGE).select_related("area").in_bulk(ids)
        if ids
        else {}
    )
    return {"teams": found}


def _build_member(row, area, context):
    team = context["teams"].get(row["team"])
    if team is None:
        raise CellError(gettext("No team with this id in your jurisdiction."), column="team")
    return build(
        TeamMember,
        team=team,
        full_name=row["full_name"],
        role_in_team=row["role_in_team"] or TeamRole.MEMBER,
        phone=row["phone"] or "",
        joined_on=row["joined_on"],
        left_on=row["left_on"],
    )


MEMBER_IMPORT = ImportSpec(
    model=TeamMember,
    write=services.team_member_bulk_create,
    basename="team-members",
    build=_build_member,
    prepare=_prepare_members,
    prepare_sees_carried=True,
    carry=("teams",),
    uses_area=False,
    columns=[
        Column(
            "team", _("team id"), _ID, required=True, help=_("the id shown in the teams export")
        ),
        Column("full_name", _("full name"), parse_text(200), required=True),
        Column(
            "role_in_team",
            _("role in the team"),
            parse_choice(TeamRole.choices),
            help=choices_help(TeamRole.choices),
        ),
        Column("phone", _("phone"), parse_text(20)),
        Column("joined_on", _("joined on"), parse_date, help="DD/MM/YYYY"),
        Column("left_on", _("left on"), parse_date, help="DD/MM/YYYY"),
    ],
)
