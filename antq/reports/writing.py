"""Period reports (báo cáo sơ kết, tổng kết): a narrative review of an area over a period, in the
style of the movement's own reports, followed by tables by child area.

`write_report()` writes a report's `figures.Figures` in a language: the introduction, each
indicator group's sentences (declared with the group, in its app's indicators.py) in the groups'
declared order, the tables by child unit and the lists after them, as one `document.Report`.
"""

from datetime import date

from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.honours import selectors as honours
from antq.honours.choices import AwardForm
from antq.indicators.groups import GROUPS, arranged, heading
from antq.indicators.registry import REGISTRY
from antq.indicators.wording import Formatter, counted
from antq.reports.document import Column, Listing, Report, Row, Section, Table
from antq.reports.figures import Figures, collect_figures

LANGUAGES = ("vi", "en", "ar")
FORMATS = ("md", "docx", "xlsx", "csv")

# The national title and motto of a Vietnamese administrative document, in their official
# wording (Decree 30/2020/NĐ-CP): a fixed legal text, not a phrase to translate. Reports in
# other languages carry its translation instead (see `_national_header`).
VI_NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
VI_NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"

# The reform that replaced districts with two-tier local government.
REFORM_DAY = date(2025, 7, 1)


def _rate(result, key):
    return result.rate(key) if result is not None else None


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
    villages = counted(
        "{n} village or residential group",
        "{n} villages and residential groups",
        v.value("areas.villages"),
        fmt,
    )
    if area["level"] < AreaLevel.COMMUNE:
        lines.append(
            _("{unit} has {communes} and {villages}.").format(
                unit=area["name"],
                communes=counted(
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
            "filed at the level of a former district or province are counted at the level of "
            "today's province it lay in or became part of."
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
        ).format(n=fmt.number(n), units=counted("{n} unit", "{n} units", len(figures.folded), fmt))
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
    """The row's figures by key; None for a figure that was not reported (written "–" in the
    text, left empty in XLSX and CSV)."""
    values = {}
    for key in keys:
        values[key] = result.figure(key) if result is not None else 0
        denominator = REGISTRY[key].denominator
        if denominator:
            values[denominator] = result.figure(denominator) if result is not None else 0
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
        values = _row_values(figures.result(child["values"]), group_keys)
        rows.append(
            Row(child["code"], child["name"], "child", values, _row_cells(columns, values, fmt))
        )
    own = figures.result(figures.own) if figures.own is not None else None
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
    values = _row_values(figures.result(figures.total), group_keys)
    rows.append(Row(area["code"], _("Total"), "total", values, _row_cells(columns, values, fmt)))
    return Table(columns, rows)


def _personal(user, figures):
    """{id: (name, position)} of the individuals commended, read now from the records the user
    may see (personal data is not kept in signed figures)."""
    ids = [c["id"] for c in figures.commendations if c["individual"]]
    if not ids:
        return {}
    return {
        pk: (name, position)
        for pk, name, position in honours.commendation_list(user)
        .filter(pk__in=ids)
        .values_list("pk", "recipient_name", "recipient_position")
    }


def _commendation_list(figures, fmt, personal):
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


def write_report(figures: Figures, lang: str, *, user=None, signed=None, progress=None) -> Report:
    """The report of `figures` in `lang`; `signed` (a FrozenReport) marks a signed-off one.
    `progress(done, total)` is called as each section is written (a background job shows it)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    total = figures.result(figures.total)
    date_from, date_to = figures.date_from, figures.date_to
    personal = _personal(user, figures)
    with translation.override(lang):
        fmt = Formatter()
        sections = []
        groups = arranged()
        for group, group_keys in groups:
            sentences = GROUPS[group].sentences if group in GROUPS else None
            sections.append(
                Section(
                    group=group,
                    heading=heading(group),
                    paragraphs=sentences(total, fmt) if sentences else [],
                    table=_table(group_keys, figures, fmt),
                )
            )
            if progress is not None:
                progress(len(sections), len(groups))
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
