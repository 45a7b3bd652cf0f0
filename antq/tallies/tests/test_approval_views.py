"""The pages of return and approval: return with a reason and what the commune then sees (its home
page, the list, the tally's page), resubmission, the steps on the tally's page, the approval of
many tallies at once, and the refusals in Vietnamese and Arabic."""

from datetime import date

import pytest
from django.utils import timezone

from antq.tallies.models import MonthlyTally
from antq.tallies.tests.helpers import commune_approver, make_tally, submitted

pytestmark = pytest.mark.rollup

EN = {"Accept-Language": "en"}


def _page(client, url, lang=EN):
    return client.get(url, headers=lang).content.decode()


def test_return_then_the_commune_sees_why_corrects_and_resubmits(client, tree, users):
    tally = submitted(users.a_editor, tree.a)
    client.force_login(users.p_approver)
    page = _page(client, tally.get_absolute_url())
    assert 'id="return-form"' in page and 'id="approve-form"' in page
    assert "Approve at the Province level" in page
    url = f"/tallies/{tally.pk}/return/"
    refused = client.post(url, {"return-reason": " "}, follow=True, headers=EN).content.decode()
    assert "Say why the tally is returned" in refused
    assert MonthlyTally.objects.get().status == "submitted"
    assert client.post(url, {"return-reason": "Thiếu số vụ ma túy"}).status_code == 302

    client.force_login(users.a_editor)
    home = _page(client, "/")
    assert 'id="card-tallies"' in home and "Thiếu số vụ ma túy" in home
    listed = _page(client, "/tallies/?status=returned")
    assert "Thiếu số vụ ma túy" in listed and "Returned for correction" in listed
    page = _page(client, tally.get_absolute_url())
    assert 'id="returned-reason"' in page and "Thiếu số vụ ma túy" in page
    assert 'id="resubmit-form"' in page and f"/tallies/{tally.pk}/edit/" in page
    assert client.post(f"/tallies/{tally.pk}/resubmit/").status_code == 302
    page = _page(client, tally.get_absolute_url())
    assert 'data-status="submitted"' in page and 'id="returned-reason"' not in page
    assert [s in page for s in ('data-step="submit"', 'data-step="return"')] == [True, True]
    assert 'data-step="resubmit"' in page
    assert "Thiếu số vụ ma túy" not in _page(client, "/")  # nothing returned any more


def test_the_commune_neither_returns_nor_approves_and_other_units_get_404(client, tree, users):
    tally = submitted(users.a_editor, tree.a)
    for user in (users.a_editor, commune_approver(tree.a)):
        client.force_login(user)
        page = _page(client, tally.get_absolute_url())
        assert 'id="return-form"' not in page and 'id="approve-form"' not in page
        assert (
            client.post(f"/tallies/{tally.pk}/return/", {"return-reason": "x"}).status_code == 403
        )
        assert client.post(f"/tallies/{tally.pk}/approve/").status_code == 403
    client.force_login(users.b_editor)
    for step in ("return", "approve", "unapprove", "resubmit"):
        assert client.post(f"/tallies/{tally.pk}/{step}/").status_code == 404, step


@pytest.mark.parametrize(
    ("lang", "text"),
    [("vi", "chưa kết thúc"), ("ar", "لم تنتهِ الفترة"), ("en", "has not ended yet")],
)
def test_approval_before_the_end_of_the_month_is_refused_in_the_users_language(
    client, tree, users, lang, text
):
    this_month = timezone.localdate().replace(day=1)
    tally = submitted(users.a_editor, tree.a, month=this_month)
    client.force_login(users.p_approver)
    headers = {"Accept-Language": lang}
    page = client.post(f"/tallies/{tally.pk}/approve/", follow=True, headers=headers)
    assert text in page.content.decode()
    assert MonthlyTally.objects.get().status == "submitted"


def test_approve_many_those_ticked_and_those_refused(client, tree, users):
    jan = submitted(users.a_editor, tree.a, month=date(2024, 1, 1))
    feb = submitted(users.a_editor, tree.a, month=date(2024, 2, 1))
    now = submitted(users.b_editor, tree.b, month=timezone.localdate().replace(day=1))
    make_tally(users.b_editor, tree.b, month=date(2024, 1, 1))  # a draft waits for nobody
    client.force_login(users.p_approver)
    page = _page(client, "/tallies/approve/")
    assert [f'id="tally-{t.pk}"' in page for t in (jan, feb, now)] == [True] * 3
    assert 'name="all"' in page and "All 3 tallies the filter finds" in page
    assert "style=" not in page and "<script>" not in page

    nothing = client.post("/tallies/approve/", {}, headers=EN)
    assert nothing.status_code == 422 and 'id="choose-error"' in nothing.content.decode()
    done = client.post("/tallies/approve/", {"tally": [jan.pk, now.pk]}, headers=EN)
    body = done.content.decode()
    assert "1 tally approved:" in body and "1 tally not approved:" in body
    assert "has not ended yet" in body
    statuses = dict(MonthlyTally.objects.values_list("pk", "status"))
    assert (statuses[jan.pk], statuses[feb.pk], statuses[now.pk]) == (
        "approved",
        "submitted",
        "submitted",
    )
    assert f'id="tally-{jan.pk}"' not in body and f'id="tally-{feb.pk}"' in body


def test_approve_all_that_the_filter_finds(client, tree, users):
    a = [submitted(users.a_editor, tree.a, month=date(2024, m, 1)) for m in (1, 2)]
    b = submitted(users.b_editor, tree.b, month=date(2024, 1, 1))
    client.force_login(users.p_approver)
    page = _page(client, f"/tallies/approve/?area={tree.a.pk}")
    assert f'id="tally-{b.pk}"' not in page and "All 2 tallies the filter finds" in page
    assert f'name="area" value="{tree.a.pk}"' in page  # the filter travels with the form
    done = client.post("/tallies/approve/", {"area": tree.a.pk, "all": "1"}, headers=EN)
    assert "2 tallies approved:" in done.content.decode()
    statuses = dict(MonthlyTally.objects.values_list("pk", "status"))
    assert [statuses[t.pk] for t in (*a, b)] == ["approved", "approved", "submitted"]


def test_approve_many_shows_nothing_to_an_editor(client, tree, users):
    tally = submitted(users.a_editor, tree.a)
    client.force_login(users.a_editor)
    page = _page(client, "/tallies/approve/")
    assert 'id="none-waiting"' in page
    client.post("/tallies/approve/", {"tally": [tally.pk], "all": "1"})
    assert MonthlyTally.objects.get().status == "submitted"


def test_intermediate_level_on_the_pages(client, tree, users, district):
    tally = submitted(district["e1"], district["c1"])
    client.force_login(users.p_approver)
    page = _page(client, tally.get_absolute_url())
    assert 'id="approve-form"' not in page and 'id="return-form"' not in page
    client.force_login(district["approver"])
    assert "Approve at the District level" in _page(client, tally.get_absolute_url())
    client.post(f"/tallies/{tally.pk}/approve/")
    page = _page(client, tally.get_absolute_url())
    assert 'data-status="accepted"' in page and 'id="unapprove-form"' in page
    client.force_login(users.p_approver)
    assert "Approve at the Province level" in _page(client, tally.get_absolute_url())
    assert f'id="tally-{tally.pk}"' in _page(client, "/tallies/approve/")


def test_children_first_on_the_page(client, tree, users, district, settings):
    settings.ANTQ_APPROVAL_CHILDREN_FIRST = True
    first = submitted(district["e1"], district["c1"])
    client.force_login(district["approver"])
    client.post(f"/tallies/{first.pk}/approve/")
    client.force_login(users.p_approver)
    page = client.post(f"/tallies/{first.pk}/approve/", follow=True, headers=EN).content.decode()
    assert "Huyện D has 1 commune whose tally for 2024-03 is not yet accepted" in page
    assert MonthlyTally.objects.get(pk=first.pk).status == "accepted"
