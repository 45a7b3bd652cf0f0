"""Crime reports and tips: their indicators and the report's sentences on them."""

from django.db.models import F, Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from antq.indicators.groups import Group, Panel, declare_flags, declare_groups
from antq.indicators.registry import FLOW, Indicator, declare
from antq.indicators.wording import listed
from antq.tips.choices import SETTLED, Channel
from antq.tips.models import Tip
from antq.tips.selectors import overdue_by_child

TIP_SETTLED = Q(status__in=SETTLED)  # the tip has left the unit's work for good

declare(
    # crime reports and tips (tố giác, tin báo), placed in time by the day they were received and
    # counted in their state today
    Indicator(
        "tips.received",
        _("crime reports and tips received"),
        "tips",
        model=Tip,
        date_field="received_on",
        kind=FLOW,
    ),
    Indicator(
        "tips.settled",
        _("crime reports and tips settled"),
        "tips",
        model=Tip,
        where=TIP_SETTLED,
        date_field="received_on",
        kind=FLOW,
        denominator="tips.received",
    ),
    Indicator(
        "tips.settled_on_time",
        _("crime reports and tips settled on time"),
        "tips",
        model=Tip,
        where=TIP_SETTLED & Q(settled_due_on__isnull=False, settled_on__lte=F("settled_due_on")),
        date_field="received_on",
        kind=FLOW,
        denominator="tips.settled",
    ),
)


# Where tips come from, as the reviews count them: each channel of the register in one group.
# An information source is a person who brings information to the police: a citizen.
CHANNEL_GROUPS = (
    (
        "tips.from_citizens",
        _("crime reports and tips from citizens"),
        (Channel.IN_PERSON, Channel.PHONE, Channel.LETTER, Channel.INFORMATION_SOURCE),
    ),
    (
        "tips.from_mass_organisations",
        _("crime reports and tips from mass organisations and their members"),
        (Channel.MASS_ORGANISATION,),
    ),
    (
        "tips.from_portal",
        _("crime reports and tips through the online portal"),
        (Channel.ONLINE_PORTAL,),
    ),
    ("tips.from_press", _("crime reports and tips from the press"), (Channel.PRESS,)),
    (
        "tips.from_agencies",
        _("crime reports and tips from other agencies"),
        (Channel.AGENCY_TRANSFER,),
    ),
)

declare(
    *(
        Indicator(
            key,
            name,
            "tips",
            model=Tip,
            where=Q(channel__in=channels),
            date_field="received_on",
            kind=FLOW,
        )
        for key, name, channels in CHANNEL_GROUPS
    )
)

# "80 from citizens": the tips of each group of channels, each with its plural.
CHANNEL_PHRASES = {
    "tips.from_citizens": lambda n: ngettext("{n} from citizens", "{n} from citizens", n),
    "tips.from_mass_organisations": lambda n: ngettext(
        "{n} from mass organisations and their members",
        "{n} from mass organisations and their members",
        n,
    ),
    "tips.from_portal": lambda n: ngettext(
        "{n} through the online portal", "{n} through the online portal", n
    ),
    "tips.from_press": lambda n: ngettext("{n} from the press", "{n} from the press", n),
    "tips.from_agencies": lambda n: ngettext(
        "{n} from other agencies", "{n} from other agencies", n
    ),
}


def _by_channel(v, fmt):
    parts = [
        CHANNEL_PHRASES[key](v.value(key)).format(n=fmt.number(v.value(key)))
        for key, _name, _channels in CHANNEL_GROUPS
        if v.value(key)  # a group of channels that brought nothing is not listed
    ]
    return gettext("By where they came from: {channels}.").format(channels=listed(parts))


def sentences(v, fmt):
    received = v.value("tips.received")
    if not received:
        return [gettext("No crime report or tip was received in the period.")]
    return [
        ngettext(
            "{n} crime report or tip was received; {settled} of them ({rate}) have been settled, "
            "{on_time} within the legal time limit.",
            "{n} crime reports and tips were received; {settled} of them ({rate}) have been "
            "settled, {on_time} within the legal time limit.",
            received,
        ).format(
            n=fmt.number(received),
            settled=fmt.number(v.value("tips.settled")),
            rate=fmt.rate(v.rate("tips.settled")),
            on_time=fmt.number(v.value("tips.settled_on_time")),
        ),
        _by_channel(v, fmt),
    ]


declare_groups(Group("tips", _("Crime reports and tips"), order=60, sentences=sentences))


def _overdue(user, area, date_from, date_to):
    return {"overdue": overdue_by_child(user, area)}  # a state of today, whatever the period


declare_flags(Panel("overdue", "tips/_flag_overdue.html", _overdue, order=10))
