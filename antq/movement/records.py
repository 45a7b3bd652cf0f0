from django.utils.translation import gettext_lazy as _

from antq.core import bulk
from antq.core.records import RecordType
from antq.core.scoping import Action, can
from antq.movement import selectors, services
from antq.movement.choices import ModelStatus
from antq.movement.exports import MEMBER_COLUMNS, MODEL_COLUMNS, TEAM_COLUMNS
from antq.movement.filtersets import MovementModelFilterSet, TeamFilterSet
from antq.movement.forms import ModelStatusForm, MovementModelForm, TeamForm, TeamMemberForm
from antq.movement.imports import MEMBER_IMPORT, MODEL_IMPORT, TEAM_IMPORT
from antq.movement.models import MovementModel, Team, TeamMember
from antq.movement.tables import MovementModelTable, TeamTable

REPLICATIONS_SHOWN = 200


def _model_detail(request, model):
    user = request.user
    can_change = can(user, Action.CHANGE, model.area)
    replications = selectors.replications(user, model)
    return {
        "extra_template": "movement/_model_extra.html",
        "status_changes": list(selectors.status_history(model)),
        "replications": list(replications[:REPLICATIONS_SHOWN]),
        "replication_count": replications.count(),
        "source": selectors.visible_or_none(user, model.replicated_from),
        "can_change_status": can_change and model.status != "terminated",
        "status_form": ModelStatusForm(model=model) if can_change else None,
    }


def _team_detail(request, team):
    can_change = can(request.user, Action.CHANGE, team.area)
    return {
        "extra_template": "movement/_team_members.html",
        "members": list(selectors.team_members(request.user, team)),
        "member_form": TeamMemberForm(prefix="member") if can_change else None,
        "can_change_members": can_change,
    }


MOVEMENT_MODELS = RecordType(
    slug="movementmodel",
    namespace="movement",
    model=MovementModel,
    filterset=MovementModelFilterSet,
    table=MovementModelTable,
    form=MovementModelForm,
    export_columns=MODEL_COLUMNS,
    import_spec=MODEL_IMPORT,
    selector=selectors.movementmodel_list,
    create=services.movementmodel_create,
    update=services.movementmodel_update,
    delete=services.movementmodel_delete,
    # replicated_from is shown by the extra section, and only when the reader may see it
    detail_fields=[
        "name",
        "category",
        "host_organisation",
        "started_on",
        "ended_on",
        "status",
        "status_reason",
        "recognition_level",
        "recognised_on",
    ],
    detail_extra=_model_detail,
    bulk_actions=(
        bulk.set_status(services.movementmodel_set_status, lambda: ModelStatus.choices),
        bulk.DELETE,
    ),
)

TEAMS = RecordType(
    slug="team",
    namespace="movement",
    model=Team,
    filterset=TeamFilterSet,
    table=TeamTable,
    form=TeamForm,
    export_columns=TEAM_COLUMNS,
    import_spec=TEAM_IMPORT,
    selector=selectors.team_list,
    create=services.team_create,
    update=services.team_update,
    delete=services.team_delete,
    detail_fields=[
        "name",
        "kind",
        "movement_model",
        "host_organisation",
        "established_on",
        "dissolved_on",
    ],
    detail_extra=_team_detail,
)


# Members are edited on their team's page; this type gives them the bulk-import pages only.
TEAM_MEMBERS = RecordType(
    slug="teammember",
    personal_data=True,
    namespace="movement",
    model=TeamMember,
    filterset=None,
    table=None,
    form=None,
    export_columns=MEMBER_COLUMNS,
    import_spec=MEMBER_IMPORT,
    selector=selectors.team_member_list,
    create=None,
    update=None,
    delete=None,
    back_to="movement:team-list",
)
TEAMS.extra_links = ((_("Import members"), "movement:teammember-import"),)
