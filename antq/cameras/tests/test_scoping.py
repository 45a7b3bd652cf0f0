from antq.cameras.tests.test_record_types import camera_site


def test_map_points_are_scoped(client, tree, users):
    camera_site(tree.a, "A")
    camera_site(tree.b, "B")
    client.force_login(users.a_viewer)
    data = client.get("/cameras/map/points.json").json()
    assert [c[6] for c in data["cameras"]] == ["Nhà A"]
    assert client.get("/cameras/map/points.json", {"area": tree.b.pk}).status_code == 404
    assert client.get("/cameras/map/", {"area": tree.b.pk}).status_code == 404
