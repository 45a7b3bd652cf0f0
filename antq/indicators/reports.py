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

from django.utils import dateformat, formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.indicators import definitions
from antq.indicators.base import REGISTRY, Result, compute

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


class Formatter:
    """Numbers, rates and dates for the language that is active (call inside an override)."""

    def number(self, value):
        if value is None:
            return "–"
        return formats.number_format(value, 0, use_l10n=True, force_grouping=True)

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
}


# --- building the report ----------------------------------------------------------------


def _introduction(area, v, fmt, date_from, date_to):
    start, end = fmt.date(date_from), fmt.date(date_to)
    lines = [
        _(
            "In the period from {start} to {end}, the movement “All People Protect National "
            "Security” in {unit} achieved the results below. Figures on what exists (villages, "
            "models, teams, cameras, organisations) are as at {end}; figures on what happened "
            "(tips received, cases, arrests) cover the whole period."
        ).format(start=start, end=end, unit=area.name)
    ]
    villages = _counted(
        "{n} village or residential group",
        "{n} villages and residential groups",
        v.value("areas.villages"),
        fmt,
    )
    if area.level < AreaLevel.COMMUNE:
        lines.append(
            _("{unit} has {communes} and {villages}.").format(
                unit=area.name,
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
        lines.append(_("{unit} has {villages}.").format(unit=area.name, villages=villages))
    return lines


def _boundaries(fmt, date_to):
    which = (
        _("two-tier local government, since {day}")
        if date_to >= REFORM_DAY
        else _("the units before the reform of {day}")
    ).format(day=fmt.date(REFORM_DAY))
    return _(
        "Boundaries: the administrative units in force on {day} ({which}); records kept under "
        "units that were merged away are counted only where they are filed in this tree."
    ).format(day=fmt.date(date_to), which=which)


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


def _table(group_keys, area, children, own, by_child, total, fmt):
    columns = []
    for key in group_keys:
        ind = REGISTRY[key]
        name = capfirst(str(ind.name))
        columns.append(Column(key, name, False))
        if ind.denominator:
            columns.append(Column(key, _("{name} (%)").format(name=name), True))
    rows = []
    for child in children:
        values = _row_values(by_child.get(child.path), group_keys)
        rows.append(Row(child.code, child.name, "child", values, _row_cells(columns, values, fmt)))
    if own is not None and any(own.value(k) for k in group_keys):
        values = _row_values(own, group_keys)
        rows.append(
            Row(
                area.code,
                _("{unit} (held at this level)").format(unit=area.name),
                "own",
                values,
                _row_cells(columns, values, fmt),
            )
        )
    values = _row_values(total, group_keys)
    rows.append(Row(area.code, _("Total"), "total", values, _row_cells(columns, values, fmt)))
    return Table(columns, rows)


def build_report(user, area: Area, date_from: date, date_to: date, lang: str) -> Report:
    """The report on `area` (seen as `user` may see it) for [date_from, date_to], in `lang`."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    if date_from > date_to:
        raise ValueError("date_from is after date_to")
    keys = list(REGISTRY)
    period = {"user": user, "area": area, "date_from": date_from, "date_to": date_to}
    total = compute(keys, **period).get(area.path) or Result({})
    by_child = compute(keys, by_child=True, **period)
    own = by_child.get(area.path)
    children = list(
        Area.objects.visible_to(user)
        .filter(path__startswith=area.path, depth=area.depth + 1)
        .active_on(date_to)
        .order_by("path")
    )
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
                    table=_table(group_keys, area, children, own, by_child, total, fmt),
                )
            )
        parent = Area.objects.get_parent(area)
        today = timezone.localdate()
        return Report(
            lang=lang,
            bidi=translation.get_language_bidi(),
            title=_("REPORT"),
            subtitle=_(
                "Results of the movement “All People Protect National Security” from {start} "
                "to {end}"
            ).format(start=fmt.date(date_from), end=fmt.date(date_to)),
            # the issuing unit under its province, as the header of a commune's report reads
            issuer=[
                parent.name.upper() if parent and parent.level >= AreaLevel.PROVINCE else "",
                area.name.upper(),
            ],
            national=_national_header(lang),
            place_date=_("{place}, {day}").format(place=area.name, day=fmt.date(today)),
            unit=area.name,
            unit_code=area.code,
            date_from=date_from,
            date_to=date_to,
            period=_("Period: from {start} to {end}").format(
                start=fmt.date(date_from), end=fmt.date(date_to)
            ),
            boundaries=_boundaries(fmt, date_to),
            introduction=_introduction(area, total, fmt, date_from, date_to),
            sections=sections,
            unit_label=_("Unit"),
            total_label=_("Total"),
        )
