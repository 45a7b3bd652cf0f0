"""The daily reminder: per unit, the tips that are overdue and those falling due soon."""

from datetime import date
from itertools import groupby

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.tips import deadlines
from antq.tips.selectors import ALL_UNITS, REMIND_WITHIN_DAYS, tips_to_remind


class Command(BaseCommand):
    help = "List, per unit, the tips that are overdue or fall due within 5 days (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to remind for, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--days",
            type=int,
            default=REMIND_WITHIN_DAYS,
            help=f"how many days ahead counts as falling due (default {REMIND_WITHIN_DAYS})",
        )

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError(_("--date must be a date as YYYY-MM-DD.")) from None
        today = today or timezone.localdate()
        if options["days"] < 0:
            raise CommandError(_("--days must be 0 or more."))
        tips = list(tips_to_remind(ALL_UNITS, today=today, within=options["days"]))
        out = self.stdout
        out.write(
            _("Tips to settle as of {day}: overdue, and due within {n} days.").format(
                day=today.isoformat(), n=options["days"]
            )
        )
        overdue_total = 0
        for area, rows in groupby(tips, key=lambda t: t.area):
            rows = list(rows)
            overdue = [t for t in rows if deadlines.is_overdue(t.due_on, today)]
            soon = [t for t in rows if not deadlines.is_overdue(t.due_on, today)]
            overdue_total += len(overdue)
            out.write("")
            out.write(f"== {area.name} ({area.code}) ==")
            for tip in overdue:
                late = -deadlines.days_left(tip.due_on, today)
                out.write(
                    "  "
                    + _("OVERDUE  {code}  due {due}  {n} day(s) late  {status}{officer}").format(
                        code=tip.code,
                        due=tip.due_on.isoformat(),
                        n=late,
                        status=tip.get_status_display(),
                        officer=self._officer(tip),
                    )
                )
            for tip in soon:
                out.write(
                    "  "
                    + _("DUE SOON {code}  due {due}  {n} day(s) left  {status}{officer}").format(
                        code=tip.code,
                        due=tip.due_on.isoformat(),
                        n=deadlines.days_left(tip.due_on, today),
                        status=tip.get_status_display(),
                        officer=self._officer(tip),
                    )
                )
        out.write("")
        if not tips:
            out.write(_("Nothing is overdue or falling due."))
        else:
            units = len({t.area_id for t in tips})
            out.write(
                _("In all: {overdue} overdue, {soon} falling due, in {units} unit(s).").format(
                    overdue=overdue_total, soon=len(tips) - overdue_total, units=units
                )
            )

    @staticmethod
    def _officer(tip):
        return f"  · {tip.assigned_to.get_username()}" if tip.assigned_to else ""
