"""The monthly case tallies: their indicators and the report's sentences on them."""

from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from antq.areas.choices import AreaLevel
from antq.core.scoping import Action, can_anywhere
from antq.indicators.groups import Group, Panel, declare_cards, declare_groups
from antq.indicators.registry import FLOW, Indicator, declare
from antq.indicators.wording import counted
from antq.tallies.choices import TallyStatus
from antq.tallies.models import MonthlyTally
from antq.tallies.selectors import tallies_awaiting_approval, tallies_returned_to

# the returned tallies the home page lists; the tally list shows them all
RETURNED_SHOWN = 10


def _tally(key, name, fld, denominator=""):
    """A monthly-tally count summed over the tallies whose month falls in the period. Every tally
    counts, whatever its status (as the tallies' own figures page by default); the reports say
    how many of them were approved (`tallies.approved`). Where no tally was received for the
    area and period, the figure was not reported (`tallies.count`), which is not a zero."""
    return Indicator(
        key,
        name,
        "tallies",
        model=MonthlyTally,
        measure=("sum", fld),
        date_field="month",
        kind=FLOW,
        denominator=denominator,
        reported_by="tallies.count",
    )


declare(
    # monthly case tallies (counts only, never people)
    _tally(
        "tallies.criminal_registered",
        _("criminal cases registered"),
        "criminal_cases_registered",
    ),
    _tally(
        "tallies.criminal_clarified",
        _("criminal cases clarified"),
        "criminal_cases_clarified",
        denominator="tallies.criminal_registered",
    ),
    _tally(
        "tallies.social_order_occurred",
        _("social-order cases occurred"),
        "social_order_cases_occurred",
    ),
    _tally(
        "tallies.social_order_detected",
        _("social-order cases detected"),
        "social_order_cases_detected",
        denominator="tallies.social_order_occurred",
    ),
    _tally(
        "tallies.groups_dismantled",
        _("criminal groups dismantled"),
        "criminal_groups_dismantled",
    ),
    _tally("tallies.offenders_arrested", _("offenders arrested"), "offenders_arrested"),
    _tally("tallies.drug_cases", _("drug cases"), "drug_cases"),
    _tally("tallies.drug_violators", _("drug-law violators"), "drug_law_violators"),
    _tally(
        "tallies.rehabilitation",
        _("people persuaded into voluntary drug rehabilitation"),
        "persuaded_into_rehabilitation",
    ),
    _tally(
        "tallies.domestic_delegations",
        _("domestic delegations secured"),
        "domestic_delegations_secured",
    ),
    _tally(
        "tallies.foreign_delegations",
        _("foreign delegations secured"),
        "foreign_delegations_secured",
    ),
    _tally("tallies.events", _("events secured"), "events_secured"),
    Indicator(
        "tallies.count",
        _("monthly tallies"),
        "tallies",
        model=MonthlyTally,
        date_field="month",
        kind=FLOW,
    ),
    # a tally holds a unit's own figures: those of units other than communes (a district, a
    # police unit an obligation adds) are counted beside their communes', and the report says so
    Indicator(
        "tallies.other_units",
        _("monthly tallies of units other than communes"),
        "tallies",
        model=MonthlyTally,
        where=~Q(area__level=AreaLevel.COMMUNE),
        date_field="month",
        kind=FLOW,
    ),
    Indicator(
        "tallies.approved",
        _("approved monthly tallies"),
        "tallies",
        model=MonthlyTally,
        where=Q(status=TallyStatus.APPROVED),
        date_field="month",
        kind=FLOW,
        denominator="tallies.count",
    ),
)


def sentences(v, fmt):
    tallies = v.value("tallies.count")
    if not tallies:
        return [
            gettext(
                "The case figures (criminal and social-order cases, criminal groups, offenders, "
                "drug cases, rehabilitation, delegations and events secured) were not reported "
                "for the period: no monthly case tally was received."
            )
        ]
    paragraphs = []
    whole = v.value("tallies.criminal_registered")
    paragraphs.append(
        ngettext(
            "{part} of {whole} criminal case ({rate}) was clarified.",
            "{part} of {whole} criminal cases ({rate}) were clarified.",
            whole,
        ).format(
            part=fmt.number(v.value("tallies.criminal_clarified")),
            whole=fmt.number(whole),
            rate=fmt.rate(v.rate("tallies.criminal_clarified")),
        )
        if whole
        else gettext("No criminal case was registered.")
    )
    occurred = v.value("tallies.social_order_occurred")
    if occurred:
        paragraphs.append(
            ngettext(
                "{part} of {whole} social-order case was detected (detection rate {rate}).",
                "{part} of {whole} social-order cases were detected (detection rate {rate}).",
                occurred,
            ).format(
                part=fmt.number(v.value("tallies.social_order_detected")),
                whole=fmt.number(occurred),
                rate=fmt.rate(v.rate("tallies.social_order_detected")),
            )
        )
    groups = v.value("tallies.groups_dismantled")
    paragraphs.append(
        ngettext(
            "{n} criminal group was dismantled and {offenders} arrested.",
            "{n} criminal groups were dismantled and {offenders} arrested.",
            groups,
        ).format(
            n=fmt.number(groups),
            offenders=counted(
                "{n} offender", "{n} offenders", v.value("tallies.offenders_arrested"), fmt
            ),
        )
    )
    cases = v.value("tallies.drug_cases")
    paragraphs.append(
        ngettext(
            "{n} drug case was uncovered with {violators}.",
            "{n} drug cases were uncovered with {violators}.",
            cases,
        ).format(
            n=fmt.number(cases),
            violators=counted(
                "{n} drug-law violator",
                "{n} drug-law violators",
                v.value("tallies.drug_violators"),
                fmt,
            ),
        )
    )
    rehab = v.value("tallies.rehabilitation")
    paragraphs.append(
        ngettext(
            "{n} person was persuaded into voluntary drug rehabilitation.",
            "{n} people were persuaded into voluntary drug rehabilitation.",
            rehab,
        ).format(n=fmt.number(rehab))
    )
    paragraphs.append(
        gettext("Security was provided for {domestic}, {foreign} and {events}.").format(
            domestic=counted(
                "{n} domestic delegation",
                "{n} domestic delegations",
                v.value("tallies.domestic_delegations"),
                fmt,
            ),
            foreign=counted(
                "{n} foreign delegation",
                "{n} foreign delegations",
                v.value("tallies.foreign_delegations"),
                fmt,
            ),
            events=counted("{n} event", "{n} events", v.value("tallies.events"), fmt),
        )
    )
    paragraphs.append(
        ngettext(
            "These case figures come from {n} monthly tally, {approved} of them approved.",
            "These case figures come from {n} monthly tallies, {approved} of them approved.",
            tallies,
        ).format(n=fmt.number(tallies), approved=fmt.number(v.value("tallies.approved")))
    )
    others = v.value("tallies.other_units")
    if others:
        paragraphs.append(
            ngettext(
                "{n} of these tallies was filed by a unit other than a commune (a district or a "
                "unit a reporting obligation adds), with the cases of its own work: a tally "
                "never sums the units below it, which file their own, so each case is counted "
                "once.",
                "{n} of these tallies were filed by units other than communes (districts or "
                "units a reporting obligation adds), with the cases of their own work: a tally "
                "never sums the units below it, which file their own, so each case is counted "
                "once.",
                others,
            ).format(n=fmt.number(others))
        )
    return paragraphs


declare_groups(Group("tallies", _("Crime and order figures"), order=70, sentences=sentences))


def _tallies_card(user, roots):
    """The unit's tallies returned for correction, with the reason, and the number of tallies
    waiting for the user's approval."""
    returned = tallies_returned_to(user)
    return {
        "returned_tallies": list(returned[:RETURNED_SHOWN]),
        "returned_count": returned.count(),
        "awaiting_count": (
            tallies_awaiting_approval(user).count() if can_anywhere(user, Action.APPROVE) else 0
        ),
    }


declare_cards(Panel("tallies", "tallies/_card_tallies.html", _tallies_card, order=5))
