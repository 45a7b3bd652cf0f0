from django.utils.translation import gettext_lazy as _

from antq.activities import selectors, services
from antq.activities.exports import ACTIVITY_COLUMNS, REGULATION_COLUMNS, SECURED_EVENT_COLUMNS
from antq.activities.filtersets import (
    ActivityFilterSet,
    CoordinationRegulationFilterSet,
    SecuredEventFilterSet,
)
from antq.activities.forms import (
    ActivityForm,
    AttachmentForm,
    CoordinationRegulationForm,
    SecuredEventForm,
)
from antq.activities.imports import ACTIVITY_IMPORT, REGULATION_IMPORT, SECURED_EVENT_IMPORT
from antq.activities.models import Activity, CoordinationRegulation, SecuredEvent
from antq.activities.tables import ActivityTable, CoordinationRegulationTable, SecuredEventTable
from antq.core.records import RecordType
from antq.core.relations import visible_links
from antq.core.scoping import Action, can

# Other apps add sections to an activity's page (honours: the commendations presented there):
# callables (request, activity) -> {"template": …, …context} or None.
ACTIVITY_SECTIONS = []


def _activity_detail(request, activity):
    user = request.user
    organisers, hidden = visible_links(user, activity, "organisers")
    can_change = can(user, Action.CHANGE, activity.area)
    sections = [s for s in (section(request, activity) for section in ACTIVITY_SECTIONS) if s]
    return {
        "extra_template": "activities/_activity_extra.html",
        "organisers": organisers,
        "hidden_organisers": hidden,
        "attachments": list(selectors.attachments_of(activity)),
        "attachment_form": AttachmentForm() if can_change else None,
        "can_change_files": can_change,
        "sections": sections,
    }


def _regulation_detail(request, regulation):
    parties, hidden = visible_links(request.user, regulation, "parties")
    return {
        "extra_template": "activities/_regulation_extra.html",
        "parties": parties,
        "hidden_parties": hidden,
    }


ACTIVITIES = RecordType(
    slug="activity",
    namespace="activities",
    model=Activity,
    selector=selectors.activity_list,
    filterset=ActivityFilterSet,
    table=ActivityTable,
    form=ActivityForm,
    export_columns=ACTIVITY_COLUMNS,
    import_spec=ACTIVITY_IMPORT,
    create=services.activity_create,
    update=services.activity_update,
    delete=services.activity_delete,
    detail_fields=["kind", "title", "held_on", "participants", "notes"],
    detail_extra=_activity_detail,
    extra_links=((_("Figures"), "activities:figures"),),
)

SECURED_EVENTS = RecordType(
    slug="securedevent",
    namespace="activities",
    model=SecuredEvent,
    selector=selectors.securedevent_list,
    filterset=SecuredEventFilterSet,
    table=SecuredEventTable,
    form=SecuredEventForm,
    export_columns=SECURED_EVENT_COLUMNS,
    import_spec=SECURED_EVENT_IMPORT,
    create=services.securedevent_create,
    update=services.securedevent_update,
    delete=services.securedevent_delete,
    detail_fields=[
        "held_on",
        "kind",
        "name",
        "scale",
        "incidents_occurred",
        "incident_description",
        "notes",
    ],
    extra_links=((_("Figures"), "activities:figures"),),
)

REGULATIONS = RecordType(
    slug="regulation",
    namespace="activities",
    model=CoordinationRegulation,
    selector=selectors.regulation_list,
    filterset=CoordinationRegulationFilterSet,
    table=CoordinationRegulationTable,
    form=CoordinationRegulationForm,
    export_columns=REGULATION_COLUMNS,
    import_spec=REGULATION_IMPORT,
    create=services.regulation_create,
    update=services.regulation_update,
    delete=services.regulation_delete,
    detail_fields=["number", "title", "signed_on", "review_on", "ended_on", "scope"],
    detail_extra=_regulation_detail,
    extra_links=((_("Due for review"), "activities:regulation-due"),),
)
