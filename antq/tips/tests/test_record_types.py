from datetime import date

from antq.core.testing.records import RecordTypeTestCase
from antq.tips.models import Tip, TipCategory
from antq.tips.records import TIPS
from antq.tips.selectors import tip_list
from antq.tips.services.past import past_tip, tip_bulk_create


def tip(area, marker):
    return Tip.objects.create(
        area=area,
        received_by_area=area,
        code=f"TG-{marker}",
        legal_kind="denunciation",
        channel="phone",
        category=TipCategory.objects.get(code="theft"),
        summary="Mất trộm xe máy",
        received_on=date(2025, 5, 1),
        due_on=date(2025, 5, 21),
    )


class TestTips(RecordTypeTestCase):
    record_type = TIPS
    # by design (tips/exports.py): no summary, which may name people, in an export
    export_leaves_out = ("summary",)

    @classmethod
    def make_record(cls, area, marker):
        return tip(area, marker)

    def count_visible(self, user):
        return tip_list(user).count()

    def import_row(self, area):
        return {
            "commune_code": area.code,
            "received_on": "2019-03-01",
            "legal_kind": "denunciation",
            "channel": "phone",
            "category": "theft",
            "summary": "Mất trộm xe máy",
            "outcome": "decided_prosecute",
            "outcome_on": "2019-03-10",
        }

    def test_import_of_its_own_export(self):
        """Tips whose steps the register shows (an outcome, extensions, a suspension) come back
        with them."""
        theft = TipCategory.objects.get(code="theft")
        steps = (
            {
                "extended_on": date(2025, 5, 15),
                "extended_until": date(2025, 6, 20),
                "outcome": "decided_prosecute",
                "outcome_on": date(2025, 6, 1),
            },
            {
                "suspended_on": date(2025, 5, 5),
                "resumed_on": date(2025, 5, 10),
                "outcome": "transferred_out",
                "outcome_on": date(2025, 5, 20),
                "to_agency": "Công an tỉnh",
            },
            {"outcome": "suspended", "outcome_on": date(2025, 5, 3)},
        )
        records = [
            past_tip(
                area=self.tree.a,
                legal_kind="crime_report",
                channel="in_person",
                category=theft,
                summary="Mất trộm",
                received_on=date(2025, 5, 1),
                **kw,
            )
            for kw in steps
        ]
        tip_bulk_create(records=records, acting_user=self.users.a_editor, reason="test")
        super().test_import_of_its_own_export()
