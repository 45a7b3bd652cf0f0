"""The declaration of a scoped record type: its model, forms, table, filters, export columns,
services and selector. An app declares one in `<app>/records.py`; REGISTRY finds it by slug.
Its pages are core/record_pages.py, its API core/api_crud.py, its import jobs core/jobs.py.
"""

from dataclasses import dataclass, field

from django.http import Http404

from antq.core.scoping import Action

REGISTRY = {}


def as_id(value):
    """A primary key from user input, or None (never an exception)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


@dataclass
class RecordType:
    slug: str  # URL name prefix, e.g. "camerasite"
    model: type
    filterset: type
    table: type
    form: type
    export_columns: list
    create: object  # callable(acting_user=, **cleaned_data) -> instance
    update: object  # callable(acting_user=, instance=, reason=, **cleaned_data) -> instance
    delete: object  # callable(acting_user=, instance=, reason=) -> None
    selector: object  # callable(user, action) -> the records the user may `action`, for every read
    import_spec: object = None
    detail_fields: list = field(default_factory=list)
    detail_extra: object = None  # callable(request, obj) -> dict of extra context
    list_extra: object = None  # callable(request) -> dict of extra context
    namespace: str = ""
    extra_links: tuple = ()  # (label, url name) shown beside the list's own buttons
    back_to: str = ""  # url name of the list to return to; default: this type's own list
    personal_data: bool = False  # its export holds people's names or contacts (audited as such)
    bulk_actions: tuple = ()  # core.bulk.BulkAction: what the list does to selected rows

    def __post_init__(self):
        REGISTRY[self.slug] = self

    @property
    def verbose_name(self):
        return self.model._meta.verbose_name

    @property
    def verbose_name_plural(self):
        return self.model._meta.verbose_name_plural

    def queryset(self, user, action=Action.VIEW):
        return self.selector(user, action)

    def get(self, user, pk, action=Action.VIEW):
        try:
            return self.queryset(user, action).get(pk=pk)
        except (self.model.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404 from exc

    def url(self, action):
        return f"{self.namespace}:{self.slug}-{action}"

    @property
    def list_url_name(self):
        return self.back_to or self.url("list")
