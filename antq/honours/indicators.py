"""Emulation agreements and commendations: their indicators and the report's sentences."""

from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from antq.honours.models import Commendation, EmulationAgreement
from antq.indicators.groups import Group, declare_groups
from antq.indicators.registry import FLOW, Indicator, declare
from antq.indicators.wording import counted

APPROVED = Q(status="approved")


def _commendations(key, name, where=None, denominator=""):
    """Approved commendations, placed in time by the date of their decision."""
    return Indicator(
        key,
        name,
        "honours",
        model=Commendation,
        where=APPROVED & (where or Q()),
        date_field="decision_date",
        kind=FLOW,
        denominator=denominator,
    )


declare(
    # emulation and commendation
    Indicator(
        "honours.agreements",
        _("emulation agreements signed"),
        "honours",
        model=EmulationAgreement,
        date_field="signed_on",
        kind=FLOW,
    ),
    _commendations("honours.commendations", _("commendations (approved)")),
    _commendations(
        "honours.certificates_of_merit",
        _("certificates of merit"),
        Q(award_form="certificate_of_merit"),
    ),
    _commendations(
        "honours.certificates_of_commendation",
        _("certificates of commendation"),
        Q(award_form="certificate_of_commendation"),
    ),
    _commendations(
        "honours.commemorative_medals",
        _("commemorative medals"),
        Q(award_form="commemorative_medal"),
    ),
    _commendations(
        "honours.collective",
        _("commendations of collectives"),
        ~Q(recipient_kind="individual"),
        denominator="honours.commendations",
    ),
    _commendations(
        "honours.individual",
        _("commendations of individuals"),
        Q(recipient_kind="individual"),
        denominator="honours.commendations",
    ),
)


def sentences(v, fmt):
    agreements = v.value("honours.agreements")
    paragraphs = [
        ngettext(
            "{n} emulation agreement was signed in the period.",
            "{n} emulation agreements were signed in the period.",
            agreements,
        ).format(n=fmt.number(agreements))
    ]
    n = v.value("honours.commendations")
    if not n:
        paragraphs.append(gettext("No commendation was approved in the period."))
        return paragraphs
    paragraphs.append(
        ngettext(
            "{n} commendation was approved: {merit}, {commendation} and {medals}; {collectives} "
            "and {individuals}.",
            "{n} commendations were approved: {merit}, {commendation} and {medals}; "
            "{collectives} and {individuals}.",
            n,
        ).format(
            n=fmt.number(n),
            merit=counted(
                "{n} certificate of merit",
                "{n} certificates of merit",
                v.value("honours.certificates_of_merit"),
                fmt,
            ),
            commendation=counted(
                "{n} certificate of commendation",
                "{n} certificates of commendation",
                v.value("honours.certificates_of_commendation"),
                fmt,
            ),
            medals=counted(
                "{n} commemorative medal",
                "{n} commemorative medals",
                v.value("honours.commemorative_medals"),
                fmt,
            ),
            collectives=counted(
                "{n} to a collective", "{n} to collectives", v.value("honours.collective"), fmt
            ),
            individuals=counted(
                "{n} to an individual", "{n} to individuals", v.value("honours.individual"), fmt
            ),
        )
    )
    return paragraphs


declare_groups(Group("honours", _("Emulation and commendation"), order=110, sentences=sentences))
