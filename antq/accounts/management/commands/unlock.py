from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from antq.accounts.services import lockout_release


class Command(BaseCommand):
    help = "Lift a sign-in lockout of an account (--username) or of an address (--ip)."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--username", default="")
        group.add_argument("--ip", default="")

    def handle(self, *args, username="", ip="", **options):
        try:
            cleared = lockout_release(acting_user=None, username=username, ip_address=ip)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"{username or ip}: {cleared} failed sign-in record(s) cleared")
