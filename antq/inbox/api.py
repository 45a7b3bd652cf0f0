"""GET /api/v1/inbox: what needs the caller now, computed from the records."""

from ninja import Router

from antq.core.api_crud import ERRORS
from antq.inbox import selectors
from antq.inbox.registry import kinds
from antq.inbox.schemas import InboxOut

router = Router(tags=["inbox"])


@router.get(
    "",
    response={200: InboxOut, **ERRORS},
    operation_id="inbox",
    summary="What needs the caller now",
    description=(
        "Every kind of work antq knows, in the page's order, with how many records await the "
        "caller (within their jurisdiction) and the first few of them, each with the address of "
        "the page where it is done. `list_url` is the filtered list of all of them, or empty "
        "where there is none. Computed from the records at each call; nothing is stored."
    ),
)
def inbox(request):
    user = request.user
    found = {section.kind.slug: section for section in selectors.inbox(user)}
    counts = selectors.counts(user)
    return {
        "total": sum(counts.values()),
        "sections": [
            {
                "kind": kind.slug,
                "label": str(kind.label),
                "count": counts[kind.slug],
                "list_url": kind.list_url(),
                "items": [
                    item.__dict__ for item in (found[kind.slug].items if kind.slug in found else [])
                ],
            }
            for kind in kinds()
        ],
    }
