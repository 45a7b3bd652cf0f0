from django.core.management.base import BaseCommand
from django.db.models import Count

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.areas.services import areas_load_from_package


class Command(BaseCommand):
    help = "Load Vietnam's administrative units (today's and pre-2025) and the old→new crosswalk."

    def handle(self, *args, **options):
        self.stdout.write("Loading areas from vietnamadminunits …")
        report = areas_load_from_package()
        self.stdout.write(
            f"areas: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged; crosswalk: {report.successions_created} links created"
            f" ({report.crosswalk_unmatched} package entries could not be joined)"
        )
        rows = (
            Area.objects.values("level", "valid_to")
            .annotate(n=Count("id"))
            .order_by("level", "valid_to")
        )
        for r in rows:
            era = f"until {r['valid_to']}" if r["valid_to"] else "in force"
            self.stdout.write(f"  {AreaLevel(r['level']).label:<10} {era:<18} {r['n']:>6}")
