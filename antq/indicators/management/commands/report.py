"""`antq report`: the period report of an area, in vi/en/ar, as md, docx, xlsx or csv."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils.translation import gettext as _

from antq.accounts.models import User
from antq.areas import selectors as area_selectors
from antq.indicators.renderers import render
from antq.indicators.reports import FORMATS, LANGUAGES, build_report

BINARY = ("docx", "xlsx")


def _day(text, option):
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise CommandError(
            _("{option} must be a real date as YYYY-MM-DD, not {value!r}.").format(
                option=option, value=text
            )
        ) from None


class Command(BaseCommand):
    help = (
        "Write the period report of an area: a narrative review with tables by child area. "
        "md and csv go to standard output unless --output is given; docx and xlsx need --output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="the unit's official code, e.g. 44")
        parser.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
        parser.add_argument("--lang", default="vi", help="vi, en or ar (default vi)")
        parser.add_argument("--format", dest="fmt", default="md", help="md, docx, xlsx or csv")
        parser.add_argument("--output", help="file to write (required for docx and xlsx)")
        parser.add_argument("--user", default="admin", help="whose jurisdiction (default admin)")

    def handle(self, *args, area, date_from, date_to, lang, fmt, output, user, **options):
        date_from, date_to = _day(date_from, "--from"), _day(date_to, "--to")
        if date_from > date_to:
            raise CommandError(
                _("--from ({start}) is after --to ({end}).").format(start=date_from, end=date_to)
            )
        if lang not in LANGUAGES:
            raise CommandError(
                _("--lang must be one of {choices}, not {value!r}.").format(
                    choices=", ".join(LANGUAGES), value=lang
                )
            )
        if fmt not in FORMATS:
            raise CommandError(
                _("--format must be one of {choices}, not {value!r}.").format(
                    choices=", ".join(FORMATS), value=fmt
                )
            )
        if fmt in BINARY and not output:
            raise CommandError(
                _("--format {fmt} writes a binary file: give --output FILE.").format(fmt=fmt)
            )
        acting = User.objects.filter(username=user, is_active=True).first()
        if acting is None:
            raise CommandError(_("No active user {name!r}.").format(name=user))
        try:
            unit = area_selectors.area_by_code(acting, area, day=date_to)
        except Http404:
            raise CommandError(
                _("No unit with code {code!r} that {name} may see.").format(code=area, name=user)
            ) from None
        report = build_report(acting, unit, date_from, date_to, lang)
        content, _type = render(report, fmt)
        if output:
            path = Path(output)
            try:
                if isinstance(content, bytes):
                    path.write_bytes(content)
                else:
                    path.write_text(content, encoding="utf-8")
            except OSError as exc:
                raise CommandError(
                    _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror)
                ) from exc
            self.stderr.write(_("Report written to {path}.").format(path=path))
        else:
            self.stdout.write(content)
