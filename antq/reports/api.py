"""Lock exceptions at /api/v1/lock-exceptions: the list the user may see, one of them, granting
one (an approver above the unit) and revoking it. Writes go through reports/services.py."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from antq.areas.models import Area
from antq.core.api import IsoDate, page_of
from antq.core.api_crud import ERRORS, HistoryOut
from antq.core.relations import load_visible
from antq.core.selectors import history_as_dicts
from antq.reports import selectors, services

router = Router(tags=["lock exceptions"])


class LockExceptionIn(Schema):
    area_id: int
    month: IsoDate = Field(description="Any day of the month it reopens (YYYY-MM-DD)")
    ends_on: IsoDate
    reason: str = Field(max_length=2000)


class RevokeIn(Schema):
    reason: str = Field(max_length=2000)


class LockExceptionOut(Schema):
    id: int
    area_id: int
    area_name: str
    month: date
    ends_on: date
    reason: str
    granted_by: str
    granted_by_name: str = Field(description="their rank, full name and position")
    created_at: datetime
    revoked_at: datetime | None
    revoked_by: str | None
    revoked_by_name: str | None = Field(None, description="their rank, full name and position")
    revoke_reason: str
    writes: int

    @staticmethod
    def resolve_area_name(obj):
        return obj.area.name

    @staticmethod
    def resolve_granted_by(obj):
        return obj.granted_by.get_username()

    @staticmethod
    def resolve_granted_by_name(obj):
        return obj.granted_by.person_label

    @staticmethod
    def resolve_revoked_by(obj):
        return obj.revoked_by.get_username() if obj.revoked_by else None

    @staticmethod
    def resolve_revoked_by_name(obj):
        return obj.revoked_by.person_label if obj.revoked_by else None

    @staticmethod
    def resolve_writes(obj):
        return obj.write_count


class LockExceptionPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[LockExceptionOut]


@router.get(
    "/",
    response={200: LockExceptionPage, **ERRORS},
    operation_id="lock_exception_list",
    summary="Lock exceptions of the areas the user may see, newest first (paged)",
)
def list_exceptions(request):
    return page_of(selectors.lock_exception_list(request.user), request)


@router.get(
    "/{int:pk}",
    response={200: LockExceptionOut, **ERRORS},
    operation_id="lock_exception_get",
    summary="One lock exception",
)
def get_exception(request, pk: int):
    return selectors.lock_exception_get(request.user, pk)


@router.get(
    "/{int:pk}/history",
    response={200: list[HistoryOut], **ERRORS},
    operation_id="lock_exception_history",
    summary="A lock exception's history, newest first",
)
def exception_history(request, pk: int):
    return history_as_dicts(selectors.lock_exception_get(request.user, pk), request.user)


@router.post(
    "/",
    response={201: LockExceptionOut, **ERRORS},
    operation_id="lock_exception_create",
    summary="Reopen one closed month of a unit until a date, for a reason (approvers above it)",
)
def create_exception(request, data: LockExceptionIn):
    area = load_visible(request.user, Area, data.area_id)
    if area is None:
        raise ValidationError({"area_id": _("No such area in your jurisdiction.")})
    exception = services.lock_exception_grant(
        acting_user=request.user,
        area=area,
        month=data.month,
        reason=data.reason,
        ends_on=data.ends_on,
    )
    return Status(201, selectors.lock_exception_get(request.user, exception.pk))


@router.post(
    "/{int:pk}/revoke",
    response={200: LockExceptionOut, **ERRORS},
    operation_id="lock_exception_revoke",
    summary="Revoke a lock exception before its end, for a reason: the month closes again",
)
def revoke_exception(request, pk: int, data: RevokeIn):
    exception = selectors.lock_exception_get(request.user, pk)
    services.lock_exception_revoke(acting_user=request.user, instance=exception, reason=data.reason)
    return selectors.lock_exception_get(request.user, pk)
