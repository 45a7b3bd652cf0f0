from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from antq.accounts.models import User
from antq.areas.services import units_import


class Command(BaseCommand):
    help = (
        "Import units that no longer exist (provinces, districts, communes) from a CSV or XLSX "
        "file, with their validity dates and successors; all of it or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", default="admin", help="acting user (default admin)")

    def handle(self, *args, file, user, **options):
        acting = User.objects.filter(username=user).first()
        if acting is None:
            raise CommandError(f"No user {user!r}.")
        path = Path(file)
        try:
            result = units_import(acting_user=acting, data=path.read_bytes(), filename=path.name)
        except (OSError, ValidationError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        if not result.ok:
            for e in result.errors:
                self.stderr.write(f"row {e.row}, {e.column}: {e.message}")
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.")
        self.stdout.write(
            f"{len(result.created)} units imported, {result.unchanged} already there; "
            f"{result.successions_created} successions recorded."
        )
