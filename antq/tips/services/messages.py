"""The messages between the handling unit and the reporter, who reads and answers them
through the public portal."""

from django.db import transaction
from django.utils.translation import gettext as _

from antq.core.scoping import Action
from antq.core.services import require_record_right
from antq.notifications import services as notifications
from antq.tips.models import Tip, TipMessage
from antq.tips.services.common import clean_text, locked_tip, reporter_hour


@transaction.atomic
def tip_send_message(*, acting_user, tip: Tip, body) -> TipMessage:
    """A message from the unit to the reporter (read by them through the public portal)."""
    tip = locked_tip(tip)
    require_record_right(acting_user, Action.CHANGE, tip)
    body = clean_text("body", body, required=True, message=_("Write the message."))
    return TipMessage.objects.create(tip=tip, from_staff=True, body=body, by=acting_user)


@transaction.atomic
def tip_reporter_reply(*, tip: Tip, body) -> TipMessage:
    """A message from the reporter to the handling unit, sent through the public portal by
    whoever proved they hold the tip's code and passphrase (the caller checks that)."""
    tip = locked_tip(tip)
    body = clean_text("body", body, required=True, message=_("Write the message."))
    message = TipMessage.objects.create(
        tip=tip, from_staff=False, body=body, by=None, at=reporter_hour()
    )
    notifications.tip_replied(tip=tip, message=message)
    return message
