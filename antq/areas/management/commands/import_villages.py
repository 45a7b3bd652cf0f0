from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from antq.accounts.models import User
from antq.areas.services import villages_import


class Command(BaseCommand):
    help = (
        "Import villages/residential groups from a CSV file "
        "(code,name,parent_code[,type,valid_from,valid_to,valid_on]); the parent commune is the "
        "one in force on valid_on, else valid_to, else valid_from, else today."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", default="admin", help="acting user (default admin)")

    def handle(self, *args, file, user, **options):
        acting = User.objects.filter(username=user).first()
        if acting is None:
            raise CommandError(f"No user {user!r}.")
        try:
            result = villages_import(acting_user=acting, data=Path(file).read_bytes())
        except (OSError, ValidationError) as exc:
            raise CommandError(str(exc)) from exc
        if not result.ok:
            for e in result.errors:
                self.stderr.write(f"line {e.line}, {e.column}: {e.message}")
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.")
        self.stdout.write(f"{len(result.created)} units imported.")
