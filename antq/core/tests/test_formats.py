"""Numbers and dates in one convention per language, from CLDR (antq/formats)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import Context, Template
from django.utils import formats as django_formats
from django.utils import translation

from antq.formats import (
    date_pattern,
    django_format,
    format_date,
    format_number,
    separators,
)

DAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    "lang, big, decimal, negative",
    [
        ("vi", "15.000.000", "1.228,5", "-4.966"),
        ("en", "15,000,000", "1,228.5", "-4,966"),
        ("ar", "15,000,000", "1,228.5", "-4,966"),
    ],
)
def test_numbers_are_grouped_as_cldr_writes_them(lang, big, decimal, negative):
    assert format_number(15000000, lang) == big
    assert format_number(Decimal("1228.50"), lang) == decimal
    assert format_number(1228.5, lang) == decimal
    assert format_number(-4966, lang) == negative
    assert format_number(None, lang) == "–"


def test_places_fix_the_decimals():
    assert format_number(Decimal("87.75"), "vi", places=1) == "87,8"
    assert format_number(Decimal("15000000.00"), "vi", places=0) == "15.000.000"
    assert format_number(2, "en", places=2) == "2.00"


@pytest.mark.parametrize(
    "lang, day, moment",
    [
        ("vi", "06/12/2026", "14:05 06/12/2026"),
        ("en", "Dec 6, 2026", "Dec 6, 2026, 2:05\u202fPM"),
        ("ar", "06\u200f/12\u200f/2026", "06\u200f/12\u200f/2026، 2:05 م"),
    ],
)
def test_dates_read_as_the_language_writes_them(lang, day, moment):
    assert format_date(DAY, lang) == day
    assert format_date(datetime(2026, 12, 6, 14, 5), lang) == moment


@pytest.mark.parametrize("lang", ["vi", "en", "ar"])
def test_django_formats_agree_with_the_helpers(lang):
    """The page (Django's |date, intcomma, number_format) writes what the documents write."""
    with translation.override(lang):
        assert django_formats.date_format(DAY, "SHORT_DATE_FORMAT") == format_date(DAY, lang)
        assert django_formats.date_format(DAY) == format_date(DAY, lang)
        assert intcomma(15000000) == format_number(15000000, lang)
        group, decimal = separators(lang)
        assert django_formats.get_format("THOUSAND_SEPARATOR") == group
        assert django_formats.get_format("DECIMAL_SEPARATOR") == decimal
        moment = datetime(2026, 12, 6, 14, 5)
        assert django_formats.date_format(moment, "SHORT_DATETIME_FORMAT") == format_date(
            moment, lang
        )


def test_vietnamese_dates_are_day_first_with_two_digits():
    assert date_pattern("vi") == "dd/MM/y"
    assert django_format("dd/MM/y") == "d/m/Y"
    assert django_format("'tháng' MM, y") == r"\t\h\á\n\g m, Y"


def test_a_typed_vietnamese_day_reads_day_first():
    from django import forms

    with translation.override("vi"):
        assert forms.DateField().clean("06/12/2026") == DAY
        assert forms.DateField().clean("2026-12-06") == DAY


def test_template_filters():
    template = Template(
        "{% load antq %}{{ n|num }} {{ d|day }} {{ x|num }} {{ y|day }}|{{ f|num:1 }}"
    )
    with translation.override("vi"):
        text = template.render(Context({"n": 4966, "d": DAY, "x": "abc", "y": None, "f": 0.5}))
    assert text == "4.966 06/12/2026 abc |0,5"


@pytest.mark.parametrize(
    "lang, expected",
    [("vi", "Đã nhập 1.355 bản ghi."), ("ar", "تم استيراد 1,355 سجلًا.")],
)
def test_a_plural_sentence_groups_its_number(lang, expected):
    """The count chooses the plural form (Arabic's sixth: "many" for 1355) and the sentence
    shows it grouped."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    job = SimpleNamespace(status="done", created_count=1355, pk=1)
    with translation.override(lang):
        html = render_to_string("core/_import_job.html", {"job": job})
    assert expected in html


def test_no_plural_sentence_prints_its_raw_count():
    """A `{% blocktranslate count c=… %}` sentence prints a number through `num` (`with n=…|num`),
    never the count itself, which is only for choosing the plural form."""
    import re
    from pathlib import Path

    import antq

    block = re.compile(r"\{% blocktranslate count (\w+)=.*?%\}(.*?)\{% endblocktranslate %\}", re.S)
    raw = [
        f"{path.name}: {body[:60]}"
        for path in Path(antq.__file__).parent.rglob("*.html")
        for var, body in block.findall(path.read_text())
        if "{{ " + var + " }}" in body
    ]
    assert not raw, raw
