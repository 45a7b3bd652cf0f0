from django.core.management.base import BaseCommand, CommandError

from antq.accounts.models import User
from antq.accounts.second_factor import recovery_code_issue


class Command(BaseCommand):
    help = (
        "Print a new single-use recovery code of the second factor for an account (an "
        "administrator who lost their phone; a script that needs an administrator's API token)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username}.")
        self.stdout.write(recovery_code_issue(user=user))
