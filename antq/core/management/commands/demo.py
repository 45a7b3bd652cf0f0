from django.core.management.base import BaseCommand, CommandError

from antq_demo.load import demo_load


class Command(BaseCommand):
    help = "Load the small, deterministic demo dataset (one province; marked as demo)."

    def handle(self, *args, **options):
        try:
            demo_load(stdout=self.stdout)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
