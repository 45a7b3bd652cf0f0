"""Crime reports and tips: their indicators and the report's sentences on them.

A unit's tips of a month come from one source: antq's register (Tip), or, for months before the
unit kept it, the counts its monthly tally carries (tallies.MonthlyTally.tips_*); the services
refuse the second source where the first has figures. Each source has its indicators, and the
report's figures add the two and say how many came from the tallies."""

from decimal import Decimal

from django.db.models import F, Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from antq.indicators.groups import Group, Panel, declare_flags, declare_groups
from antq.indicators.registry import FLOW, STOCK, Indicator, declare
from antq.indicators.wording import listed
from antq.tallies.models import MonthlyTally
from antq.tips.choices import RUNNING, SETTLED, Channel
from antq.tips.models import Tip
from antq.tips.selectors import OPEN_DUE, overdue_by_child

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
    # the tips still being handled (the clock running) that fall due by the end of the period,
    # placed in time by their due date in force: for a period that has ended, those overdue
    # today. Read by the dashboard's flag of overdue tips (`selectors.overdue_by_child`) only:
    # not listed among the figures of the dashboard and the reports
    Indicator(
        OPEN_DUE,
        _("crime reports and tips being handled, due by the end of the period"),
        "tips",
        model=Tip,
        where=Q(status__in=RUNNING, due_on__isnull=False),
        date_field="due_on",
        kind=STOCK,
        listed=False,
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


def _tallied(key, name, fld, denominator=""):
    """A tip count of the monthly tallies, summed over the tallies whose month falls in the
    period (an empty count adds nothing)."""
    return Indicator(
        key,
        name,
        "tips",
        model=MonthlyTally,
        measure=("sum", fld),
        date_field="month",
        kind=FLOW,
        denominator=denominator,
        reported_by="tips.tallied_months",  # "not reported" where no tally counted tips
    )


declare(
    _tallied(
        "tips.tallied_received",
        _("crime reports and tips received, from monthly tallies"),
        "tips_received",
    ),
    _tallied(
        "tips.tallied_settled",
        _("crime reports and tips settled, from monthly tallies"),
        "tips_settled",
        denominator="tips.tallied_received",
    ),
    _tallied(
        "tips.tallied_settled_on_time",
        _("crime reports and tips settled on time, from monthly tallies"),
        "tips_settled_on_time",
        denominator="tips.tallied_settled",
    ),
    Indicator(
        "tips.tallied_months",
        _("monthly tallies that counted tips"),
        "tips",
        model=MonthlyTally,
        where=Q(tips_received__isnull=False),
        date_field="month",
        kind=FLOW,
    ),
)

# register key → the monthly tallies' key of the same figure
SOURCES = {
    "tips.received": "tips.tallied_received",
    "tips.settled": "tips.tallied_settled",
    "tips.settled_on_time": "tips.tallied_settled_on_time",
}


def tip_figures(v):
    """{register key: the figure from both sources} for the figures `v` of an area and period."""
    return {key: v.value(key) + v.value(tallied) for key, tallied in SOURCES.items()}


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
    if not parts:  # every figure came from the monthly tallies, which count no channels
        return []
    return [gettext("By where they came from: {channels}.").format(channels=listed(parts))]


def sentences(v, fmt):
    figures = tip_figures(v)
    received = figures["tips.received"]
    if not received:
        return [gettext("No crime report or tip was received in the period.")]
    settled = figures["tips.settled"]
    paragraphs = [
        ngettext(
            "{n} crime report or tip was received; {settled} of them ({rate}) have been settled, "
            "{on_time} within the legal time limit.",
            "{n} crime reports and tips were received; {settled} of them ({rate}) have been "
            "settled, {on_time} within the legal time limit.",
            received,
        ).format(
            n=fmt.number(received),
            settled=fmt.number(settled),
            rate=fmt.rate(Decimal(settled) / Decimal(received)),
            on_time=fmt.number(figures["tips.settled_on_time"]),
        )
    ]
    paragraphs += _by_channel(v, fmt)
    tallied = v.value("tips.tallied_received")
    if tallied == received:
        paragraphs.append(
            ngettext(
                "These figures come from {n} monthly tally, kept before the register of tips was "
                "used.",
                "These figures come from {n} monthly tallies, kept before the register of tips "
                "was used.",
                v.value("tips.tallied_months"),
            ).format(n=fmt.number(v.value("tips.tallied_months")))
        )
    elif tallied:
        paragraphs.append(
            ngettext(
                "Of those received, {n} comes from monthly tallies kept before the register of "
                "tips was used, and {rest} from the register.",
                "Of those received, {n} come from monthly tallies kept before the register of "
                "tips was used, and {rest} from the register.",
                tallied,
            ).format(n=fmt.number(tallied), rest=fmt.number(received - tallied))
        )
    return paragraphs


declare_groups(Group("tips", _("Crime reports and tips"), order=60, sentences=sentences))


def _overdue(user, area, date_from, date_to):
    return {"overdue": overdue_by_child(user, area)}  # a state of today, whatever the period


declare_flags(Panel("overdue", "tips/_flag_overdue.html", _overdue, order=10))
