from django.conf import settings
from django.urls import reverse

from antq.core.records import RecordType
from antq.core.scoping import Action, can, can_read_identities
from antq.tips import forms, selectors, services
from antq.tips.choices import ALLOWED_FROM
from antq.tips.choices import Action as Step
from antq.tips.exports import TIP_COLUMNS
from antq.tips.filtersets import TipFilterSet
from antq.tips.models import Tip
from antq.tips.tables import TipTable

STEP_FORMS = {
    Step.ASSIGN: forms.AssignForm,
    Step.VERIFY: forms.VerifyForm,
    Step.EXTEND: forms.ExtendForm,
    Step.SUSPEND: forms.SuspendForm,
    Step.RESUME: forms.ResumeForm,
    Step.DECIDE: forms.DecideForm,
    Step.TRANSFER: forms.TransferForm,
    Step.TRANSFER_OUT: forms.TransferOutForm,
    Step.CLOSE: forms.CloseForm,
}


def _tip_detail(request, tip):
    user = request.user
    events = list(selectors.timeline(tip))
    clock = selectors.tip_clock(events)
    summary = selectors.clock_summary(tip, clock)
    can_change = can(user, Action.CHANGE, tip.area)
    steps = []
    if can_change:
        for step, form_class in STEP_FORMS.items():
            if step == Step.EXTEND and not summary["next_extension"]:
                continue  # expired, resumed or extended twice: the law allows no extension
            if tip.status in ALLOWED_FROM[step]:
                url = reverse(f"tips:tip-{step.value.replace('_', '-')}", args=[tip.pk])
                steps.append((step, form_class(prefix=step.value, tip=tip, user=user), url))
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
    }


TIPS = RecordType(
    slug="tip",
    namespace="tips",
    model=Tip,
    filterset=TipFilterSet,
    table=TipTable,
    form=forms.TipForm,
    export_columns=TIP_COLUMNS,
    create=services.tip_create,
    update=services.tip_update,
    delete=services.tip_delete,
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
