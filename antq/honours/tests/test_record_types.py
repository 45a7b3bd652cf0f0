from datetime import date

from antq.core.testing.factories import OrganisationFactory
from antq.core.testing.records import RecordTypeTestCase
from antq.honours.models import Commendation, EmulationAgreement
from antq.honours.records import AGREEMENTS, COMMENDATIONS
from antq.honours.selectors import agreement_list, commendation_figures
from antq.honours.tests.helpers import AUTHORITY


class TestAgreements(RecordTypeTestCase):
    record_type = AGREEMENTS

    @classmethod
    def make_record(cls, area, marker):
        agreement = EmulationAgreement.objects.create(
            area=area,
            title=f"Giao ước {marker}",
            signed_on=date(2025, 1, 5),
            period_from=date(2025, 1, 1),
            period_to=date(2025, 12, 31),
            targets="Mục tiêu",
        )
        agreement.organisations.add(*OrganisationFactory.create_batch(2, area=area))
        agreement.party_areas.add(area)
        return agreement

    def import_row(self, area):
        return {
            "commune_code": area.code,
            "title": "Giao ước thi đua",
            "signed_on": "05/01/2025",
            "period_from": "01/01/2025",
            "period_to": "31/12/2025",
            "targets": "Mục tiêu",
            "organisations": ";".join(str(o.pk) for o in self.records.a.organisations.all()),
        }

    def count_visible(self, user):
        return agreement_list(user).count()

    def unplaced_changes(self, day):
        # the form offers today's units as parties; the period spans the record's date
        return {
            "party_areas": [],
            "period_from": date(day.year, 1, 1),
            "period_to": date(day.year, 12, 31),
        }


class TestCommendations(RecordTypeTestCase):
    record_type = COMMENDATIONS
    # its records carry decisions, which only an approver above the commune records
    round_trip_user = "p_approver"
    created_undated = "a nomination has no decision date: its unit is checked when approved"
    extra_export_urls = (
        "/honours/commendations/award-list.xlsx",
        "/api/v1/commendations/award-list",
    )

    @classmethod
    def make_record(cls, area, marker):
        return Commendation.objects.create(
            area=area,
            recipient_kind="individual",
            recipient_name=f"Người {marker}",
            award_form="certificate_of_commendation",
            authority_level="commune",
            authority_name="Chủ tịch UBND xã",
            decision_number=f"QĐ-{area.code}",
            decision_date=date(2025, 8, 15),
            status="approved",
            period_from=date(2025, 1, 1),
            period_to=date(2025, 12, 31),
            achievement="Thành tích",
        )

    def import_row(self, area):
        return {
            "commune_code": area.code,
            "recipient_kind": "area",
            "award_form": "certificate_of_merit",
            "authority_level": "province",
            "authority_name": AUTHORITY,
            "period_year": 2025,
            "achievement": "Thành tích xuất sắc",
        }

    def count_visible(self, user):
        return commendation_figures(user)["total"]
