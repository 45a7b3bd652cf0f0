"""Period reports (báo cáo sơ kết, tổng kết): a narrative review of an area over a period, in the
style of the movement's own reports, followed by tables by child area.

`build_report()` computes every figure with `compute()` (two GROUP BY passes per record type:
the area, then its children) and formats it for the report's language; the renderers in
`antq.indicators.renderers` turn the one `Report` into Markdown, DOCX, XLSX or CSV.

Stocks (models, teams, cameras, organisations, villages) are counted as at the period's end;
flows (tips received, monthly case figures) over the whole period. The area and its children
are the units in force on the period's end.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import dateformat, formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.indicators import crosswalk, definitions
from antq.indicators.compute import Result, compute
from antq.indicators.registry import REGISTRY

LANGUAGES = ("vi", "en", "ar")
FORMATS = ("md", "docx", "xlsx", "csv")

# How a report writes a date, by language (the form administrative reports use: "ngày
# 01/01/2018"; "1 January 2018"; "1 يناير 2018"). Month names come from Django's catalogues.
DATE_FORMATS = {"vi": r"\n\g\à\y d/m/Y"}
DEFAULT_DATE_FORMAT = "j F Y"

# The national title and motto of a Vietnamese administrative document, in their official
# wording (Decree 30/2020/NĐ-CP): a fixed legal text, not a phrase to translate. Reports in
# other languages carry its translation instead (see `_national_header`).
VI_NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
VI_NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"

# The reform that replaced districts with two-tier local government.
REFORM_DAY = date(2025, 7, 1)


@dataclass
class Column:
    key: str
    name: str
    is_rate: bool


@dataclass
class Row:
    """One line of a table: a child area, the area's own records, or the total."""

    code: str
    name: str
    kind: str  # "child" | "own" | "total"
    values: dict  # key → number (value), rates under "<key>%" as Decimal fractions or None
    cells: list  # formatted, one per column


@dataclass
class Table:
    columns: list
    rows: list


@dataclass
class Section:
    group: str
    heading: str
    paragraphs: list
    table: Table


@dataclass
class Report:
    lang: str
    bidi: bool
    title: str
    subtitle: str
    issuer: list  # lines of the issuing unit's block
    national: list  # the national title and motto (or their translation)
    place_date: str
    unit: str
    unit_code: str
    date_from: date
    date_to: date
    period: str
    boundaries: str
    introduction: list
    sections: list = field(default_factory=list)
    unit_label: str = ""
    total_label: str = ""
    commendations: object = None  # a Listing: the commendations after the tables
    folded: object = None  # a Listing: former communes by today's unit (today's boundaries)
    signature: str = ""

    @property
    def listings(self):
        """The lists after the tables, in order."""
        return [x for x in (self.commendations, self.folded) if x is not None]


class Formatter:
    """Numbers, rates and dates for the language that is active (call inside an override)."""

    def number(self, value):
        if value is None:
            return "–"
        if type(value) is int:  # the common case, thousands of times a report, made cheap
            separator, grouping = self._grouping()
            if grouping == 3:
                text = f"{abs(value):,}".replace(",", separator)
                return f"-{text}" if value < 0 else text
        return formats.number_format(value, 0, use_l10n=True, force_grouping=True)

    def _grouping(self):
        lang = translation.get_language()
        cache = self.__dict__.setdefault("_separators", {})
        if lang not in cache:
            cache[lang] = (
                formats.get_format("THOUSAND_SEPARATOR"),
                formats.get_format("NUMBER_GROUPING"),
            )
        return cache[lang]

    def rate(self, fraction):
        """87.7% from 0.87715 (one decimal, dropped when it is zero: "100%", "91%")."""
        if fraction is None:
            return "–"
        pct = (Decimal(fraction) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        places = 0 if pct == pct.to_integral_value() else 1
        value = formats.number_format(pct, places, use_l10n=True, force_grouping=True)
        return _("{value}%").format(value=value)

    def date(self, day):
        fmt = DATE_FORMATS.get(translation.get_language(), DEFAULT_DATE_FORMAT)
        return dateformat.format(day, fmt)


def _counted(singular, plural, n, fmt):
    """A counted phrase ("3 teams"), with the plural form the language needs for n."""
    return ngettext(singular, plural, n).format(n=fmt.number(n))


def _rate(result, key):
    return result.rate(key) if result is not None else None


# --- the narrative, one writer per indicator group ------------------------------------------
# Each writer returns its paragraphs for the area's figures `v` (a base.Result); a writer runs
# only when every indicator it cites is declared.


def _models(v, fmt):
    paragraphs = []
    whole, part = v.value("areas.villages"), v.value("models.villages_with_model")
    if whole:
        paragraphs.append(
            ngettext(
                "{part}/{whole} village or residential group ({rate}) has at least one "
                "self-defence/self-management model.",
                "{part}/{whole} villages and residential groups ({rate}) have at least one "
                "self-defence/self-management model.",
                whole,
            ).format(
                part=fmt.number(part),
                whole=fmt.number(whole),
                rate=fmt.rate(v.rate("models.villages_with_model")),
            )
        )
    n = v.value("models.total")
    paragraphs.append(
        ngettext(
            "{n} movement model is in place: {effective} effective ({rate}), {ineffective} "
            "ineffective; {ministry} recognised by the Ministry and {province} by the province; "
            "{replicated} replicated from another model.",
            "{n} movement models are in place: {effective} effective ({rate}), {ineffective} "
            "ineffective; {ministry} recognised by the Ministry and {province} by the province; "
            "{replicated} replicated from another model.",
            n,
        ).format(
            n=fmt.number(n),
            effective=fmt.number(v.value("models.effective")),
            rate=fmt.rate(v.rate("models.effective")),
            ineffective=fmt.number(v.value("models.ineffective")),
            ministry=fmt.number(v.value("models.ministry")),
            province=fmt.number(v.value("models.province")),
            replicated=fmt.number(v.value("models.replications")),
        )
    )
    return paragraphs


def _teams(v, fmt):
    teams = v.value("teams.total")
    return [
        ngettext(
            "{n} team is in place with {members}, among them {security}, {fire} and {digital}.",
            "{n} teams are in place with {members}, among them {security}, {fire} and {digital}.",
            teams,
        ).format(
            n=fmt.number(teams),
            members=_counted("{n} member", "{n} members", v.value("teams.members"), fmt),
            security=_counted(
                "{n} self-governing security team",
                "{n} self-governing security teams",
                v.value("teams.security"),
                fmt,
            ),
            fire=_counted(
                "{n} inter-family fire-safety team",
                "{n} inter-family fire-safety teams",
                v.value("teams.fire_safety"),
                fmt,
            ),
            digital=_counted(
                "{n} community digital technology team",
                "{n} community digital technology teams",
                v.value("teams.digital"),
                fmt,
            ),
        )
    ]


def _cameras(v, fmt):
    paragraphs = [
        _(
            "{sites} with {heads}; {connected} of the heads ({rate}) are connected to the "
            "commune system."
        ).format(
            sites=_counted("{n} camera site", "{n} camera sites", v.value("cameras.sites"), fmt),
            heads=_counted("{n} camera head", "{n} camera heads", v.value("cameras.heads"), fmt),
            connected=fmt.number(v.value("cameras.connected_heads")),
            rate=fmt.rate(v.rate("cameras.connected_heads")),
        )
    ]
    funds = v.value("cameras.socialised_vnd")
    if funds:
        paragraphs.append(
            _("Socialised (non-budget) funds for cameras: {amount} VND.").format(
                amount=fmt.number(funds)
            )
        )
    n = v.value("fire.points")
    paragraphs.append(
        ngettext(
            "{n} public fire-fighting point is in place.",
            "{n} public fire-fighting points are in place.",
            n,
        ).format(n=fmt.number(n))
    )
    return paragraphs


def _organisations(v, fmt):
    n = v.value("organisations.total")
    return [
        ngettext(
            "{n} agency, enterprise, school or organisation is registered in the movement.",
            "{n} agencies, enterprises, schools and organisations are registered in the movement.",
            n,
        ).format(n=fmt.number(n))
    ]


def _tips(v, fmt):
    received = v.value("tips.received")
    if not received:
        return [_("No crime report or tip was received in the period.")]
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
        )
    ]


def _tallies(v, fmt):
    tallies = v.value("tallies.count")
    if not tallies:
        return [_("No monthly case tally was kept for the period.")]
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
        else _("No criminal case was registered.")
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
            offenders=_counted(
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
            violators=_counted(
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
        _("Security was provided for {domestic}, {foreign} and {events}.").format(
            domestic=_counted(
                "{n} domestic delegation",
                "{n} domestic delegations",
                v.value("tallies.domestic_delegations"),
                fmt,
            ),
            foreign=_counted(
                "{n} foreign delegation",
                "{n} foreign delegations",
                v.value("tallies.foreign_delegations"),
                fmt,
            ),
            events=_counted("{n} event", "{n} events", v.value("tallies.events"), fmt),
        )
    )
    paragraphs.append(
        ngettext(
            "These case figures come from {n} monthly tally, {approved} of them approved.",
            "These case figures come from {n} monthly tallies, {approved} of them approved.",
            tallies,
        ).format(n=fmt.number(tallies), approved=fmt.number(v.value("tallies.approved")))
    )
    return paragraphs


def _activities(v, fmt):
    total = v.value("activities.total")
    if not total:
        return [_("No activity of the movement was recorded in the period.")]
    sessions = v.value("activities.outreach_sessions")
    return [
        ngettext(
            "In the period, {sessions} was held with {participants}; {dialogues} with "
            "{dialogue_participants}.",
            "In the period, {sessions} were held with {participants}; {dialogues} with "
            "{dialogue_participants}.",
            sessions,
        ).format(
            sessions=_counted("{n} outreach session", "{n} outreach sessions", sessions, fmt),
            participants=_participants(v.value("activities.outreach_participants"), fmt),
            dialogues=_counted(
                "{n} dialogue", "{n} dialogues", v.value("activities.dialogues"), fmt
            ),
            dialogue_participants=_participants(v.value("activities.dialogue_participants"), fmt),
        ),
        _(
            "The movement also held {trainings} ({training_participants}), {preliminary}, "
            "{final} and {festivals} ({festival_participants}); emulation agreements were "
            "signed at {signings}."
        ).format(
            trainings=_counted(
                "{n} training", "{n} trainings", v.value("activities.trainings"), fmt
            ),
            training_participants=_participants(v.value("activities.training_participants"), fmt),
            preliminary=_counted(
                "{n} preliminary review",
                "{n} preliminary reviews",
                v.value("activities.preliminary_reviews"),
                fmt,
            ),
            final=_counted(
                "{n} final review", "{n} final reviews", v.value("activities.final_reviews"), fmt
            ),
            festivals=_counted(
                "{n} movement festival day",
                "{n} movement festival days",
                v.value("activities.festival_days"),
                fmt,
            ),
            festival_participants=_participants(v.value("activities.festival_participants"), fmt),
            signings=_counted(
                "{n} signing ceremony",
                "{n} signing ceremonies",
                v.value("activities.agreement_signings"),
                fmt,
            ),
        ),
        ngettext(
            "In all, {n} activity of the movement was held with {participants}.",
            "In all, {n} activities of the movement were held with {participants}.",
            total,
        ).format(
            n=fmt.number(total),
            participants=_participants(v.value("activities.participants"), fmt),
        ),
    ]


def _participants(n, fmt):
    return _counted("{n} participant", "{n} participants", n, fmt)


def _events(v, fmt):
    total = v.value("events.total")
    if not total:
        return [_("No delegation or event kept secure was recorded in the period.")]
    paragraphs = [
        ngettext(
            "Security was kept for {n} delegation or event: {domestic}, {foreign} and {events}.",
            "Security was kept for {n} delegations and events: {domestic}, {foreign} and {events}.",
            total,
        ).format(
            n=fmt.number(total),
            domestic=_counted(
                "{n} domestic delegation",
                "{n} domestic delegations",
                v.value("events.domestic_delegations"),
                fmt,
            ),
            foreign=_counted(
                "{n} foreign delegation",
                "{n} foreign delegations",
                v.value("events.foreign_delegations"),
                fmt,
            ),
            events=_counted(
                "{n} cultural or political event",
                "{n} cultural or political events",
                v.value("events.events"),
                fmt,
            ),
        )
    ]
    incidents = v.value("events.with_incidents")
    paragraphs.append(
        ngettext(
            "Incidents occurred at {n} of them.", "Incidents occurred at {n} of them.", incidents
        ).format(n=fmt.number(incidents))
        if incidents
        else _("No incident occurred at any of them.")
    )
    return paragraphs


def _regulations(v, fmt):
    n = v.value("regulations.total")
    return [
        ngettext(
            "{n} coordination regulation between the party committees, authorities, police, "
            "army and mass organisations is in force.",
            "{n} coordination regulations between the party committees, authorities, police, "
            "army and mass organisations are in force.",
            n,
        ).format(n=fmt.number(n))
    ]


def _honours(v, fmt):
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
        paragraphs.append(_("No commendation was approved in the period."))
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
            merit=_counted(
                "{n} certificate of merit",
                "{n} certificates of merit",
                v.value("honours.certificates_of_merit"),
                fmt,
            ),
            commendation=_counted(
                "{n} certificate of commendation",
                "{n} certificates of commendation",
                v.value("honours.certificates_of_commendation"),
                fmt,
            ),
            medals=_counted(
                "{n} commemorative medal",
                "{n} commemorative medals",
                v.value("honours.commemorative_medals"),
                fmt,
            ),
            collectives=_counted(
                "{n} to a collective", "{n} to collectives", v.value("honours.collective"), fmt
            ),
            individuals=_counted(
                "{n} to an individual", "{n} to individuals", v.value("honours.individual"), fmt
            ),
        )
    )
    return paragraphs


def _hotspots(v, fmt):
    new, settled, still = (
        v.value("hotspots.new"),
        v.value("hotspots.settled"),
        v.value("hotspots.open"),
    )
    return [
        " ".join(
            (
                ngettext(
                    "{n} hotspot arose in the period.", "{n} hotspots arose in the period.", new
                ).format(n=fmt.number(new)),
                ngettext("{n} hotspot was settled.", "{n} hotspots were settled.", settled).format(
                    n=fmt.number(settled)
                ),
                ngettext(
                    "{n} hotspot was still open at the end of the period.",
                    "{n} hotspots were still open at the end of the period.",
                    still,
                ).format(n=fmt.number(still)),
            )
        )
    ]


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


def _evaluations(v, fmt):
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
    return paragraphs or [_("No assessment against the standard was completed in the period.")]


MOVEMENT_CLASSES = ("excellent", "good", "average", "weak")


def _classification(v, fmt):
    n = v.value("evaluations.classified")
    if not n:
        return [_("No unit's movement was classified in the period.")]
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


def _rural(v, fmt):
    whole = v.value("evaluations.rural_assessed")
    if not whole:
        return [_("No commune was assessed on the new-rural criterion in the period.")]
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


def _keys(group):
    return tuple(k for k, ind in REGISTRY.items() if ind.group == group)


WRITERS = {
    "models": (
        _models,
        (
            "areas.villages",
            "models.villages_with_model",
            "models.total",
            "models.effective",
            "models.ineffective",
            "models.ministry",
            "models.province",
            "models.replications",
        ),
    ),
    "teams": (
        _teams,
        ("teams.total", "teams.members", "teams.security", "teams.fire_safety", "teams.digital"),
    ),
    "cameras": (
        _cameras,
        (
            "cameras.sites",
            "cameras.heads",
            "cameras.connected_heads",
            "cameras.socialised_vnd",
            "fire.points",
        ),
    ),
    "organisations": (_organisations, ("organisations.total",)),
    "tips": (_tips, ("tips.received", "tips.settled", "tips.settled_on_time")),
    "tallies": (
        _tallies,
        (
            "tallies.count",
            "tallies.approved",
            "tallies.criminal_registered",
            "tallies.criminal_clarified",
            "tallies.social_order_occurred",
            "tallies.social_order_detected",
            "tallies.groups_dismantled",
            "tallies.offenders_arrested",
            "tallies.drug_cases",
            "tallies.drug_violators",
            "tallies.rehabilitation",
            "tallies.domestic_delegations",
            "tallies.foreign_delegations",
            "tallies.events",
        ),
    ),
    "activities": (_activities, _keys("activities")),
    "events": (_events, _keys("events")),
    "regulations": (_regulations, ("regulations.total",)),
    "honours": (_honours, _keys("honours")),
    "hotspots": (_hotspots, ("hotspots.new", "hotspots.open", "hotspots.settled")),
    "evaluations": (_evaluations, _keys("evaluations")),
    "classification": (_classification, _keys("classification")),
    "rural": (_rural, ("evaluations.rural_assessed", "evaluations.rural_met")),
}


# --- building the report ----------------------------------------------------------------

BOUNDARIES = ("filed", "today")


class ReportError(ValueError):
    """A report that cannot be made as asked; the message is translated, for the user."""


@dataclass
class Figures:
    """Everything a report says, without its wording: computed once, written in any language,
    and kept as JSON when a report is signed off."""

    area: dict  # code, name, path, level, parent (the name of the province above, or "")
    date_from: date
    date_to: date
    boundaries: str
    day: date  # the day whose units the report shows
    total: dict
    own: dict | None
    children: list  # [{"code", "name", "path", "values"}]
    commendations: list = field(default_factory=list)
    unlisted: int = 0  # approved commendations counted in the figures but not listed
    folded: list = field(default_factory=list)  # [{"code", "name", "former", "divided"}]

    def to_json(self):
        data = {
            "area": self.area,
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "boundaries": self.boundaries,
            "day": self.day.isoformat(),
            "total": _plain(self.total),
            "own": _plain(self.own) if self.own is not None else None,
            "children": [c | {"values": _plain(c["values"])} for c in self.children],
            "commendations": self.commendations,
            "unlisted": self.unlisted,
            "folded": self.folded,
        }
        return data

    @classmethod
    def from_json(cls, data):
        return cls(
            **(
                data
                | {
                    "date_from": date.fromisoformat(data["date_from"]),
                    "date_to": date.fromisoformat(data["date_to"]),
                    "day": date.fromisoformat(data["day"]),
                }
            )
        )


def _summed(buckets):
    out = {}
    for values in buckets:
        for key, value in values.items():
            out[key] = out.get(key, 0) + value
    return out


def _plain(values):
    """Numbers as JSON keeps them (sums of money come back from the database as Decimal)."""
    out = {}
    for key, value in (values or {}).items():
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        out[key] = value
    return out


def _commendation_rows(user, area, date_from, date_to, former_paths):
    """Approved commendations decided in the period in the area (and, with today's boundaries,
    in the former communes folded into it), as the user may see them. An individual's name and
    position are personal data: they are not kept in the figures but read when the report is
    written (see `_personal`)."""
    from antq.honours import selectors as honours
    from antq.honours.choices import CommendationStatus
    from antq.honours.exports import position_or_unit

    where = Q(area__path__startswith=area.path)
    for path in former_paths:
        where |= Q(area__path__startswith=path)
    rows = (
        honours.commendation_list(user)
        .filter(where, status=CommendationStatus.APPROVED)
        .filter(decision_date__gte=date_from, decision_date__lte=date_to)
        .order_by("decision_date", "decision_number", "id")
    )
    return [
        {
            "id": c.pk,
            "individual": not c.is_collective,
            "recipient": c.recipient_label if c.is_collective else "",
            "position": position_or_unit(c) if c.is_collective else "",
            "form": c.award_form,
            "form_other": c.form_other,
            "authority": c.authority_name,
            "decision_number": c.decision_number,
            "decision_date": c.decision_date.isoformat() if c.decision_date else "",
        }
        for c in rows
    ]


def collect_figures(user, area: Area, date_from: date, date_to: date, boundaries="filed"):
    """The figures of the report on `area` (as `user` may see it) for [date_from, date_to]."""
    if date_from > date_to:
        raise ReportError(_("The end is before the start."))
    if boundaries not in BOUNDARIES:
        raise ReportError(
            _("Boundaries must be one of {choices}, not {value!r}.").format(
                choices=", ".join(BOUNDARIES), value=boundaries
            )
        )
    day = date_to if boundaries == "filed" else timezone.localdate()
    if boundaries == "today" and not area.is_active_on(day):
        raise ReportError(
            _(
                "{unit} is no longer in force: a report on today's boundaries needs one of "
                "today's units."
            ).format(unit=area.name)
        )
    keys = list(REGISTRY)
    period = {"user": user, "area": area, "date_from": date_from, "date_to": date_to}
    total = dict((compute(keys, **period).get(area.path) or Result({})).values)
    by_child = {p: dict(r.values) for p, r in compute(keys, by_child=True, **period).items()}
    folded, former_paths = [], []
    if boundaries == "today":
        fold = crosswalk.crosswalk(user, area, day)
        child_len = len(area.path) + Area.steplen
        for path in list(by_child):  # former communes filed inside the area: to their successor
            successor = fold.former.get(path)
            if successor is not None and len(successor) >= child_len:
                crosswalk.merge(by_child, {successor[:child_len]: by_child.pop(path)})
        # by child, then summed for the area: every measure adds up over former communes (a
        # village lies in one commune, so distinct counts of villages add up too)
        extra = crosswalk.folded_values(keys, fold, date_from, date_to, child_len)
        crosswalk.merge(by_child, extra)
        crosswalk.merge({area.path: total}, {area.path: _summed(extra.values())})
        former_paths = list(fold.outside())
        for successor, formers in fold.by_successor():
            code, name = fold.names.get(successor, ("", successor))
            folded.append(
                {
                    "code": code,
                    "name": name,
                    "former": [list(fold.names.get(f, ("", f))) for f in formers],
                    "divided": [
                        fold.names.get(f, ("", f))[0] for f in formers if f in fold.divided
                    ],
                }
            )
    children = [
        {"code": c.code, "name": c.name, "path": c.path, "values": by_child.get(c.path, {})}
        for c in Area.objects.visible_to(user)
        .filter(path__startswith=area.path, depth=area.depth + 1)
        .active_on(day)
        .order_by("path")
    ]
    parent = Area.objects.get_parent(area)
    commendations = _commendation_rows(user, area, date_from, date_to, former_paths)
    return Figures(
        area={
            "code": area.code,
            "name": area.name,
            "path": area.path,
            "level": area.level,
            "parent": parent.name if parent and parent.level >= AreaLevel.PROVINCE else "",
        },
        date_from=date_from,
        date_to=date_to,
        boundaries=boundaries,
        day=day,
        total=total,
        own=by_child.get(area.path),
        children=children,
        commendations=commendations,
        unlisted=max(0, total.get("honours.commendations", 0) - len(commendations)),
        folded=folded,
    )


def _introduction(area, v, fmt, date_from, date_to):
    start, end = fmt.date(date_from), fmt.date(date_to)
    lines = [
        _(
            "In the period from {start} to {end}, the movement “All People Protect National "
            "Security” in {unit} achieved the results below. Figures on what exists (villages, "
            "models, teams, cameras, organisations) are as at {end}; figures on what happened "
            "(tips received, cases, arrests) cover the whole period."
        ).format(start=start, end=end, unit=area["name"])
    ]
    villages = _counted(
        "{n} village or residential group",
        "{n} villages and residential groups",
        v.value("areas.villages"),
        fmt,
    )
    if area["level"] < AreaLevel.COMMUNE:
        lines.append(
            _("{unit} has {communes} and {villages}.").format(
                unit=area["name"],
                communes=_counted(
                    "{n} commune or ward",
                    "{n} communes and wards",
                    v.value("areas.communes"),
                    fmt,
                ),
                villages=villages,
            )
        )
    else:
        lines.append(_("{unit} has {villages}.").format(unit=area["name"], villages=villages))
    return lines


def _boundaries(fmt, figures):
    if figures.boundaries == "today":
        return _(
            "Boundaries: today's administrative units (in force on {day}). Figures of former "
            "communes are counted under the unit that succeeded them, through the crosswalk of "
            "old and new units; a commune divided between several units is counted under its "
            "main successor as the crosswalk marks it (or else the first by code). Records "
            "filed at the level of a former district or province are not counted."
        ).format(day=fmt.date(figures.day))
    which = (
        _("two-tier local government, since {day}")
        if figures.date_to >= REFORM_DAY
        else _("the units before the reform of {day}")
    ).format(day=fmt.date(REFORM_DAY))
    return _(
        "Boundaries: the administrative units in force on {day} ({which}); records kept under "
        "units that were merged away are counted only where they are filed in this tree."
    ).format(day=fmt.date(figures.date_to), which=which)


def _folding(fmt, figures):
    if figures.boundaries != "today":
        return []
    n = sum(len(f["former"]) for f in figures.folded)
    if not n:
        return [_("No former commune is folded into these units.")]
    lines = [
        ngettext(
            "{n} former commune is folded into {units}; they are listed at the end of the report.",
            "{n} former communes are folded into {units}; they are listed at the end of the "
            "report.",
            n,
        ).format(n=fmt.number(n), units=_counted("{n} unit", "{n} units", len(figures.folded), fmt))
    ]
    divided = [code for f in figures.folded for code in f["divided"]]
    if divided:
        lines.append(
            ngettext(
                "{n} of them was divided; its figures go to its main successor.",
                "{n} of them were divided; their figures go to their main successors.",
                len(divided),
            ).format(n=fmt.number(len(divided)))
        )
    return lines


def _folded_list(figures, fmt):
    """Today's units and the former communes counted under them (today's boundaries only)."""
    if figures.boundaries != "today":
        return None
    rows = [
        [
            f["code"],
            f["name"],
            fmt.number(len(f["former"])),
            ", ".join(
                _("{unit} (divided)").format(unit=name) if code in f["divided"] else name
                for code, name in f["former"]
            ),
        ]
        for f in figures.folded
    ]
    return Listing(
        key="folded",
        heading=_("Former communes counted under today's units"),
        headers=[_("Code"), _("Unit"), _("Former communes"), _("Names")],
        columns=("code", "unit", "former_count", "former"),
        rows=rows,
        notes=[] if rows else [_("No former commune is folded into these units.")],
    )


def _national_header(lang):
    if lang == "vi":
        return [VI_NATIONAL_TITLE, VI_NATIONAL_MOTTO]
    return [_("SOCIALIST REPUBLIC OF VIET NAM"), _("Independence – Freedom – Happiness")]


def _row_cells(columns, values, fmt):
    cells = []
    for col in columns:
        if col.is_rate:
            cells.append(fmt.rate(values.get(col.key + "%")))
        else:
            cells.append(fmt.number(values.get(col.key, 0)))
    return cells


def _row_values(result, keys):
    values = {}
    for key in keys:
        values[key] = result.value(key) if result is not None else 0
        denominator = REGISTRY[key].denominator
        if denominator:
            values[denominator] = result.value(denominator) if result is not None else 0
            values[key + "%"] = _rate(result, key)
    return values


def _table(group_keys, figures, fmt):
    area = figures.area
    columns = []
    for key in group_keys:
        ind = REGISTRY[key]
        name = capfirst(str(ind.name))
        columns.append(Column(key, name, False))
        if ind.denominator:
            columns.append(Column(key, _("{name} (%)").format(name=name), True))
    rows = []
    for child in figures.children:
        values = _row_values(Result(child["values"]), group_keys)
        rows.append(
            Row(child["code"], child["name"], "child", values, _row_cells(columns, values, fmt))
        )
    own = Result(figures.own) if figures.own is not None else None
    if own is not None and any(own.value(k) for k in group_keys):
        values = _row_values(own, group_keys)
        rows.append(
            Row(
                area["code"],
                _("{unit} (held at this level)").format(unit=area["name"]),
                "own",
                values,
                _row_cells(columns, values, fmt),
            )
        )
    values = _row_values(Result(figures.total), group_keys)
    rows.append(Row(area["code"], _("Total"), "total", values, _row_cells(columns, values, fmt)))
    return Table(columns, rows)


@dataclass
class Listing:
    """A list after the tables (the commendations; the former communes folded): a heading,
    column names (and machine-readable ones for CSV), formatted rows, notes."""

    key: str
    heading: str
    headers: list
    columns: tuple
    rows: list
    notes: list


def _personal(user, figures):
    """{id: (name, position)} of the individuals commended, read now from the records the user
    may see (personal data is not kept in signed figures)."""
    ids = [c["id"] for c in figures.commendations if c["individual"]]
    if not ids:
        return {}
    from antq.honours import selectors as honours

    return {
        pk: (name, position)
        for pk, name, position in honours.commendation_list(user)
        .filter(pk__in=ids)
        .values_list("pk", "recipient_name", "recipient_position")
    }


def _commendation_list(figures, fmt, personal):
    from antq.honours.choices import AwardForm

    rows = []
    for n, c in enumerate(figures.commendations, start=1):
        if c["individual"]:
            recipient, position = personal.get(c["id"], (_("(no longer on record)"), ""))
        else:
            recipient, position = c["recipient"], c["position"]
        form = (
            c["form_other"]
            if c["form"] == AwardForm.OTHER and c["form_other"]
            else str(AwardForm(c["form"]).label)
        )
        day = fmt.date(date.fromisoformat(c["decision_date"])) if c["decision_date"] else ""
        rows.append(
            [
                fmt.number(n),
                recipient,
                position,
                form,
                c["authority"],
                _("{number}, {day}").format(number=c["decision_number"], day=day),
            ]
        )
    notes = []
    if not rows:
        notes.append(_("No commendation was approved in the period."))
    if figures.unlisted:
        notes.append(
            ngettext(
                "{n} further commendation, filed under a former commune outside your "
                "jurisdiction, is counted in the figures but not listed.",
                "{n} further commendations, filed under former communes outside your "
                "jurisdiction, are counted in the figures but not listed.",
                figures.unlisted,
            ).format(n=fmt.number(figures.unlisted))
        )
    return Listing(
        key="commendations",
        heading=_("List of commendations"),
        columns=("no", "recipient", "position_or_unit", "form", "authority", "decision"),
        headers=[
            _("No."),
            _("Recipient"),
            _("Position / unit"),
            _("Form"),
            _("Issuing authority"),
            _("Decision (number, date)"),
        ],
        rows=rows,
        notes=notes,
    )


def write_report(figures: Figures, lang: str, *, user=None, signed=None) -> Report:
    """The report of `figures` in `lang`; `signed` (a FrozenReport) marks a signed-off one."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    total = Result(figures.total)
    date_from, date_to = figures.date_from, figures.date_to
    personal = _personal(user, figures)
    with translation.override(lang):
        fmt = Formatter()
        groups = {}
        for key, ind in REGISTRY.items():
            groups.setdefault(ind.group, []).append(key)
        sections = []
        for group, group_keys in groups.items():
            writer, cited = WRITERS.get(group, (None, ()))
            paragraphs = writer(total, fmt) if writer and all(k in REGISTRY for k in cited) else []
            sections.append(
                Section(
                    group=group,
                    heading=str(definitions.GROUPS.get(group, group)),
                    paragraphs=paragraphs,
                    table=_table(group_keys, figures, fmt),
                )
            )
        day = timezone.localtime(signed.signed_at).date() if signed else timezone.localdate()
        area = figures.area
        signature = (
            _(
                "Signed off by {name} on {day}. The figures are those kept at sign-off; later "
                "corrections do not change them."
            ).format(name=signed.signer_name, day=fmt.date(day))
            if signed
            else ""
        )
        return Report(
            lang=lang,
            bidi=translation.get_language_bidi(),
            title=_("REPORT"),
            subtitle=_(
                "Results of the movement “All People Protect National Security” from {start} "
                "to {end}"
            ).format(start=fmt.date(date_from), end=fmt.date(date_to)),
            # the issuing unit under its province, as the header of a commune's report reads
            issuer=[area["parent"].upper(), area["name"].upper()],
            national=_national_header(lang),
            place_date=_("{place}, {day}").format(place=area["name"], day=fmt.date(day)),
            unit=area["name"],
            unit_code=area["code"],
            date_from=date_from,
            date_to=date_to,
            period=_("Period: from {start} to {end}").format(
                start=fmt.date(date_from), end=fmt.date(date_to)
            ),
            boundaries=_boundaries(fmt, figures),
            introduction=[
                *_folding(fmt, figures),
                *_introduction(area, total, fmt, date_from, date_to),
            ],
            sections=sections,
            unit_label=_("Unit"),
            total_label=_("Total"),
            commendations=_commendation_list(figures, fmt, personal),
            folded=_folded_list(figures, fmt),
            signature=signature,
        )


def build_report(
    user, area: Area, date_from: date, date_to: date, lang: str, boundaries="filed"
) -> Report:
    """The report on `area` (seen as `user` may see it) for [date_from, date_to], in `lang`."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    figures = collect_figures(user, area, date_from, date_to, boundaries)
    return write_report(figures, lang, user=user)
