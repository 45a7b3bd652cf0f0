import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from antq.accounts.services import admin_ensure
from antq.areas.models import Area


class Command(BaseCommand):
    help = (
        "Ensure the administrator 'admin' exists. The password comes from ANTQ_ADMIN_PASSWORD; "
        "otherwise a new one is generated and printed (only when the user is new, or with --reset)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="generate a new password")

    def handle(self, *args, reset=False, **options):
        root = Area.objects.get_root_nodes().first()
        try:
            _user, generated = admin_ensure(
                password=os.environ.get("ANTQ_ADMIN_PASSWORD"), root_area=root, reset=reset
            )
        except ValidationError as exc:
            raise CommandError(f"ANTQ_ADMIN_PASSWORD: {'; '.join(exc.messages)}") from exc
        if os.environ.get("ANTQ_ADMIN_PASSWORD"):
            self.stdout.write("admin: ready (password from ANTQ_ADMIN_PASSWORD)")
        elif generated:
            self.stdout.write(self.style.WARNING(f"admin password (shown once): {generated}"))
        else:
            self.stdout.write(
                "admin: ready (password unchanged; `antq createadmin --reset` sets a new one)"
            )
