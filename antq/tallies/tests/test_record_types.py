from datetime import date

from antq.core.testing.records import RecordTypeTestCase
from antq.tallies.models import MonthlyTally
from antq.tallies.records import TALLIES
from antq.tallies.selectors import tally_totals


class TestMonthlyTallies(RecordTypeTestCase):
    record_type = TALLIES
    list_queries_max = 30

    @classmethod
    def make_record(cls, area, marker):
        return MonthlyTally.objects.create(
            area=area, month=date(2024, 3, 1), criminal_cases_registered=4, notes=marker
        )

    def import_row(self, area):
        return {"commune_code": area.code, "month": "2024-07", "criminal_cases_registered": 5}

    def count_visible(self, user):
        return tally_totals(user)["tallies"]
