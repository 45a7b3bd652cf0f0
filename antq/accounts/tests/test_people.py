"""People named where they acted: rank, full name and position, not the user name; and the
profile page where a user says them."""

import pytest

from antq.accounts.models import User
from antq.audit.models import AuditAction, AuditEntry
from antq.core.selectors import history_for
from antq.honours.tests.helpers import approve, nominate

BINH = ("Thiếu tá", "Lê Văn Bình", "Phó Trưởng Công an tỉnh")
BINH_LABEL = "Thiếu tá Lê Văn Bình, Phó Trưởng Công an tỉnh"


def named(user, rank, full_name, position):
    user.rank, user.full_name, user.position = rank, full_name, position
    user.save()
    return user


def test_person_label():
    assert User(username="u1", rank="Đại úy", full_name="Nguyễn Văn A").person_label == (
        "Đại úy Nguyễn Văn A"
    )
    assert User(username="u1", full_name="Nguyễn Văn A", position="Trưởng thôn").person_label == (
        "Nguyễn Văn A, Trưởng thôn"
    )
    assert User(username="u1").person_label == "u1"
    assert (
        str(User(username="u1", rank="Đại úy", full_name="Nguyễn Văn A")) == "Đại úy Nguyễn Văn A"
    )


def test_history_and_decision_name_the_person(client, tree, users):
    approver = named(users.p_approver, *BINH)
    commendation = approve(approver, nominate(users.a_editor, tree.a))
    assert history_for(commendation)[0].who.person_label == BINH_LABEL
    client.force_login(users.a_editor)
    page = client.get(f"/honours/commendations/{commendation.pk}/").content.decode()
    assert BINH_LABEL in page
    assert "p_approver" not in page


def test_a_user_edits_their_own_profile_not_their_roles(client, tree, users):
    client.force_login(users.a_viewer)
    page = client.get("/accounts/profile/").content.decode()
    assert 'name="full_name"' in page and 'name="unit"' not in page and 'name="email"' not in page
    response = client.post(
        "/accounts/profile/",
        {
            "full_name": "Lê Văn Bình",
            "rank": "Thiếu tá",
            "position": "Phó Trưởng Công an tỉnh",
            "phone": "0912 345 678",
            "email": "taken@example.org",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(pk=users.a_viewer.pk)
    assert user.person_label == BINH_LABEL
    assert user.email != "taken@example.org" and not user.is_superuser
    entry = AuditEntry.objects.get(action=AuditAction.PROFILE_CHANGED)
    assert entry.target_user == user and "full_name" in entry.detail


def test_a_bad_phone_is_a_form_error(client, users):
    client.force_login(users.a_viewer)
    response = client.post("/accounts/profile/", {"full_name": "A", "phone": "call me"})
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    users.a_viewer.refresh_from_db()
    assert users.a_viewer.full_name == ""


@pytest.mark.parametrize("language", ["vi", "ar"])
def test_the_profile_page_in_each_language(client, users, language):
    client.force_login(users.a_viewer)
    page = client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'lang="{language}"' in page


def test_a_tally_approval_names_the_approver(client, tree, users):
    from antq.tallies.tests.helpers import approved_tally

    approver = named(users.p_approver, *BINH)
    tally = approved_tally(users.a_editor, approver, tree.a)
    client.force_login(users.a_editor)
    page = client.get(f"/tallies/{tally.pk}/").content.decode()
    assert BINH_LABEL in page
    assert "p_approver" not in page


def test_the_audit_log_names_the_person(client, tree, users):
    from antq.accounts.services import role_grant

    admin = named(users.admin, *BINH)
    role_grant(acting_user=admin, user=users.a_viewer, area=tree.a1, role="editor")
    client.force_login(admin)
    page = client.get("/audit/").content.decode()
    assert BINH_LABEL in page
    assert "root_admin" not in page.split('id="audit-table"', 1)[1]


def test_a_signed_report_names_the_signer():
    from antq.reports.models import FrozenReport

    signer = User(username="p_approver", rank=BINH[0], full_name=BINH[1], position=BINH[2])
    assert FrozenReport(signed_by=signer).signer_name == BINH_LABEL
