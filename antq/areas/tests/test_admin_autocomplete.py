"""The Django admin's area search (a role's area, a user's unit) tells namesakes apart: each
unit with its level, code, parent, province and dates, as the site's own picker shows it."""

from datetime import date

from antq.core.testing.factories import make_area, make_user


def test_namesake_communes_are_told_apart_in_the_admins_area_search(client, tree):
    other = make_area(tree.q, name="Xã Hòa Bình", code="20001", valid_from=date(2025, 7, 1))
    ended = make_area(tree.p, name="Xã Hòa Bình", code="10009", valid_to=date(2025, 6, 30))
    root = make_user(None, username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "hoa binh",
            "app_label": "accounts",
            "model_name": "roleassignment",
            "field_name": "area",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    texts = {int(r["id"]): r["text"] for r in response.json()["results"]}
    assert texts[tree.a.pk] == "Xã Hòa Bình · Commune · 10001 · Tỉnh Quảng Trị"
    assert texts[other.pk] == "Xã Hòa Bình · Commune · 20001 · Thành phố Huế · from Jul 1, 2025"
    assert texts[ended.pk] == "Xã Hòa Bình · Commune · 10009 · Tỉnh Quảng Trị · until Jun 30, 2025"
    assert len(set(texts.values())) == len(texts)


def test_the_admins_area_search_is_for_superusers_only(client, tree, users):
    client.force_login(users.admin)  # an administrator at the country, not a superuser
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "hoa",
            "app_label": "accounts",
            "model_name": "roleassignment",
            "field_name": "area",
        },
    )
    assert response.status_code in (302, 403)
