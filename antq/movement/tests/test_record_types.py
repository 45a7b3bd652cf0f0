from datetime import date

from antq.core.testing.records import RecordTypeTestCase
from antq.movement.models import ModelCategory, MovementModel, Team, TeamMember
from antq.movement.records import MOVEMENT_MODELS, TEAM_MEMBERS, TEAMS
from antq.movement.selectors import model_counts, team_counts


def team(area, marker):
    made = Team.objects.create(area=area, name=f"Tổ {marker}", kind="digital_technology")
    TeamMember.objects.create(team=made, full_name=f"Thành viên {marker}")
    return made


class TestMovementModels(RecordTypeTestCase):
    record_type = MOVEMENT_MODELS

    @classmethod
    def make_record(cls, area, marker):
        return MovementModel.objects.create(
            area=area,
            name=f"Mô hình {marker}",
            category=ModelCategory.objects.get(code="rural_road_lighting"),
            started_on=date(2024, 1, 1),
        )

    def import_row(self, area):
        return {
            "commune_code": area.code,
            "name": "Đường điện chiếu sáng",
            "category": "security_cameras",
            "started_on": "01/03/2024",
        }

    def count_visible(self, user):
        return model_counts(user)["total"]


class TestTeams(RecordTypeTestCase):
    record_type = TEAMS

    @classmethod
    def make_record(cls, area, marker):
        return team(area, marker)

    def import_row(self, area):
        return {"commune_code": area.code, "name": "Tổ tự quản", "kind": "security_self_governing"}

    def count_visible(self, user):
        return team_counts(user)["teams"]


class TestTeamMembers(RecordTypeTestCase):
    """Members are listed and changed on their team's page (test_scoping.py); the type has the
    import pages only."""

    record_type = TEAM_MEMBERS
    undated = "a member stands in a team, whose unit is checked against the team's date"

    @classmethod
    def make_record(cls, area, marker):
        return TeamMember.objects.create(team=team(area, marker), full_name=f"Người {marker}")

    def import_row(self, area):
        return {"team": self.records.a.team_id, "full_name": "Nguyễn Văn An"}

    def bad_import_row(self, area):
        return {"team": self.records.b.team_id, "full_name": "Trần Thị Bình"}, "team"
