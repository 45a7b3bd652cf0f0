from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from antq.core.records import RecordType
from antq.core.scoping import Action, can, can_read_identities
from antq.tips import forms, selectors
from antq.tips.choices import ALLOWED_FROM
from antq.tips.choices import Action as Step
from antq.tips.exports import TIP_COLUMNS
from antq.tips.filtersets import TipFilterSet
from antq.tips.imports import TIP_IMPORT
from antq.tips.models import Tip
from antq.tips.services import entry as entry_services
from antq.tips.services import messages as message_services
from antq.tips.services import workflow as workflow_services
from antq.tips.tables import TipTable


@dataclass(frozen=True)
class WorkflowStep:
    """A step of the tip workflow as the tip's page offers it: its form, the service that takes
    it, and its address. The statuses it starts from are ALLOWED_FROM's (choices.py), checked
    by the service and used here to offer it."""

    form: type
    service: object

    @staticmethod
    def slug(step):
        return step.value.replace("_", "-")

    @staticmethod
    def url_name(step):
        return f"tip-{WorkflowStep.slug(step)}"


STEPS = {
    Step.ASSIGN: WorkflowStep(forms.AssignForm, workflow_services.tip_assign),
    Step.VERIFY: WorkflowStep(forms.VerifyForm, workflow_services.tip_start_verifying),
    Step.EXTEND: WorkflowStep(forms.ExtendForm, workflow_services.tip_extend),
    Step.SUSPEND: WorkflowStep(forms.SuspendForm, workflow_services.tip_suspend),
    Step.RESUME: WorkflowStep(forms.ResumeForm, workflow_services.tip_resume),
    Step.DECIDE: WorkflowStep(forms.DecideForm, workflow_services.tip_decide),
    Step.TRANSFER: WorkflowStep(forms.TransferForm, workflow_services.tip_transfer),
    Step.TRANSFER_OUT: WorkflowStep(forms.TransferOutForm, workflow_services.tip_transfer_out),
    Step.CLOSE: WorkflowStep(forms.CloseForm, workflow_services.tip_close_not_crime),
}


def nearby_context(request, tip, metres):
    """What the nearby-cameras part of a tip's page shows, for the page and its htmx swap."""
    user = request.user
    near = selectors.nearby_cameras(user, tip, metres)
    may_request = can(user, Action.CHANGE, tip.area) and not tip.is_settled
    return {
        "metres": metres,
        "metre_choices": selectors.NEARBY_METRES,
        "nearby": None if near is None else list(near),
        "footage_form": (
            forms.FootageRequestForm(prefix="footage", tip=tip, user=user, metres=metres)
            if may_request
            else None
        ),
    }


def _tip_detail(request, tip):
    user = request.user
    events = list(selectors.timeline(tip))
    clock = selectors.tip_clock(events)
    summary = selectors.clock_summary(tip, clock)
    can_change = can(user, Action.CHANGE, tip.area)
    steps = []
    if can_change:
        for step, workflow_step in STEPS.items():
            if step == Step.EXTEND and not summary["next_extension"]:
                continue  # expired, resumed or extended twice: the law allows no extension
            if tip.status in ALLOWED_FROM[step]:
                url = reverse(f"tips:{WorkflowStep.url_name(step)}", args=[tip.pk])
                form = workflow_step.form(prefix=step.value, tip=tip, user=user)
                steps.append((step, form, url))
    # opening the tip is reading the reporter's replies: they leave the unit's inbox
    message_services.tip_replies_mark_read(acting_user=user, tip=tip)
    may_read = can_read_identities(user, tip.area)
    attachments = list(selectors.attachments_of(tip))
    return {
        "extra_template": "tips/_tip_extra.html",
        "clock": summary,
        "events": events,
        "thread": list(selectors.thread(tip)),
        "steps": steps,
        "message_form": forms.MessageForm(prefix="message") if can_change else None,
        "may_reveal": tip.has_identity and may_read,
        "reveal_form": forms.RevealForm(prefix="reveal"),
        "may_list_reveals": selectors.may_list_reveals(user),
        # without the grant a user learns only how many files were sent, nothing about them
        "attachment_count": len(attachments),
        "attachments": attachments if may_read else [],
        "open_form": forms.OpenAttachmentForm(prefix="open"),
        "tile_url": settings.ANTQ_TILE_URL,
        "footage_requests": [
            (
                footage,
                forms.FootageAnswerForm(prefix=f"answer-{footage.pk}", tip=tip)
                if can_change and not footage.outcome
                else None,
            )
            for footage in selectors.footage_requests(user, tip)
        ],
        **nearby_context(request, tip, selectors.nearby_metres(request.GET.get("m"))),
    }


TIPS = RecordType(
    slug="tip",
    namespace="tips",
    model=Tip,
    filterset=TipFilterSet,
    table=TipTable,
    form=forms.TipForm,
    export_columns=TIP_COLUMNS,
    import_spec=TIP_IMPORT,
    create=entry_services.tip_create,
    update=entry_services.tip_update,
    delete=entry_services.tip_delete,
    # the inbox, sorted by urgency
    selector=selectors.tip_list,
    detail_fields=[
        "code",
        "status",
        "legal_kind",
        "channel",
        "category",
        "received_on",
        "received_by_area",
        "occurred_on",
        "occurred_time",
        "occurred_place",
        "place_area",
        "summary",
        "assigned_to",
        "extensions",
        "due_on",
        "settled_on",
        "decided_on",
        "outcome_notes",
    ],
    detail_extra=_tip_detail,
)
