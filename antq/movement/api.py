"""Models at /api/v1/models (their categories at /models/categories), teams at /api/v1/teams
(with their members under /teams/{id}/members, their kinds at /teams/kinds), single members at
/api/v1/team-members/{id}."""

from ninja import Router, Schema, Status

from antq.core.api import CatalogueEntryOut, ChoiceOut, choices_out, page_of
from antq.core.api_crud import ERRORS, crud_router
from antq.movement import selectors, services
from antq.movement.choices import TeamKind
from antq.movement.records import MOVEMENT_MODELS, TEAMS
from antq.movement.schemas import (
    ModelStatusChangeOut,
    MovementModelIn,
    MovementModelOut,
    MovementModelPatch,
    StatusIn,
    TeamIn,
    TeamMemberIn,
    TeamMemberOut,
    TeamMemberPatch,
    TeamOut,
    TeamPatch,
)

model_router = crud_router(
    MOVEMENT_MODELS,
    out_schema=MovementModelOut,
    in_schema=MovementModelIn,
    patch_schema=MovementModelPatch,
    tag="models",
)
team_router = crud_router(
    TEAMS, out_schema=TeamOut, in_schema=TeamIn, patch_schema=TeamPatch, tag="teams"
)
member_router = Router(tags=["team members"])


class ReplicationPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[MovementModelOut]


class TeamMemberPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[TeamMemberOut]


@model_router.get(
    "/categories",
    response={200: list[CatalogueEntryOut], **ERRORS},
    operation_id="model_categories",
    summary="Model categories: the `category_id` a model names",
    description="Categories not in use (`is_active` false) are refused for new models.",
)
def categories(request):
    return list(selectors.category_list())


@team_router.get(
    "/kinds",
    response={200: list[ChoiceOut], **ERRORS},
    operation_id="team_kinds",
    summary="Team kinds: the `kind` a team names",
)
def team_kinds(request):
    return choices_out(TeamKind)


@model_router.post(
    "/{int:pk}/status",
    response={200: MovementModelOut, **ERRORS},
    operation_id="movementmodel_set_status",
    summary="Change a model's status",
    description="active → effective | ineffective | terminated; effective ↔ ineffective; "
    "effective/ineffective → terminated (needs a reason; ends the model on `on`).",
)
def set_status(request, pk: int, data: StatusIn):
    model = MOVEMENT_MODELS.get(request.user, pk)
    return services.movementmodel_set_status(
        acting_user=request.user, instance=model, **data.dict()
    )


@model_router.get(
    "/{int:pk}/status-changes",
    response={200: list[ModelStatusChangeOut], **ERRORS},
    operation_id="movementmodel_status_changes",
    summary="A model's status history, newest first",
)
def status_changes(request, pk: int):
    return list(selectors.status_history(MOVEMENT_MODELS.get(request.user, pk)))


@model_router.get(
    "/{int:pk}/replications",
    response={200: ReplicationPage, **ERRORS},
    operation_id="movementmodel_replications",
    summary="Models replicated from this one that you may see",
)
def replications(request, pk: int):
    model = MOVEMENT_MODELS.get(request.user, pk)
    return page_of(selectors.replications(request.user, model), request)


@team_router.get(
    "/{int:pk}/members",
    response={200: TeamMemberPage, **ERRORS},
    operation_id="team_members",
    summary="A team's members, current ones first",
)
def list_members(request, pk: int):
    team = TEAMS.get(request.user, pk)
    return page_of(selectors.team_members(request.user, team), request)


@team_router.post(
    "/{int:pk}/members",
    response={201: TeamMemberOut, **ERRORS},
    operation_id="team_member_create",
    summary="Add a member to a team",
)
def create_member(request, pk: int, data: TeamMemberIn):
    team = TEAMS.get(request.user, pk)
    member = services.team_member_create(acting_user=request.user, team=team, **data.dict())
    return Status(201, member)


@member_router.get(
    "/{int:pk}", response={200: TeamMemberOut, **ERRORS}, operation_id="team_member_get"
)
def get_member(request, pk: int):
    return selectors.team_member_get(request.user, pk)


@member_router.patch(
    "/{int:pk}", response={200: TeamMemberOut, **ERRORS}, operation_id="team_member_update"
)
def update_member(request, pk: int, data: TeamMemberPatch):
    member = selectors.team_member_get(request.user, pk)
    changes = data.dict(exclude_unset=True)
    reason = changes.pop("reason", "") or ""
    return services.team_member_update(
        acting_user=request.user, instance=member, reason=reason, **changes
    )


@member_router.delete(
    "/{int:pk}", response={204: None, **ERRORS}, operation_id="team_member_delete"
)
def delete_member(request, pk: int, reason: str = ""):
    member = selectors.team_member_get(request.user, pk)
    services.team_member_delete(acting_user=request.user, instance=member, reason=reason[:200])
    return Status(204, None)
