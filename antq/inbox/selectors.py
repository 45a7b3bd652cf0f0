"""The inbox of a user: each declared kind's count and first items, computed from the records
on each request (one query per kind for the counts, one per kind with work for its items) and
kept on the user object for the rest of the request, so the navigation's badge and the page
share them."""

from dataclasses import dataclass, field

from django.utils import timezone

from antq.inbox.registry import Item, ItemKind, kinds

# The items shown of each kind; the rest are on the kind's list page.
FIRST_ITEMS = 5


@dataclass
class Section:
    kind: ItemKind
    count: int
    items: list[Item] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.items)


def _cache(user):
    return user.__dict__.setdefault("_antq_inbox", {})


def counts(user, today=None) -> dict[str, int]:
    """{kind slug: how many await `user`} for every declared kind: one query per kind."""
    today = today or timezone.localdate()
    cache = _cache(user)
    if cache.get("today") != today:
        cache.clear()
        cache["today"] = today
        cache["counts"] = {kind.slug: kind.count(user, today) for kind in kinds()}
    return cache["counts"]


def total(user, today=None) -> int:
    return sum(counts(user, today).values())


def inbox(user, today=None, limit=FIRST_ITEMS) -> list[Section]:
    """The kinds with work for `user`, each with its count and first `limit` items."""
    today = today or timezone.localdate()
    found = counts(user, today)
    return [
        Section(kind, found[kind.slug], kind.items(user, today, limit))
        for kind in kinds()
        if found[kind.slug]
    ]
