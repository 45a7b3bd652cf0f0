from django.http import Http404

from antq.core.scoping import Action
from antq.registry.models import Organisation


def organisation_list(user, action=Action.VIEW):
    return Organisation.objects.visible_to(user, action).select_related("area")


def organisation_get(user, pk, action=Action.VIEW) -> Organisation:
    try:
        return organisation_list(user, action).get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def organisation_count(user):
    return Organisation.objects.visible_to(user).count()
