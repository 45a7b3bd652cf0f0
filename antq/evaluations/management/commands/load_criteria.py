from django.core.management.base import BaseCommand
from django.db import transaction

from antq.evaluations import catalogue


class Command(BaseCommand):
    help = (
        "Write the shipped criteria sets of the standard (Circular 124/2021/TT-BCA), the default "
        "classification schemes and the new-rural criterion's sub-criteria (by code; idempotent)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = catalogue.load()
        self.stdout.write(", ".join(f"{n} {what}" for what, n in counts.items()))
