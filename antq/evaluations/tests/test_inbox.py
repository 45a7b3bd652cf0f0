"""The inbox's registrations due (evaluations/inbox.py): a commune's own staff see the commune
and its residential areas that have not registered for the year whose registration is due
(from the window's opening to the end of its first quarter), counted with the other kinds in
one statement; another commune's subjects, and the levels above, see none of them."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from antq.areas.models import Area
from antq.core.scoping import forget_jurisdiction
from antq.core.testing.factories import OrganisationFactory, make_area, make_user
from antq.evaluations.choices import SubjectKind
from antq.evaluations.models import Registration
from antq.inbox import selectors
from antq.inbox.registry import KINDS
from antq.inbox.tests.helpers import reads
from antq.registry.choices import OrganisationType
from antq.registry.models import Organisation

SLUG = "evaluations-registrations-due"
JANUARY = date(2027, 1, 10)  # both windows of 2027 are open; the first quarter has not ended


def subjects(rows):
    """The areas and organisations that rows of the kind name."""
    return {
        Organisation.objects.get(pk=row.org_pk)
        if row.org_pk is not None
        else Area.objects.get(pk=row.area_pk)
        for row in rows
    }


def _due(user, today=JANUARY):
    return subjects(KINDS[SLUG].records(user, today))


def _registered(area, year=2027, kind=SubjectKind.RESIDENTIAL):
    return Registration.objects.create(
        area=area, subject_kind=kind, year=year, registered_on=date(2026, 12, 1)
    )


def test_the_communes_staff_see_what_is_left_to_register(tree, users):
    assert _due(users.a_editor) == {tree.a, tree.a1}
    _registered(tree.a1, year=2026)  # last year's registration is not this year's
    assert _due(users.a_editor) == {tree.a, tree.a1}
    _registered(tree.a1)
    _registered(tree.a, kind=SubjectKind.COMMUNE)
    assert not _due(users.a_editor)
    assert _due(users.b_editor) == {tree.b, tree.b1}  # its own, untouched by A's
    for language, detail in (
        ("en", "2027 · register by 31/03/2027"),
        ("vi", "2027 · hạn đăng ký ngày 31/03/2027"),
    ):
        with translation.override(language):
            [item] = KINDS[SLUG].items(users.b_editor, JANUARY, 1)
        assert item.url == f"/evaluations/registrations/new/?area={tree.b.pk}"
        assert (item.detail, item.when) == (detail, date(2027, 3, 31))


def test_another_communes_subjects_and_the_levels_above_see_none(tree, users):
    assert not _due(users.b_editor) & {tree.a, tree.a1}
    assert not _due(users.p_approver)  # the province registers nobody's subjects
    assert not _due(users.a_viewer) and not _due(users.nobody)
    village_head = make_user(tree.b1, "editor", username="b1_editor")
    assert _due(village_head) == {tree.b1}  # a residential area's own staff register it


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 5), {"a1"}),  # the residential window of 2027 has opened, the commune's not
        (date(2026, 12, 6), {"a", "a1"}),
        (date(2027, 3, 31), {"a", "a1"}),
        (date(2027, 4, 1), set()),  # past the first quarter: late, no longer due
    ],
)
def test_due_from_the_windows_opening_to_the_end_of_the_first_quarter(tree, users, today, expected):
    assert _due(users.a_editor, today) == {getattr(tree, name) for name in expected}


def test_a_unit_no_longer_in_force_is_not_due(tree, users):
    ended = make_area(tree.a, name="Thôn Đã Nhập", valid_to=date(2026, 12, 31))
    assert ended in _due(users.a_editor, date(2026, 12, 6))
    assert ended not in _due(users.a_editor, JANUARY)


def test_counted_in_the_one_statement_with_the_others(tree, users):
    user = users.a_editor
    selectors.counts(user, JANUARY)  # reads the user's jurisdiction
    user.__dict__.pop("_antq_inbox", None)
    with CaptureQueriesContext(connection) as ctx:
        counts = selectors.counts(user, JANUARY)
    assert len(reads(ctx.captured_queries)) == 1 and counts[SLUG] == 2
    forget_jurisdiction(user)


def test_organisations_that_are_assessed_are_due_for_the_staff_of_their_unit(tree, users):
    school = OrganisationFactory(area=tree.a, org_type=OrganisationType.SCHOOL, name="THCS A")
    factory = OrganisationFactory(area=tree.a1, org_type=OrganisationType.ENTERPRISE)
    OrganisationFactory(area=tree.a, org_type=OrganisationType.FATHERLAND_FRONT)  # not assessed
    b_school = OrganisationFactory(area=tree.b, org_type=OrganisationType.SCHOOL)
    department = OrganisationFactory(area=tree.p, org_type=OrganisationType.AGENCY)
    assert _due(users.a_editor) == {tree.a, tree.a1, school, factory}
    assert _due(users.b_editor) == {tree.b, tree.b1, b_school}
    assert _due(users.p_approver) == {department}  # the province's own agency, no commune's
    assert not _due(users.a_viewer)
    assert _due(users.a_editor, date(2026, 11, 5)) == {tree.a1}  # their window opens on 16/11
    Registration.objects.create(
        area=tree.a,
        organisation=school,
        subject_kind=SubjectKind.SCHOOL,
        year=2027,
        registered_on=date(2026, 12, 1),
    )
    assert _due(users.a_editor) == {tree.a, tree.a1, factory}
    with translation.override("en"):
        items = KINDS[SLUG].items(users.a_editor, JANUARY, 5)
    assert [item.title for item in items] == [tree.a.name, tree.a1.name, factory.name]
    assert items[2].url == (
        f"/evaluations/registrations/new/?area={tree.a1.pk}&organisation={factory.pk}"
    )
    assert (items[2].detail, items[2].when) == ("2027 · register by 31/03/2027", date(2027, 3, 31))
    user = users.a_editor
    selectors.counts(user, JANUARY)
    user.__dict__.pop("_antq_inbox", None)
    with CaptureQueriesContext(connection) as ctx:
        counts = selectors.counts(user, JANUARY)
    assert len(reads(ctx.captured_queries)) == 1 and counts[SLUG] == 3
    forget_jurisdiction(user)


def test_the_registration_form_opens_on_the_organisation_of_the_item(tree, users, client):
    school = OrganisationFactory(area=tree.a, org_type=OrganisationType.SCHOOL)
    client.force_login(users.a_editor)
    page = client.get(f"/evaluations/registrations/new/?area={tree.a.pk}&organisation={school.pk}")
    assert page.context["form"].initial == {"area": tree.a.pk, "organisation": school.pk}
