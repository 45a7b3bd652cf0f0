from antq.areas.models import Area, AreaSuccession


def test_administrator_adds_a_former_commune_and_its_successor_in_the_ui(client, tree, users):
    client.force_login(users.admin)
    page = client.get(f"/areas/{tree.p.pk}/")
    assert f"/areas/{tree.p.pk}/units/" in page.content.decode()
    response = client.post(
        f"/areas/{tree.p.pk}/units/",
        {
            "level": 3,
            "area_type": "xa",
            "code": "09001",
            "name": "Xã Cũ",
            "valid_from": "2004-01-01",
            "valid_to": "2019-12-31",
        },
    )
    assert response.status_code == 302
    old = Area.objects.get(code="09001")
    response = client.post(
        f"/areas/{old.pk}/successions/",
        {
            "successor": tree.a.pk,
            "kind": "merged",
            "is_default": "on",
            "effective_on": "2020-01-01",
        },
    )
    assert response.status_code == 302
    assert AreaSuccession.objects.get(predecessor=old).successor == tree.a
    body = client.get(f"/areas/{tree.a.pk}/").content.decode()
    assert "Xã Cũ" in body  # "formed from"


def test_unit_form_rejects_bad_dates_and_types(client, tree, users):
    client.force_login(users.admin)
    response = client.post(
        f"/areas/{tree.p.pk}/units/",
        {
            "level": 3,
            "area_type": "thon",
            "code": "09002",
            "name": "X",
            "valid_from": "2020-01-01",
            "valid_to": "2019-01-01",
        },
    )
    assert response.status_code == 422
    assert not Area.objects.filter(code="09002").exists()
    response = client.post(
        f"/areas/{tree.p.pk}/units/",
        {
            "level": 3,
            "area_type": "xa",
            "code": "09002",
            "name": "X",
            "valid_from": "2024-02-31",
        },
    )
    assert response.status_code == 422


def test_only_administrators_see_and_use_the_forms(client, tree, users):
    client.force_login(users.p_approver)
    assert "/units/" not in client.get(f"/areas/{tree.p.pk}/").content.decode()
    assert client.get(f"/areas/{tree.p.pk}/units/").status_code == 403
    assert (
        client.post(
            f"/areas/{tree.a.pk}/successions/", {"successor": tree.b.pk, "kind": "merged"}
        ).status_code
        == 403
    )
    assert not AreaSuccession.objects.exists()


def test_successor_must_be_in_the_administrators_jurisdiction(client, tree, users):
    from antq.core.testing.factories import make_user

    p_admin = make_user(tree.p, "administrator", username="p_admin")
    client.force_login(p_admin)
    response = client.post(
        f"/areas/{tree.a.pk}/successions/", {"successor": tree.q.pk, "kind": "merged"}
    )
    assert response.status_code == 422
    assert not AreaSuccession.objects.exists()


def test_area_picker_offers_only_areas_with_the_right(client, tree, users):
    client.force_login(users.a_editor)
    body = client.get(
        "/areas/", {"q": "o", "pick": "change", "for": "id_area"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Xã Hòa Bình" in body and "Phường Đông Hà" not in body
    body = client.get(
        "/areas/",
        {"q": "o", "pick": "administer", "for": "id_area"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "Xã Hòa Bình" not in body


def test_child_list_query_count_is_flat(client, tree, users, django_assert_max_num_queries):
    from antq.core.testing.factories import make_area

    client.force_login(users.admin)
    with django_assert_max_num_queries(20) as first:
        client.get(f"/areas/{tree.p.pk}/")
    for i in range(15):
        make_area(tree.p, name=f"Xã {i}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(f"/areas/{tree.p.pk}/")
