from antq.cameras.models import CameraSite


def test_dashboard_figures_ranking_and_drill_down(client, tree, users):
    CameraSite.objects.create(area=tree.a, owner_type="commune_system", heads=32, connected=True)
    CameraSite.objects.create(area=tree.b1, owner_type="household", heads=4)
    client.force_login(users.p_approver)
    body = client.get(
        "/dashboard/", {"date_from": "2020-01-01", "date_to": "2030-12-31", "rank": "cameras.heads"}
    ).content.decode()
    assert 'data-indicator="cameras.heads"' in body
    heads = body.split('data-indicator="cameras.heads"')[1]
    assert '<span class="fw-semibold" data-value>36</span>' in heads
    table = body.split('id="ranked-children"')[1]
    assert table.index("Xã Hòa Bình") < table.index("Phường Đông Hà")  # 32 heads before 4
    assert f"?area={tree.a.pk}&amp;" in table  # drill down to the commune


def test_dashboard_is_scoped_and_validates(client, tree, users):
    client.force_login(users.a_viewer)
    assert client.get("/dashboard/", {"area": tree.b.pk}).status_code == 404
    response = client.get("/dashboard/", {"date_from": "2025-12-31", "date_to": "2025-01-01"})
    assert response.status_code == 422
    assert client.get("/dashboard/", {"date_from": "2024-02-31"}).status_code == 422
    assert client.get("/dashboard/", {"rank": "no.such"}).status_code == 422


def test_dashboard_in_arabic_is_rtl(client, tree, users):
    client.force_login(users.p_approver)
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    body = client.get("/dashboard/").content.decode()
    assert 'dir="rtl"' in body and 'data-rtl="1"' in body


def test_breadcrumbs_link_only_within_the_jurisdiction(client, tree, users):
    client.force_login(users.a_viewer)
    body = client.get("/dashboard/", {"area": tree.a.pk}).content.decode()
    crumbs = body.split('<ol class="breadcrumb')[1].split("</ol>")[0]
    assert "Tỉnh Quảng Trị" in crumbs and "Việt Nam" in crumbs  # the address, as text
    assert f"?area={tree.p.pk}&" not in crumbs and f"?area={tree.country.pk}&" not in crumbs
    client.force_login(users.p_approver)
    body = client.get("/dashboard/", {"area": tree.a.pk}).content.decode()
    crumbs = body.split('<ol class="breadcrumb')[1].split("</ol>")[0]
    assert f"?area={tree.p.pk}&amp;" in crumbs and f"?area={tree.country.pk}&" not in crumbs


def test_the_page_reads_in_a_number_of_queries_independent_of_the_units(client, tree, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from antq.core.testing.factories import make_area

    client.force_login(users.admin)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/dashboard/", {"area": tree.p.pk}).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for _ in range(10):
        commune = make_area(tree.p)
        make_area(commune)
        CameraSite.objects.create(area=commune, owner_type="household", heads=2)
    assert queries() == few
