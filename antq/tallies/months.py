"""Months as tallies know them: a date on the first day of the month, read from what people
write ("2024-03", "03/2024", "3/2024", a full date) or from a spreadsheet's date cell."""

import re
from datetime import date, datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from antq.core.imports import CellError

_YM = re.compile(r"(\d{4})[-/.](\d{1,2})")
_MY = re.compile(r"(\d{1,2})[-/.](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_month(value) -> date:
    """The first day of the month `value` names; CellError (a ValueError) saying why not."""
    if isinstance(value, datetime):
        return value.date().replace(day=1)
    if isinstance(value, date):
        return value.replace(day=1)
    text = str(value).strip()
    year = month = None
    for pattern, order in ((_YM, "ym"), (_MY, "my"), (_YMD, "ymd"), (_DMY, "dmy")):
        m = pattern.fullmatch(text)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
            year, month = parts["y"], parts["m"]
            if "d" in parts:
                try:
                    date(year, month, parts["d"])
                except ValueError as exc:
                    raise CellError(_("“{value}” is not a real date.").format(value=text)) from exc
            break
    if year is None:
        raise CellError(
            _("“{value}” is not a month; write YYYY-MM or MM/YYYY.").format(value=text[:40])
        )
    if not (1 <= month <= 12 and 1900 <= year <= 9999):
        raise CellError(_("“{value}” is not a real month.").format(value=text[:40]))
    return date(year, month, 1)


def month_text(value: date | None) -> str:
    """2024-03: how months are written in exports, links and the API."""
    return value.strftime("%Y-%m") if value else ""


class MonthInput(forms.DateInput):
    """The browser's month picker (<input type="month">), which sends YYYY-MM."""

    input_type = "month"

    def __init__(self, attrs=None):
        placeholder = pgettext_lazy("month input placeholder", "YYYY-MM")
        super().__init__({"placeholder": placeholder, **(attrs or {})}, format="%Y-%m")


class MonthField(forms.Field):
    """A month, cleaned to its first day."""

    widget = MonthInput
    default_error_messages = {"invalid": gettext_lazy("Enter a month as YYYY-MM.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_month(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc
