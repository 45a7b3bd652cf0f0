from datetime import date

from antq.accounts.models import RoleAssignment, User
from antq.areas.choices import AreaLevel, SuccessionKind
from antq.areas.models import Area, AreaSuccession
from antq.areas.selectors import jurisdiction_roots
from antq.core.scoping import (
    Action,
    can_at_higher_level,
    can_read_identities,
    former_units,
    jurisdiction_paths,
    past_of,
    path_above,
    role_paths,
    scope_q,
)
from antq.core.testing.factories import make_area, make_former_tree, make_user
from antq.core.testing.scoping import ScopedRecordChecks, ScopedTestCase

EN = {"Accept-Language": "en"}


class TestAreaScoping(ScopedRecordChecks, ScopedTestCase):
    """Villages of commune A against villages of commune B. Areas are no RecordType: their
    pages are named here."""

    @classmethod
    def make_record(cls, area, marker):
        return make_area(area, name=f"Thôn {marker}")

    def count_visible(self, user):
        return Area.objects.visible_to(user).filter(name__contains="Marker").count()

    def list_url(self):
        return "/areas/?q=marker"

    def detail_url(self, record):
        return f"/areas/{record.pk}/"

    def change_urls(self, record):
        return [f"/areas/{record.pk}/villages/"]

    def api_list_url(self):
        return "/api/v1/areas/?q=marker"

    def api_detail_url(self, record):
        return f"/api/v1/areas/{record.pk}"

    def export_urls(self):
        return ["/areas/export.csv", "/areas/export.xlsx", "/api/v1/areas/export?format=csv"]


class TestPastJurisdiction(ScopedTestCase):
    """Roles over former units, at the units of factories.make_former_tree: FA0 → FA → A,
    OP → P, FQ → QC (province Q), FD divided between B and QC, X (in force) ceded ground to A."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.former = make_former_tree(cls.tree)
        cls.fa_village = make_area(cls.former.fa, name="Thôn Cũ")
        cls.qc_editor = make_user(cls.former.qc, "editor", username="qc_editor")
        cls.a_approver = make_user(cls.tree.a, "approver", username="a_approver")
        cls.a_granted = make_user(cls.tree.a, "editor", username="a_granted")
        cls.b_granted = make_user(cls.tree.p, "viewer", username="b_granted")
        RoleAssignment.objects.filter(user=cls.a_granted).update(may_read_identities=True)
        RoleAssignment.objects.create(
            user=cls.b_granted, area=cls.tree.b, role="viewer", may_read_identities=True
        )

    def fresh(self, user):
        return User.objects.get(pk=user.pk)

    def paths(self, user, action=Action.VIEW):
        return jurisdiction_paths(self.fresh(user), action)

    def status(self, user, area):
        self.client.force_login(user)
        return self.client.get(f"/areas/{area.pk}/").status_code

    def test_paths_are_the_roles_and_their_past_as_minimal_prefixes(self):
        t, f, users = self.tree, self.former, self.users
        assert self.paths(users.p_approver) == tuple(sorted((t.p.path, f.op.path, f.fd.path)))
        assert self.paths(users.a_viewer) == tuple(sorted((t.a.path, f.fa.path, f.fa0.path)))
        assert self.paths(users.b_editor) == tuple(sorted((t.b.path, f.fd.path)))
        assert self.paths(self.qc_editor) == tuple(sorted((f.qc.path, f.fq.path, f.fd.path)))
        assert self.paths(users.a_viewer, Action.CHANGE) == ()
        assert self.paths(users.admin) == (t.country.path,)
        assert role_paths(self.fresh(users.p_approver)) == (t.p.path,)
        assert jurisdiction_roots(self.fresh(users.p_approver)) == [t.p]

    def test_one_query_per_step_of_succession_shared_by_actions(self):
        user = self.fresh(self.users.a_viewer)
        with self.assertNumQueries(4):  # the roles; FA; FA0; nothing further
            for action in (Action.VIEW, Action.EXPORT, Action.CHANGE):
                jurisdiction_paths(user, action)
                scope_q(user, action)
        admin = self.fresh(self.users.admin)
        with self.assertNumQueries(1):  # a role at the country holds every former unit already
            jurisdiction_paths(admin)

    def test_former_units_walk_the_successions_of_an_area_itself(self):
        t, f = self.tree, self.former
        with self.assertNumQueries(1):  # OP, FA and FD; then FA0, under OP: one recursive walk
            found = former_units([t.p.path])
        # each former unit named, with the unit in force under P that it ended up in: a former
        # commune of the former province goes to the commune it became, not to the province
        assert found == {
            f.op.path: t.p.path,
            f.fa.path: t.a.path,
            f.fa0.path: t.a.path,
            f.fd.path: t.b.path,
        }
        assert former_units([t.a.path]) == {f.fa.path: t.a.path, f.fa0.path: t.a.path}
        assert former_units([f.qc.path]) == {f.fq.path: f.qc.path, f.fd.path: f.qc.path}
        assert former_units([f.x.path]) == {}  # it ceded ground, took none
        with self.assertNumQueries(0):
            assert former_units([t.country.path]) == {}

    def test_former_units_follow_chains_longer_than_one_statement_walks(self):
        """FA0 → FA → A takes one statement; two more links of an older wave (FA2 → FA1 → FA0,
        each in another former district, so that no subtree already read holds them) take one
        statement more, and each ends up in A, where each counts."""
        t, f = self.tree, self.former
        links = []
        for name, ended, successor in (
            ("Xã Cũ A1", date(2018, 12, 31), f.fa0),
            ("Xã Cũ A2", date(2017, 12, 31), None),
        ):
            district = make_area(t.country, level=AreaLevel.DISTRICT, valid_to=ended)
            unit = make_area(district, name=name, valid_to=ended)
            links.append((unit, successor or links[-1][0]))
        for predecessor, successor in links:
            AreaSuccession.objects.create(
                predecessor=predecessor, successor=successor, kind=SuccessionKind.MERGED
            )
        fa1, fa2 = (unit for unit, _successor in links)
        with self.assertNumQueries(2):
            past = past_of([t.p.path])
        for unit in (f.fa, f.fa0, fa1, fa2):
            assert past.became[unit.path] == past.counted_under(unit.path) == t.a.path
        assert former_units([t.a.path])[fa2.path] == t.a.path

    def test_chain_of_successions_and_not_the_former_district(self):
        f, user = self.former, self.users.a_viewer
        assert self.status(user, f.fa0) == 200
        assert self.status(user, f.fa) == 200
        assert self.status(user, f.od) == 404
        assert self.status(self.users.p_approver, f.od) == 200

    def test_former_unit_of_another_province_stays_invisible(self):
        f, user = self.former, self.users.p_approver
        for area in (f.fq, f.oq, f.oqd):
            assert self.status(user, area) == 404
            assert self.api(user).get(f"/api/v1/areas/{area.pk}").status_code == 404
        names = {a["name"] for a in self.api(user).get("/api/v1/areas/", q="Cũ").json()["items"]}
        assert "Xã Cũ A0" in names and "Xã Cũ Q" not in names
        assert self.status(self.qc_editor, f.fq) == 200

    def test_divided_unit_is_in_scope_for_each_successor(self):
        f = self.former
        assert self.status(self.users.b_editor, f.fd) == 200
        assert self.status(self.qc_editor, f.fd) == 200
        assert self.status(self.users.a_viewer, f.fd) == 404

    def test_unit_still_in_force_is_not_reached_through_its_succession(self):
        assert self.status(self.users.a_viewer, self.former.x) == 404

    def test_higher_level_reads_through_the_successors(self):
        f = self.former
        province = self.fresh(self.users.p_approver)
        for area in (f.fa0, f.fa, f.od, f.fd):
            assert can_at_higher_level(province, Action.APPROVE, area), area
        commune = self.fresh(self.a_approver)
        assert not can_at_higher_level(commune, Action.APPROVE, f.fa)
        assert not can_at_higher_level(commune, Action.APPROVE, f.fa0)
        assert can_at_higher_level(commune, Action.APPROVE, self.fa_village)
        assert not can_at_higher_level(self.fresh(self.qc_editor), Action.CHANGE, f.fd)
        # the level it acts from: the former province over its communes, else the role's area
        assert path_above(province, Action.APPROVE, f.fa0) == f.op.path
        assert path_above(province, Action.APPROVE, f.fd) == self.tree.p.path
        assert path_above(province, Action.APPROVE, f.op) is None

    def test_identity_grant_follows_only_the_grant_holders_successions(self):
        f = self.former
        granted = self.fresh(self.a_granted)
        assert can_read_identities(granted, f.fa0)
        assert not can_read_identities(granted, f.fd)
        assert not can_read_identities(granted, f.fq)
        at_b = self.fresh(self.b_granted)  # views the province, holds the grant at B only
        assert can_read_identities(at_b, f.fd)
        assert not can_read_identities(at_b, f.fa0)
        assert not can_read_identities(self.fresh(self.users.p_approver), f.fa0)

    def test_area_page_shows_formed_from_and_became_within_jurisdiction(self):
        f, user = self.former, self.users.b_editor
        self.client.force_login(user)
        page = self.client.get(f"/areas/{self.tree.b.pk}/", headers=EN).content.decode()
        assert "Formed from" in page
        assert f'href="/areas/{f.fd.pk}/"' in page and "Jun 30, 2025" in page
        page = self.client.get(f"/areas/{f.fd.pk}/", headers=EN).content.decode()
        assert "Became" in page and f'href="/areas/{self.tree.b.pk}/"' in page
        assert "Xã Mới Q" not in page  # FD's other successor lies in province Q
        self.client.force_login(self.users.a_viewer)
        page = self.client.get(f"/areas/{self.tree.a.pk}/", headers=EN).content.decode()
        assert f'href="/areas/{f.fa.pk}/"' in page and "Jan 1, 2021" in page
        assert "Xã Còn" not in page  # still in force, outside A
        page = self.client.get(f"/areas/{f.fa0.pk}/", headers=EN).content.decode()
        assert "Became" in page and f'href="/areas/{f.fa.pk}/"' in page
