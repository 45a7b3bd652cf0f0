"""`antq report`: the period report of an area, in vi/en/ar, as md, docx, pdf, xlsx or csv."""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.models import User
from antq.areas.choices import AreaLevel
from antq.areas.resolution import area_by_code
from antq.reports import selectors
from antq.reports.figures import BOUNDARIES, Figures, ReportError, collect_figures
from antq.reports.letterhead import FIELD_NAMES, RECIPIENTS_MAX, Letterhead
from antq.reports.renderers import render
from antq.reports.writing import FORMATS, LANGUAGES, write_report

BINARY = ("docx", "pdf", "xlsx")


def _day(text, option):
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise CommandError(
            _("{option} must be a real date as YYYY-MM-DD, not {value!r}.").format(
                option=option, value=text
            )
        ) from None


def _period(area, date_from, date_to, boundaries):
    for value, option in ((area, "--area"), (date_from, "--from"), (date_to, "--to")):
        if not value:
            raise CommandError(_("{option} is required (or --signed N).").format(option=option))
    date_from, date_to = _day(date_from, "--from"), _day(date_to, "--to")
    if date_from > date_to:
        raise CommandError(
            _("--from ({start}) is after --to ({end}).").format(start=date_from, end=date_to)
        )
    if boundaries not in BOUNDARIES:
        raise CommandError(
            _("--boundaries must be one of {choices}, not {value!r}.").format(
                choices=", ".join(BOUNDARIES), value=boundaries
            )
        )
    return date_from, date_to


class Command(BaseCommand):
    help = (
        "Write the period report of an area: a narrative review with tables by child area. "
        "md and csv go to standard output unless --output is given; docx, pdf and xlsx need "
        "--output. "
        "--signed N writes the signed-off report N from its kept figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", help="the unit's official code, e.g. 44")
        parser.add_argument("--from", dest="date_from", help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", help="YYYY-MM-DD")
        parser.add_argument(
            "--boundaries",
            default="filed",
            help="filed (the units the records were filed under, default) or today (former "
            "communes counted under today's units through the crosswalk)",
        )
        parser.add_argument("--signed", help="the number of a signed-off report to write")
        parser.add_argument("--lang", default="vi", help="vi, en or ar (default vi)")
        parser.add_argument("--format", dest="fmt", default="md", help="md, docx, pdf, xlsx or csv")
        parser.add_argument("--output", help="file to write (required for docx, pdf and xlsx)")
        parser.add_argument("--user", default="admin", help="whose jurisdiction (default admin)")
        # the letterhead of the administrative document (Decree 30/2020/NĐ-CP); a signed report
        # goes out with the one kept when it was signed
        parser.add_argument("--issuer", default="", help="issuing body (default: its police)")
        parser.add_argument("--superior", default="", help="the body directly above the issuer")
        parser.add_argument("--number", default="", help="registry number, or number and symbol")
        parser.add_argument("--signer-name", default="", help="default: the user's rank and name")
        parser.add_argument("--signer-position", default="", help="default: the user's position")
        parser.add_argument(
            "--recipient",
            action="append",
            default=[],
            help="a recipient (repeat the option for each); the clerk's copy is added",
        )

    def handle(self, *args, area, date_from, date_to, lang, fmt, output, user, **options):
        signed, boundaries = options["signed"], options["boundaries"]
        letterhead = Letterhead.from_data(
            {name: options[name] for name in FIELD_NAMES if name != "recipients"}
            | {"recipients": "\n".join(options["recipient"])}
        )
        if signed is not None and letterhead != Letterhead():
            raise CommandError(
                _("A signed report goes out with the letterhead kept when it was signed.")
            )
        if len(options["recipient"]) > RECIPIENTS_MAX:
            raise CommandError(_("At most {n} recipients.").format(n=RECIPIENTS_MAX))
        if signed is None:  # checked before the database is touched
            date_from, date_to = _period(area, date_from, date_to, boundaries)
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
        if signed is not None:
            report = self._signed(acting, signed, lang)
        else:
            report = self._live(acting, area, date_from, date_to, boundaries, lang, letterhead)
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

    def _signed(self, acting, number, lang):
        try:
            frozen = selectors.frozen_report_get(acting, int(number))
        except (Http404, ValueError):
            raise CommandError(
                _("No signed report number {number!r} that {name} may see.").format(
                    number=number, name=acting.username
                )
            ) from None
        return write_report(Figures.from_json(frozen.figures), lang, user=acting, signed=frozen)

    def _live(self, acting, area, date_from, date_to, boundaries, lang, letterhead):
        # the unit with that code in force on the period's last day (today, with today's
        # boundaries), among those the user may see
        day = timezone.localdate() if boundaries == "today" else date_to
        try:
            unit = area_by_code(acting, area, day, levels=tuple(AreaLevel), field="area")
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        try:
            figures = collect_figures(acting, unit, date_from, date_to, boundaries)
        except ReportError as exc:
            raise CommandError(str(exc)) from None
        return write_report(figures, lang, user=acting, letterhead=letterhead)
