"""People and roles through the API: the same rules as the people pages (accounts/views.py).
An account outside the caller's administered areas is 404; an area outside them is 422."""

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from antq.accounts import selectors, services
from antq.areas.models import Area
from antq.core.api import ErrorOut, choice_of, page_of
from antq.core.scoping import Action, Role

router = Router(tags=["people"])


class RoleOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    role: str
    may_read_identities: bool


class PersonOut(Schema):
    id: int
    username: str
    full_name: str
    rank: str
    position: str
    unit_id: int | None
    email: str
    phone: str
    is_active: bool
    last_login: datetime | None
    label: str = Field(alias="person_label")
    roles: list[RoleOut] = Field(alias="roles.all")


class PersonPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[PersonOut]


class PersonIn(Schema):
    username: str = Field(max_length=150)
    unit_id: int
    full_name: str = Field("", max_length=150)
    rank: str = Field("", max_length=60)
    position: str = Field("", max_length=120)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=20)


class PersonPatch(Schema):
    unit_id: int | None = None
    full_name: str | None = Field(None, max_length=150)
    rank: str | None = Field(None, max_length=60)
    position: str | None = Field(None, max_length=120)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=20)
    is_active: bool | None = None


class RoleIn(Schema):
    area_id: int
    role: choice_of(Role)
    may_read_identities: bool = False
    reason: str = Field("", max_length=200, description="Required with the identity grant.")


class LinkOut(Schema):
    link: str | None = Field(description="The one-time link, when it was not e-mailed.")


def _unit(user, unit_id):
    unit = Area.objects.visible_to(user, Action.ADMINISTER).filter(pk=unit_id).first()
    if unit is None:
        raise ValidationError({"unit_id": _no_area()})
    return unit


def _no_area():
    return _("No such area in your jurisdiction.")


def _administrator(request):
    if not selectors.may_unlock(request.user):
        raise PermissionDenied


@router.get("/", response={200: PersonPage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut})
def list_people(
    request,
    area_id: int | None = None,
    role: choice_of(Role, blank=True) = "",
    active: bool | None = None,
    signed_in: Literal["", "recently", "long_ago", "never"] = "",
):
    """The accounts whose roles all lie in the areas you administer (one with no role: its
    unit), filtered by area (subtree), role, active and last sign-in (`recently`: within 30 days,
    `long_ago`, `never`)."""
    _administrator(request)
    area = None
    if area_id is not None:
        area = Area.objects.visible_to(request.user, Action.ADMINISTER).filter(pk=area_id).first()
        if area is None:
            raise ValidationError({"area_id": _no_area()})
    people = selectors.people_list(
        request.user, area=area, role=role, active=active, signed_in=signed_in
    )
    return page_of(people, request)


@router.post("/", response={201: PersonOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut})
def create_person(request, data: PersonIn):
    """Open an account working in `unit_id` (an area you administer). It has no password until
    the person uses a one-time link (POST /people/{id}/link)."""
    _administrator(request)
    fields = data.dict()
    unit = _unit(request.user, fields.pop("unit_id"))
    person = services.user_create(acting_user=request.user, unit=unit, **fields)
    return Status(201, selectors.people_list(request.user).get(pk=person.pk))


@router.get("/{person_id}", response={200: PersonOut, 401: ErrorOut, 404: ErrorOut})
def get_person(request, person_id: int):
    return get_object_or_404(selectors.people_list(request.user), pk=person_id)


@router.patch(
    "/{person_id}",
    response={200: PersonOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def update_person(request, person_id: int, data: PersonPatch):
    """Change a person's details; `is_active: false` deactivates the account, `true` reactivates
    it."""
    person = selectors.person_get(request.user, person_id)
    changes = data.dict(exclude_unset=True)
    active = changes.pop("is_active", None)
    if "unit_id" in changes:
        changes["unit"] = _unit(request.user, changes.pop("unit_id"))
    services.user_update(
        acting_user=request.user,
        user=person,
        **{k: v for k, v in changes.items() if v is not None or k == "unit"},
    )
    if active is not None:
        services.user_set_active(acting_user=request.user, user=person, active=active)
    return selectors.people_list(request.user).get(pk=person.pk)


@router.post(
    "/{person_id}/roles",
    response={201: RoleOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def grant_role(request, person_id: int, data: RoleIn):
    """Give a role at an area you administer. The identity grant (`may_read_identities`) is
    given only by an administrator at province level or above, with a `reason`."""
    person = selectors.person_get(request.user, person_id)
    area = Area.objects.visible_to(request.user, Action.ADMINISTER).filter(pk=data.area_id).first()
    if area is None:
        raise ValidationError({"area_id": _no_area()})
    assignment = services.role_grant(
        acting_user=request.user,
        user=person,
        area=area,
        role=data.role,
        may_read_identities=data.may_read_identities,
        reason=data.reason,
    )
    return Status(201, assignment)


@router.delete(
    "/{person_id}/roles/{role_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def revoke_role(request, person_id: int, role_id: int):
    person = selectors.person_get(request.user, person_id)
    assignment = get_object_or_404(person.roles.select_related("area", "user"), pk=role_id)
    services.role_revoke(acting_user=request.user, assignment=assignment)
    return Status(204, None)


@router.post(
    "/{person_id}/link",
    response={200: LinkOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def issue_link(request, person_id: int, send: bool = False):
    """A one-time link with which the person sets their password: returned once, or e-mailed to
    the person (`send=true`, then `link` is null)."""
    person = selectors.person_get(request.user, person_id)
    link = services.password_link_issue(
        acting_user=request.user, user=person, base_url=request.build_absolute_uri("/"), send=send
    )
    return {"link": None if send else link}


@router.delete(
    "/{person_id}/second-factor",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def reset_second_factor(request, person_id: int):
    """Remove the person's second factor (a lost phone): they set up a new one at their next
    sign-in, where one is required."""
    person = selectors.person_get(request.user, person_id)
    services.second_factor_reset(acting_user=request.user, user=person)
    return Status(204, None)
