"""The annual evaluations (the standard, the classification, the new-rural criterion): their
indicators and the report's sentences. Each result is placed in time by the end of its
evaluation window, so a year's figures are those of the year's windows."""

from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from antq.evaluations.models import Assessment, Classification, RuralAssessment
from antq.evaluations.selectors import weak_flags
from antq.indicators.groups import Group, Panel, declare_flags, declare_groups
from antq.indicators.registry import FLOW, Indicator, declare

ASSESSED = Q(status__in=["assessed", "recognised"])


def _standard(kind, assessed, met, recognised):
    """Subjects of a kind assessed against the standard, meeting it, recognised."""
    where = Q(subject_kind=kind)
    common = {"model": Assessment, "date_field": "window_end", "kind": FLOW}
    key = f"evaluations.{kind}"
    return (
        Indicator(f"{key}_assessed", assessed, "evaluations", where=where & ASSESSED, **common),
        Indicator(
            f"{key}_met",
            met,
            "evaluations",
            where=where & ASSESSED & Q(meets_standard=True),
            denominator=f"{key}_assessed",
            **common,
        ),
        Indicator(
            f"{key}_recognised",
            recognised,
            "evaluations",
            where=where & Q(status="recognised"),
            denominator=f"{key}_assessed",
            **common,
        ),
    )


def _class(movement_class, name):
    return Indicator(
        f"evaluations.class_{movement_class}",
        name,
        "classification",
        model=Classification,
        where=Q(movement_class=movement_class),
        date_field="period_end",
        kind=FLOW,
        denominator="evaluations.classified",
    )


declare(
    *_standard(
        "residential",
        _("residential areas assessed against the standard"),
        _("residential areas meeting the standard"),
        _("residential areas recognised as meeting the standard"),
    ),
    *_standard(
        "commune",
        _("communes and wards assessed against the standard"),
        _("communes and wards meeting the standard"),
        _("communes and wards recognised as meeting the standard"),
    ),
    *_standard(
        "agency",
        _("agencies and enterprises assessed against the standard"),
        _("agencies and enterprises meeting the standard"),
        _("agencies and enterprises recognised as meeting the standard"),
    ),
    *_standard(
        "school",
        _("schools assessed against the standard"),
        _("schools meeting the standard"),
        _("schools recognised as meeting the standard"),
    ),
    Indicator(
        "evaluations.classified",
        _("units whose movement was classified"),
        "classification",
        model=Classification,
        date_field="period_end",
        kind=FLOW,
    ),
    _class("excellent", _("units classified excellent")),
    _class("good", _("units classified good")),
    _class("average", _("units classified average")),
    _class("weak", _("units classified weak")),
    Indicator(
        "evaluations.rural_assessed",
        _("communes assessed on the new-rural criterion on defence and security"),
        "rural",
        model=RuralAssessment,
        date_field="period_end",
        kind=FLOW,
    ),
    Indicator(
        "evaluations.rural_met",
        _("communes meeting the new-rural criterion on defence and security"),
        "rural",
        model=RuralAssessment,
        where=Q(meets=True),
        date_field="period_end",
        kind=FLOW,
        denominator="evaluations.rural_assessed",
    ),
)


def _standard_phrases():
    """By kind of subject: how a share of those meeting the standard reads."""
    return {
        "residential": lambda whole: ngettext(
            "{part} of {whole} residential area ({rate}) met the “safe for security and order” "
            "standard; {recognised} recognised.",
            "{part} of {whole} residential areas ({rate}) met the “safe for security and order” "
            "standard; {recognised} recognised.",
            whole,
        ),
        "commune": lambda whole: ngettext(
            "{part} of {whole} commune or ward ({rate}) met the “safe for security and order” "
            "standard; {recognised} recognised.",
            "{part} of {whole} communes and wards ({rate}) met the “safe for security and "
            "order” standard; {recognised} recognised.",
            whole,
        ),
        "agency": lambda whole: ngettext(
            "{part} of {whole} agency or enterprise ({rate}) met the “safe for security and "
            "order” standard; {recognised} recognised.",
            "{part} of {whole} agencies and enterprises ({rate}) met the “safe for security and "
            "order” standard; {recognised} recognised.",
            whole,
        ),
        "school": lambda whole: ngettext(
            "{part} of {whole} school ({rate}) met the “safe for security and order” standard; "
            "{recognised} recognised.",
            "{part} of {whole} schools ({rate}) met the “safe for security and order” standard; "
            "{recognised} recognised.",
            whole,
        ),
    }


SUBJECT_KINDS = ("residential", "commune", "agency", "school")


def evaluations_sentences(v, fmt):
    paragraphs = []
    phrases = _standard_phrases()
    for kind in SUBJECT_KINDS:
        key = f"evaluations.{kind}"
        whole = v.value(f"{key}_assessed")
        if whole:
            paragraphs.append(
                phrases[kind](whole).format(
                    part=fmt.number(v.value(f"{key}_met")),
                    whole=fmt.number(whole),
                    rate=fmt.rate(v.rate(f"{key}_met")),
                    recognised=fmt.number(v.value(f"{key}_recognised")),
                )
            )
    return paragraphs or [
        gettext("No assessment against the standard was completed in the period.")
    ]


MOVEMENT_CLASSES = ("excellent", "good", "average", "weak")


def classification_sentences(v, fmt):
    n = v.value("evaluations.classified")
    if not n:
        return [gettext("No unit's movement was classified in the period.")]
    figures = {}
    for cls in MOVEMENT_CLASSES:
        key = f"evaluations.class_{cls}"
        figures[cls] = fmt.number(v.value(key))
        figures[f"{cls}_rate"] = fmt.rate(v.rate(key))
    return [
        ngettext(
            "The movement of {n} unit was classified: {excellent} excellent ({excellent_rate}), "
            "{good} good ({good_rate}), {average} average ({average_rate}) and {weak} weak "
            "({weak_rate}).",
            "The movement of {n} units was classified: {excellent} excellent "
            "({excellent_rate}), {good} good ({good_rate}), {average} average ({average_rate}) "
            "and {weak} weak ({weak_rate}).",
            n,
        ).format(n=fmt.number(n), **figures)
    ]


def rural_sentences(v, fmt):
    whole = v.value("evaluations.rural_assessed")
    if not whole:
        return [gettext("No commune was assessed on the new-rural criterion in the period.")]
    return [
        ngettext(
            "{part} of {whole} commune assessed ({rate}) meets the new-rural criterion on "
            "defence and security.",
            "{part} of {whole} communes assessed ({rate}) meet the new-rural criterion on "
            "defence and security.",
            whole,
        ).format(
            part=fmt.number(v.value("evaluations.rural_met")),
            whole=fmt.number(whole),
            rate=fmt.rate(v.rate("evaluations.rural_met")),
        )
    ]


declare_groups(
    Group(
        "evaluations",
        _("Safe for security and order"),
        order=130,
        sentences=evaluations_sentences,
    ),
    Group(
        "classification",
        _("Movement classification"),
        order=140,
        sentences=classification_sentences,
    ),
    Group(
        "rural",
        _("New-rural criterion on defence and security"),
        order=150,
        sentences=rural_sentences,
    ),
)


def _weak(user, area, date_from, date_to):
    return {"weak": weak_flags(user, area, date_from, date_to)}


declare_flags(Panel("weak", "evaluations/_flag_weak.html", _weak, order=20))
