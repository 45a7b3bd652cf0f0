"""Numbers and dates as CLDR writes them in antq's languages (through Babel), in one place.

Everything that shows a figure or a day reads it from here:
- the page: Django's format modules beside this file (`vi/formats.py`, …, named by
  FORMAT_MODULE_PATH) take their separators and date patterns from `django_formats`, so
  `intcomma`, `floatformat:"g"`, `|date:"SHORT_DATE_FORMAT"`, django-tables2's date columns
  and the filters `num` and `day` of `{% load antq %}` all agree;
- the charts: the page hands `separators()` to dashboard.js (data attributes on the chart);
- the documents: the report writers call `format_number` and `format_date`.

Digits are Western in every language: CLDR's default numbering system ("latn") for vi, en and
ar alike, so Arabic pages, charts and documents all write 1,355 and 87.7 (Arabic text here
already writes codes, dates and inputs in those digits).
"""

from datetime import date, datetime
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import match_skeleton, parse_pattern, tokenize_pattern
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

LANGUAGES = ("vi", "en", "ar")
NUMBERING = "latn"
# The date each language writes in pages, lists and documents, as a CLDR skeleton: the
# Vietnamese day/month/year with two-digit day and month (dd/mm/yyyy, as administrative
# documents write it), the Arabic likewise; English with the month's name, never the
# ambiguous US month/day.
DATE_SKELETONS = {"vi": "yMMdd", "en": "yMMMd", "ar": "yMMdd"}

# LDML field (letter, width) → Django's date format character.
_DJANGO = {
    ("y", 1): "Y",
    ("y", 2): "y",
    ("y", 4): "Y",
    ("M", 1): "n",
    ("M", 2): "m",
    ("M", 3): "M",
    ("M", 4): "F",
    ("d", 1): "j",
    ("d", 2): "d",
    ("H", 1): "G",
    ("H", 2): "H",
    ("h", 1): "g",
    ("h", 2): "h",
    ("m", 2): "i",
    ("s", 2): "s",
    ("a", 1): "A",
}


def _lang(lang=None):
    if not lang:
        from django.utils import translation

        lang = translation.get_language() or "vi"
    lang = lang.split("-")[0].split("_")[0].lower()
    return lang if lang in LANGUAGES else "en"


def separators(lang=None):
    """(thousands, decimal) separators of the language, from CLDR."""
    return _separators(_lang(lang))


@cache
def _separators(lang):
    return (
        get_group_symbol(lang, numbering_system=NUMBERING),
        get_decimal_symbol(lang, numbering_system=NUMBERING),
    )


def format_number(value, lang=None, places=None):
    """A number grouped in thousands as the language writes it: 15.000.000 and 87,7 in
    Vietnamese; 15,000,000 and 87.7 in English and Arabic. `places` fixes the decimals
    (otherwise up to three, trailing zeros dropped). None reads "–"."""
    if value is None:
        return "–"
    lang = _lang(lang)
    if type(value) is int and not places:
        group, _decimal = separators(lang)
        text = f"{abs(value):,}".replace(",", group)
        return f"-{text}" if value < 0 else text
    if isinstance(value, float):
        value = Decimal(repr(value))
    if places is None:
        pattern = "#,##0.###"
    else:
        pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(
        value, format=pattern, locale=lang, numbering_system=NUMBERING, decimal_quantization=True
    )


def _widen(pattern, skeleton):
    """CLDR asks a matched pattern's fields to take the skeleton's widths (dd in the skeleton
    makes d in the pattern dd); Babel's match leaves them as they are."""
    wanted = {}
    for kind, value in tokenize_pattern(skeleton):
        if kind == "field":
            wanted[value[0]] = value[1]
    out = []
    for kind, value in tokenize_pattern(pattern):
        if kind == "field":
            letter, width = value
            if letter in ("d", "M") and width < wanted.get(letter, 0) <= 2:
                width = wanted[letter]
            out.append(letter * width)
        else:
            quote = any(c.isalpha() for c in value)
            out.append("'" + value.replace("'", "''") + "'" if quote else value)
    return "".join(out)


def date_pattern(lang=None):
    """The CLDR pattern of a day in the language ("dd/MM/y" in Vietnamese)."""
    return _date_pattern(_lang(lang))


@cache
def _date_pattern(lang):
    skeletons = Locale(lang).datetime_skeletons
    skeleton = DATE_SKELETONS[lang]
    return _widen(skeletons[match_skeleton(skeleton, skeletons.keys())].pattern, skeleton)


def datetime_pattern(lang=None):
    """A day and a time of day, joined as CLDR joins them in the language."""
    return _datetime_pattern(_lang(lang))


@cache
def _datetime_pattern(lang):
    locale = Locale(lang)
    time = locale.time_formats["short"].pattern
    return (
        str(locale.datetime_formats["short"])
        .replace("{1}", date_pattern(lang))
        .replace("{0}", time)
    )


def format_date(value, lang=None):
    """A day as the language writes it (06/12/2026 in Vietnamese); a datetime also gets its
    time of day, in the current time zone. None reads "–"."""
    if value is None:
        return "–"
    lang = _lang(lang)
    if isinstance(value, datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return parse_pattern(datetime_pattern(lang)).apply(value, Locale(lang))
    if isinstance(value, date):
        return parse_pattern(date_pattern(lang)).apply(value, Locale(lang))
    return str(value)


def django_format(pattern):
    """A CLDR pattern as a Django date format ("dd/MM/y" → "d/m/Y")."""
    out = []
    for kind, value in tokenize_pattern(pattern):
        if kind == "field":
            letter, width = value
            try:
                out.append(_DJANGO[(letter, width)])
            except KeyError:
                raise ValueError(f"no Django format for {letter * width} in {pattern}") from None
        else:
            out.append("".join("\\" + c if c.isalpha() or c == "\\" else c for c in value))
    return "".join(out)


def django_formats(lang):
    """The settings of Django's format module for the language (FORMAT_MODULE_PATH)."""
    group, decimal = separators(lang)
    day = django_format(date_pattern(lang))
    moment = django_format(datetime_pattern(lang))
    settings = {
        "THOUSAND_SEPARATOR": group,
        "DECIMAL_SEPARATOR": decimal,
        "NUMBER_GROUPING": 3,
        "DATE_FORMAT": day,
        "SHORT_DATE_FORMAT": day,
        "DATETIME_FORMAT": moment,
        "SHORT_DATETIME_FORMAT": moment,
    }
    if day.startswith("d"):
        # a typed day reads day first too (Django's fallback would read 06/12 as June 12)
        settings["DATE_INPUT_FORMATS"] = ["%Y-%m-%d", "%d/%m/%Y"]
        settings["DATETIME_INPUT_FORMATS"] = [
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%d/%m/%Y %H:%M",
        ]
    return settings
