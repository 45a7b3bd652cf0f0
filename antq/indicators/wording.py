"""How figures read in the active language: numbers, rates, dates and counted phrases, for the
sentences each app writes on its indicators (groups.py) and for the report around them."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import dateformat, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from antq.formats import format_number

# How a report writes a date, by language (the form administrative reports use: "ngày
# 01/01/2018"; "1 January 2018"; "1 يناير 2018"). Month names come from Django's catalogues.
DATE_FORMATS = {"vi": r"\n\g\à\y d/m/Y"}
DEFAULT_DATE_FORMAT = "j F Y"


class Formatter:
    """Numbers, rates and dates for the language that is active (call inside an override)."""

    def number(self, value):
        """Grouped as the language writes it (antq.formats: CLDR), as the page and the charts."""
        return format_number(value)

    def rate(self, fraction):
        """87.7% from 0.87715 (one decimal, dropped when it is zero: "100%", "91%")."""
        if fraction is None:
            return "–"
        pct = (Decimal(fraction) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        places = 0 if pct == pct.to_integral_value() else 1
        return _("{value}%").format(value=format_number(pct, places=places))

    def date(self, day):
        fmt = DATE_FORMATS.get(translation.get_language(), DEFAULT_DATE_FORMAT)
        return dateformat.format(day, fmt)


def counted(singular, plural, n, fmt):
    """A counted phrase ("3 teams"), with the plural form the language needs for n."""
    return ngettext(singular, plural, n).format(n=fmt.number(n))


def listed(parts):
    """Phrases one after another, as a report lists the parts of a figure ("5 self-governing
    security teams with 27 members; 6 community digital technology teams with 65 members")."""
    return pgettext("list separator", "; ").join(parts)
