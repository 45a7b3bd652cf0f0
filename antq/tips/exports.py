"""Export columns of tips. Never the reporter's identity; and no free text (summary, outcome
notes) either, since those may name people and exports travel by e-mail."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from antq.tips import deadlines


def _today():
    return timezone.localdate()


TIP_COLUMNS = [
    (_("id"), lambda t: t.pk),
    (_("code"), lambda t: t.code),
    (_("unit code"), lambda t: t.area.code),
    (_("unit"), lambda t: t.area.name),
    (_("received on"), lambda t: t.received_on),
    (_("legal kind"), lambda t: t.get_legal_kind_display()),
    (_("channel"), lambda t: t.get_channel_display()),
    (pgettext_lazy("tip", "category code"), lambda t: t.category.code),
    (pgettext_lazy("tip", "category"), lambda t: t.category.label),
    (_("occurred on"), lambda t: t.occurred_on),
    (
        _("time of occurrence"),
        lambda t: t.occurred_time.strftime("%H:%M") if t.occurred_time else None,
    ),
    (_("status"), lambda t: t.get_status_display()),
    (_("assigned to"), lambda t: t.assigned_to.person_label if t.assigned_to else ""),
    (_("extensions"), lambda t: t.extensions),
    (_("due on"), lambda t: t.due_on),
    (_("days left"), lambda t: deadlines.days_left(t.due_on, _today())),
    (_("overdue"), lambda t: deadlines.is_overdue(t.due_on, _today())),
    (_("settled on"), lambda t: t.settled_on),
    (_("decided on"), lambda t: t.decided_on),
]
