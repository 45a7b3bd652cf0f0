"""The pages: list with filters, the form with its month picker, the tally's page with the
workflow and its steps, and the figures page. Returns and bulk approval: test_approval_views.py."""

from datetime import date

import pytest

from antq.tallies.models import MonthlyTally, TallyStatusChange
from antq.tallies.tests.helpers import approved_tally, make_tally, raw_tally

EN = {"Accept-Language": "en"}


def _form(tree, **fields):
    return {
        "area": tree.a.pk,
        "month": "2024-03",
        "criminal_cases_registered": "12",
        "criminal_cases_clarified": "10",
        "social_order_cases_occurred": "0",
        "social_order_cases_detected": "0",
        "criminal_groups_dismantled": "0",
        "offenders_arrested": "1",
        "drug_cases": "0",
        "drug_law_violators": "0",
        "persuaded_into_rehabilitation": "0",
        "domestic_delegations_secured": "0",
        "foreign_delegations_secured": "0",
        "events_secured": "2",
        "notes": "",
    } | fields


def test_enter_submit_approve_unapprove_in_the_pages(client, tree, users):
    client.force_login(users.a_editor)
    form = client.get("/tallies/new/", headers=EN).content.decode()
    assert 'type="month"' in form and 'name="month"' in form
    assert "names of suspects" in form  # the notes warn against names
    bad = client.post("/tallies/new/", _form(tree, criminal_cases_clarified="13"), headers=EN)
    assert bad.status_code == 422
    assert "More cases clarified than registered" in bad.content.decode()
    created = client.post("/tallies/new/", _form(tree))
    assert created.status_code == 302
    tally = MonthlyTally.objects.get()
    assert tally.month == date(2024, 3, 1)

    page = client.get(created["Location"], headers=EN).content.decode()
    assert 'data-field="criminal_cases_registered">12<' in page
    assert 'data-field="clarification_rate">83.3%<' in page
    assert 'data-field="detection_rate">—<' in page
    assert 'id="submit-form"' in page and 'id="approve-form"' not in page
    assert f"/tallies/{tally.pk}/edit/" in page and f"/tallies/{tally.pk}/delete/" in page
    edit = client.get(f"/tallies/{tally.pk}/edit/").content.decode()
    assert 'type="month" name="month" value="2024-03"' in edit
    assert client.post(f"/tallies/{tally.pk}/submit/").status_code == 302
    page = client.get(tally.get_absolute_url(), headers=EN).content.decode()
    assert 'data-status="submitted"' in page and 'id="submit-form"' not in page
    assert f"/tallies/{tally.pk}/delete/" not in page  # only drafts are deleted
    assert client.post(f"/tallies/{tally.pk}/approve/").status_code == 403

    client.force_login(users.p_approver)
    assert 'id="approve-form"' in client.get(tally.get_absolute_url()).content.decode()
    assert client.post(f"/tallies/{tally.pk}/approve/").status_code == 302
    page = client.get(tally.get_absolute_url(), headers=EN).content.decode()
    assert 'data-status="approved"' in page and 'id="unapprove-form"' in page
    assert f"/tallies/{tally.pk}/edit/" not in page
    locked = client.post(f"/tallies/{tally.pk}/edit/", _form(tree, events_secured="3"), headers=EN)
    assert locked.status_code == 422 and "locked" in locked.content.decode()

    url = f"/tallies/{tally.pk}/unapprove/"
    refused = client.post(url, {"unapprove-reason": ""}, follow=True, headers=EN)
    assert "Say why the approval is withdrawn." in refused.content.decode()
    client.post(url, {"unapprove-reason": "Rà soát lại"})
    page = client.get(tally.get_absolute_url()).content.decode()
    assert 'data-status="submitted"' in page and "Rà soát lại" in page
    assert TallyStatusChange.objects.get(step="unapprove").changed_by == users.p_approver


def test_a_submitted_tally_is_not_deleted_and_the_page_says_why(client, tree, users):
    tally = make_tally(users.a_editor, tree.a)
    client.force_login(users.a_editor)
    from antq.tallies.services import tally_submit

    tally_submit(acting_user=users.a_editor, instance=tally)
    response = client.post(f"/tallies/{tally.pk}/delete/", follow=True, headers=EN)
    assert "only a draft can be deleted" in response.content.decode()
    assert MonthlyTally.objects.exists()
    draft = make_tally(users.a_editor, tree.a, month=date(2024, 1, 1))
    assert client.get(f"/tallies/{draft.pk}/delete/").status_code == 200
    assert client.post(f"/tallies/{draft.pk}/delete/").status_code == 302
    assert not MonthlyTally.objects.filter(pk=draft.pk).exists()


def test_a_locked_tally_is_not_deleted_and_nothing_changes(client, tree, users):
    """The generic delete page: the service's refusal is a message on the tally's page, not a
    server error, and the tally and its history stay as they were."""
    tally = approved_tally(users.a_editor, users.p_approver, tree.a)
    history = tally.history.count()
    client.force_login(users.a_editor)
    response = client.post(f"/tallies/{tally.pk}/delete/", {"reason": "x"}, headers=EN)
    assert response.status_code == 302 and response["Location"] == tally.get_absolute_url()
    page = client.get(response["Location"], headers=EN).content.decode()
    assert "only a draft can be deleted" in page
    tally.refresh_from_db()
    assert tally.status == "approved" and tally.history.count() == history


def test_list_filters_by_area_month_and_status(client, tree, users):
    for m in (1, 2, 3):
        raw_tally(tree.a, date(2024, m, 1), notes=f"A-{m}")
    raw_tally(tree.b, date(2024, 2, 1), status="approved", notes="B-2")
    client.force_login(users.p_approver)

    def shown(**params):
        body = client.get("/tallies/", params).content.decode()
        return sorted(n for n in ("A-1", "A-2", "A-3", "B-2") if n in body)

    assert shown() == ["A-1", "A-2", "A-3", "B-2"]
    assert shown(area=tree.b.pk) == ["B-2"]
    assert shown(month_from="2024-02", month_to="2024-02") == ["A-2", "B-2"]
    assert shown(month_from="02/2024") == ["A-2", "A-3", "B-2"]
    assert shown(status="approved") == ["B-2"]
    page = client.get("/tallies/").content.decode()
    assert 'type="month"' in page and 'name="month_from"' in page
    assert client.get("/tallies/", {"month_from": "2024-13"}).status_code == 422
    assert 'href="/tallies/figures/"' in page  # the list leads to the figures
    assert client.get("/tallies/", {"area": tree.q.pk}).status_code == 404


def test_figures_page(client, tree, users):
    approved_tally(
        users.a_editor,
        users.p_approver,
        tree.a,
        date(2024, 1, 1),
        criminal_cases_registered=10,
        criminal_cases_clarified=9,
    )
    make_tally(users.b_editor, tree.b, date(2024, 2, 1), criminal_cases_registered=6)
    make_tally(users.b_editor, tree.b, date(2024, 5, 1), criminal_cases_registered=100)
    client.force_login(users.p_approver)
    page = client.get("/tallies/figures/", {"from": "2024-01", "to": "2024-03"}, headers=EN)
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count('type="month"') == 2
    assert 'data-field="criminal_cases_registered">16<' in body  # the province, by default
    assert 'data-field="clarification_rate">56.3%<' in body  # 9 of 16
    assert 'id="by-child"' in body and 'data-area="10001"' in body and 'data-area="10002"' in body
    approved = client.get(
        "/tallies/figures/", {"area": tree.p.pk, "approved_only": "on"}, headers=EN
    ).content.decode()
    assert 'data-field="criminal_cases_registered">10<' in approved
    commune = client.get("/tallies/figures/", {"area": tree.b.pk}).content.decode()
    assert 'data-field="criminal_cases_registered">106<' in commune
    assert 'id="by-child"' not in commune  # a commune's tallies are its own; no villages
    backwards = client.get("/tallies/figures/", {"from": "2024-05", "to": "2024-01"}, headers=EN)
    assert backwards.status_code == 422 and "ends before it begins" in backwards.content.decode()
    assert client.get("/tallies/figures/", {"area": "x"}).status_code == 404


@pytest.mark.parametrize("lang", ["vi", "en", "ar"])
def test_pages_render_in_each_language(client, tree, users, lang):
    tally = approved_tally(users.a_editor, users.p_approver, tree.a, criminal_cases_registered=2)
    client.force_login(users.p_approver)
    client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    for url in ("/tallies/", tally.get_absolute_url(), "/tallies/figures/", "/tallies/new/"):
        assert client.get(url).status_code == 200, url
    assert "/tallies/" in client.get("/").content.decode()  # the navigation links the tallies
