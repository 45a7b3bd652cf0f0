"""Export columns for emulation agreements and commendations, and the award list an award
ceremony uses (XLSX: a title row with the unit and the period, then numbered rows)."""

import io

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from antq.activities.exports import ids, names
from antq.core.exports import append_row, place_columns
from antq.honours.choices import (
    RecipientKind,
)
from antq.honours.imports import AGREEMENT_IMPORT, COMMENDATION_IMPORT, day_text


def period_text(commendation):
    start, end = commendation.period_from, commendation.period_to
    if start and end and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    return f"{day_text(start)}–{day_text(end)}"


def position_or_unit(commendation):
    """For an individual, their position or workplace; for a collective, its unit."""
    if commendation.is_collective:
        return commendation.area.name if commendation.recipient_kind != RecipientKind.AREA else ""
    return commendation.recipient_position


def whole_year(commendation):
    """The year of a period that is exactly one calendar year, else None."""
    start, end = commendation.period_from, commendation.period_to
    if start and end and start.year == end.year and (start.month, start.day) == (1, 1):
        return start.year if (end.month, end.day) == (12, 31) else None
    return None


def codes(areas):
    return "; ".join(a.code for a in areas)


# under the import's headers, so that an export imports back (the party areas by their codes,
# a commendation's period as its year or as from … to …, as the import takes either)
AGREEMENT_COLUMNS = [
    (_("id"), lambda a: a.pk),
    *place_columns(AGREEMENT_IMPORT),
    (_("title"), lambda a: a.title),
    (_("signed on"), lambda a: a.signed_on),
    (_("period from"), lambda a: a.period_from),
    (_("period to"), lambda a: a.period_to),
    (_("party organisations (ids)"), lambda a: ids(a.organisations.all())),
    (_("party organisations"), lambda a: names(a.organisations.all())),
    (_("party areas (codes)"), lambda a: codes(a.party_areas.all())),
    (_("party areas"), lambda a: names(a.party_areas.all())),
    (_("targets"), lambda a: a.targets),
    (_("signed at (activity id)"), lambda a: a.activity_id),
]

COMMENDATION_COLUMNS = [
    (_("id"), lambda c: c.pk),
    *place_columns(COMMENDATION_IMPORT),
    (_("status"), lambda c: c.get_status_display()),
    (_("recipient"), lambda c: c.get_recipient_kind_display()),
    (_("collective"), lambda c: c.collective_name),
    (_("organisation (id)"), lambda c: c.recipient_organisation_id),
    (_("team (id)"), lambda c: c.recipient_team_id),
    (_("full name"), lambda c: c.recipient_name),
    (_("position or workplace"), lambda c: c.recipient_position),
    (_("form"), lambda c: c.get_award_form_display()),
    (_("other form"), lambda c: c.form_other),
    (_("issuing authority level"), lambda c: c.get_authority_level_display()),
    (_("issuing authority"), lambda c: c.authority_name),
    (_("decision number"), lambda c: c.decision_number),
    (_("decision date"), lambda c: c.decision_date),
    (_("year"), whole_year),
    (_("period from"), lambda c: None if whole_year(c) else c.period_from),
    (_("period to"), lambda c: None if whole_year(c) else c.period_to),
    (_("achievement"), lambda c: c.achievement),
    (_("presented at (activity id)"), lambda c: c.activity_id),
]


# --- the award list ---------------------------------------------------------------------

AWARD_HEADERS = (
    _("No."),
    _("Recipient"),
    _("Position / unit"),
    _("Form"),
    _("Decision (number, date)"),
    _("Issuing authority"),
    _("Achievement"),
)


def award_rows(commendations):
    for n, c in enumerate(commendations, start=1):
        yield [
            n,
            c.recipient_label,
            position_or_unit(c),
            c.form_label,
            f"{c.decision_number}, {day_text(c.decision_date)}",
            c.authority_name,
            c.achievement,
        ]


def award_list_xlsx(commendations, *, unit, period) -> bytes:
    """The list read out and signed at an award ceremony: a title, the unit and the period,
    then one numbered row per approved commendation, in the active language."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    ws.title = gettext("Award list")[:31]
    if translation.get_language_bidi():
        ws.sheet_view.rightToLeft = True
    width = len(AWARD_HEADERS)
    lines = [
        gettext("LIST OF COMMENDATIONS"),
        gettext("Unit: {unit}").format(unit=unit),
        gettext("Period: {period}").format(period=period),
    ]
    for i, text in enumerate(lines, start=1):
        append_row(ws, [text])
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
        cell = ws.cell(row=i, column=1)
        cell.font = Font(bold=True, size=14 if i == 1 else 12)
        cell.alignment = Alignment(horizontal="center")
    ws.append([])
    append_row(ws, AWARD_HEADERS)
    header_row = ws.max_row
    thin = Side(style="thin")
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    count = 0
    for row in award_rows(commendations):
        append_row(ws, row)
        count += 1
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    ws.append([])
    append_row(ws, [gettext("Total: {n}").format(n=count)])
    for column, size in zip("ABCDEFG", (6, 32, 30, 24, 24, 32, 50), strict=True):
        ws.column_dimensions[column].width = size
    ws.print_title_rows = f"{header_row}:{header_row}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
