"""What an import reads a cell with: the column declarations of an ImportSpec (`Column`), the
parsers of their cells (each raises CellError, naming the problem in the user's language), and
the error of a row (`RowError`). Re-exported by core/imports.py."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from antq.core.text import fold


class CellError(ValueError):
    """A cell's value is wrong; the message says why, for a person. `column` names the column
    when a spec's build step raises it."""

    def __init__(self, message, column=""):
        super().__init__(message)
        self.column = column


@dataclass
class RowError:
    row: int
    column: str
    message: str


# --- cell parsers -----------------------------------------------------------------------


def parse_text(max_length):
    def parse(value):
        text = "" if value is None else str(value).strip()
        if "\x00" in text:
            raise CellError(_("Null characters are not allowed."))
        if len(text) > max_length:
            raise CellError(_("Longer than {limit} characters.").format(limit=max_length))
        return text

    return parse


def parse_int(min_value=None, max_value=None):
    def parse(value):
        if isinstance(value, bool):
            raise CellError(_("Enter a whole number."))
        if isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        else:
            text = str(value).strip().replace(" ", "")
            if not re.fullmatch(r"[+-]?\d+", text.replace(".", "").replace(",", "")):
                raise CellError(_("“{value}” is not a whole number.").format(value=value))
            number = int(text.replace(".", "").replace(",", ""))
        if min_value is not None and number < min_value:
            raise CellError(_("Must be at least {n}.").format(n=min_value))
        if max_value is not None and number > max_value:
            raise CellError(_("Must be at most {n}.").format(n=max_value))
        return number

    return _remembered(parse)


def parse_decimal(min_value=None, max_value=None):
    def parse(value):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = Decimal(str(value))
        else:
            try:
                number = Decimal(str(value).strip().replace(",", "."))
            except InvalidOperation as exc:
                raise CellError(_("“{value}” is not a number.").format(value=value)) from exc
        if not number.is_finite():
            raise CellError(_("“{value}” is not a number.").format(value=value))
        if min_value is not None and number < min_value:
            raise CellError(_("Must be at least {n}.").format(n=min_value))
        if max_value is not None and number > max_value:
            raise CellError(_("Must be at most {n}.").format(n=max_value))
        return number

    return parse


def parse_float(min_value, max_value):
    dec = parse_decimal(min_value, max_value)
    return lambda value: float(dec(value))


# a parser remembers at most this many texts it read, each with its value
REMEMBERED = 4096


def _remembered(parse):
    """`parse`, answering a text it already read well from memory: a file's cells repeat (its
    kinds, its days). Only texts, and only those read without an error (an error is raised
    anew, in the language of the moment)."""
    memo = {}

    def remembered(value):
        if value.__class__ is not str:
            return parse(value)
        try:
            return memo[value]
        except KeyError:
            result = parse(value)
            if len(memo) < REMEMBERED:
                memo[value] = result
            return result

    return remembered


_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _parse_date(value):
    """A date as a spreadsheet date, YYYY-MM-DD, or DD/MM/YYYY (the Vietnamese way)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = _YMD.fullmatch(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DMY.fullmatch(text)
        if not m:
            raise CellError(
                _("“{value}” is not a date; write DD/MM/YYYY or YYYY-MM-DD.").format(value=text)
            )
        d, mo, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError as exc:
        raise CellError(_("“{value}” is not a real date.").format(value=text)) from exc


parse_date = _remembered(_parse_date)
parse_date.__doc__ = _parse_date.__doc__

_HM = re.compile(r"(\d{1,2})\s*[:hHgG]\s*(\d{2})?(?:\s*:\s*(\d{2}))?")


def parse_time(value):
    """A time of day as a spreadsheet time, HH:MM (or HH:MM:SS), or the Vietnamese 14h30."""
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    text = str(value).strip()
    m = _HM.fullmatch(text)
    if not m:
        raise CellError(_("“{value}” is not a time; write HH:MM, e.g. 14:30.").format(value=text))
    try:
        return time(int(m.group(1)), int(m.group(2) or 0))
    except ValueError as exc:
        raise CellError(_("“{value}” is not a real time.").format(value=text)) from exc


_TRUE = {"1", "x", "true", "yes", "y", "co", "dung", "نعم"}
_FALSE = {"0", "false", "no", "n", "khong", "sai", "لا"}


def _parse_bool(value):
    if isinstance(value, bool):
        return value
    text = fold(str(value))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(_("“{value}” is not yes or no.").format(value=value))


parse_bool = _remembered(_parse_bool)


def _choices_text(choices):
    return ", ".join(
        _("{code} ({label})").format(code=value, label=label) for value, label in choices
    )


def choices_help(choices):
    """The codes a column takes, each with its label in the reader's language ("active
    (Đang hoạt động), …"): the import guide's help of a choice column."""
    return lazy(_choices_text, str)(choices)


def parse_choice(choices):
    """A code, or its label in any of the three languages."""

    memo = {}

    def lookup():
        # built once, on first use (the catalogues are loaded by then), for all three languages
        if not memo:
            for value, label in choices:
                memo[fold(str(value))] = value
                for lang in ("vi", "en", "ar"):
                    with translation.override(lang):
                        memo[fold(str(label))] = value
        return memo

    def parse(value):
        table = lookup()
        key = fold(str(value))
        if key not in table:
            raise CellError(
                _("Unknown value “{value}”; use one of: {choices}.").format(
                    value=value, choices=_choices_text(choices)
                )
            )
        return table[key]

    return _remembered(parse)


# --- columns ----------------------------------------------------------------------------


@dataclass
class Column:
    key: str
    label: object  # a lazy translated string
    parse: object = None  # callable(value) -> python value; raises CellError
    required: bool = False
    help: object = ""
    aliases: tuple = ()  # more headers (lazy translated strings) read as this column


def parse_level(levels):
    """A level of `levels`: its number, or its name in any of the three languages."""

    memo = {}

    def parse(value):
        if not memo:
            for level in levels:
                memo[str(int(level))] = level
                memo[fold(level.name)] = level
                for lang in ("vi", "en", "ar"):
                    with translation.override(lang):
                        memo[fold(str(level.label))] = level
        key = fold(str(value))
        if key not in memo:
            raise CellError(
                _("Unknown level “{value}”; use one of: {choices}.").format(
                    value=value, choices=_level_names(levels)
                )
            )
        return memo[key]

    return parse


def _level_names(levels):
    return ", ".join(str(level.label) for level in levels)
