"""The one write path of the audit log. Called where the event happens (a service, a view, a
sign-in signal); it never raises into the caller's work for want of optional details."""

from django.contrib.contenttypes.models import ContentType

from antq.areas.models import Area
from antq.audit import details
from antq.audit.models import AuditAction, AuditEntry
from antq.core.records import as_id
from antq.core.scoping import ROLE_RANK, Action, Role, role_paths


def acting_role(user, area=None) -> str:
    """The highest role `user` holds over `area` (at it or above it), or over anywhere when no
    area is given; "" when none (a superuser without a role)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    roles = user.roles.values_list("role", "area__path")
    ranked = [
        role for role, path in roles if area is None or getattr(area, "path", "").startswith(path)
    ]
    return max(ranked, key=lambda r: ROLE_RANK[Role(r)], default="")


def record(
    *,
    action: AuditAction,
    user=None,
    target_user=None,
    obj=None,
    area=None,
    username: str = "",
    address: str | None = None,
    detail: str = "",
) -> AuditEntry:
    """Write one entry. `user` acted; `target_user` is the account the event is about (signed in,
    locked out, changed); `obj` the record concerned, whose area is taken when none is given."""
    actor = user if user is not None and getattr(user, "is_authenticated", False) else None
    if area is None and obj is not None:
        area = getattr(obj, "area", None)
    entry = AuditEntry(
        action=AuditAction(action),
        user=actor,
        username=(username or (actor.get_username() if actor else ""))[:150],
        role=acting_role(actor, area),
        target_user=target_user,
        area=area,
        address=address or None,
        detail=str(detail)[:255],
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj)
        entry.object_id = str(obj.pk)
        entry.object_label = str(obj)[:255]
    # the related rows were handed in by the caller: checking that each exists would cost a query
    # apiece on every sign-in and export
    entry.full_clean(exclude=["user", "target_user", "area", "content_type"])
    entry.save()
    return entry


def _export_area(request):
    """The area an export concerns: its `area` filter (already checked by the export's
    FilterSet), else the top of the user's jurisdiction (None for a superuser: everywhere)."""
    area_id = as_id(request.GET.get("area"))
    if area_id is not None:
        area = Area.objects.filter(pk=area_id).first()
        if area is not None:
            return area
    paths = role_paths(request.user, Action.EXPORT)
    if not paths:  # EVERYWHERE or nowhere
        return None
    return Area.objects.filter(path=paths[0]).first()


def record_export(
    request, what, fmt: str, *, personal: bool = False, obj=None, area=None
) -> AuditEntry:
    """An export or download: `what` was exported (a model, or a key of details.EXPORTED), as
    `fmt`; `personal` when it holds people's names or contacts. Its area: `area`, else `obj`'s,
    else the export's filter."""
    if area is None and obj is None:
        area = _export_area(request)
    return record(
        action=AuditAction.PERSONAL_DATA_DOWNLOAD if personal else AuditAction.EXPORT,
        user=request.user,
        obj=obj,
        area=area,
        detail=details.encode("export", what=details.exported(what), format=str(fmt).lower()),
    )
