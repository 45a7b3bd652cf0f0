import pytest

from antq.core.text import fold


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Quảng Trị", "quang tri"),
        ("quảng trị", "quang tri"),
        ("QUANG TRI", "quang tri"),
        ("Hoà Bình", "hoa binh"),  # tone mark on the a
        ("Hòa Bình", "hoa binh"),  # tone mark on the o
        ("Đắk Lắk", "dak lak"),
        ("  Thành   phố  Huế ", "thanh pho hue"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("q", ["Quang Tri", "quảng trị", "Quảng Trị", "QUANG TRỊ", "44"])
def test_api_search_ignores_diacritics(api_client, users, q):
    data = api_client.as_user(users.admin).get("/api/v1/areas/", q=q).json()
    assert [a["name"] for a in data["items"]] == ["Tỉnh Quảng Trị"]


@pytest.mark.parametrize("q", ["Hoà Bình", "Hòa Bình", "hoa binh"])
def test_tone_mark_placement_does_not_matter(api_client, users, q):
    data = api_client.as_user(users.admin).get("/api/v1/areas/", q=q).json()
    assert [a["name"] for a in data["items"]] == ["Xã Hòa Bình"]


def test_ui_search_lists_matches_in_jurisdiction(client, users):
    client.force_login(users.a_viewer)
    body = client.get("/areas/", {"q": "thon"}).content.decode()
    assert "Thôn 1" in body
    client.force_login(users.b_editor)
    assert "Thôn 1" not in client.get("/areas/", {"q": "thon"}).content.decode()


def test_search_results_name_the_province(client, users, django_assert_max_num_queries):
    client.force_login(users.admin)
    # with the page's own reads: the session, the user, the administrator's second factor, the
    # roles, and the unread notifications of the navigation
    with django_assert_max_num_queries(9):
        body = client.get("/areas/", {"q": "hoa binh"}).content.decode()
    assert "Xã Hòa Bình" in body and "Tỉnh Quảng Trị" in body
