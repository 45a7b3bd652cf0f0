import pytest

from antq.cameras.models import CameraSite

pytestmark = pytest.mark.rollup


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


def _charts(body):
    """The charts' data on the page (json_script) and the headline figures, by indicator key
    (None for a figure not reported, shown as "–")."""
    import json
    import re

    data = json.loads(
        body.split('<script id="group-charts" type="application/json">')[1].split("</script>")[0]
    )
    headline = {
        key: None if value == "–" else int(value.replace(".", ""))
        for key, value in re.findall(
            r'data-indicator="([\w.]+)">\s*<a [^>]*>\s*'
            r'<span class="fw-semibold" data-value>([\d.]+|–)</span>',
            body,
        )
    }
    return data, headline


def test_one_chart_per_group_with_the_dashboards_figures(client, tree, users):
    from datetime import date
    from decimal import Decimal

    from antq.indicators.registry import REGISTRY

    CameraSite.objects.create(
        area=tree.a,
        owner_type="commune_system",
        heads=10,
        connected=True,
        installed_on=date(2025, 3, 1),
        funding_source="socialised",
        funding_amount=Decimal("1500000"),
    )
    CameraSite.objects.create(
        area=tree.b1, owner_type="household", heads=4, installed_on=date(2024, 5, 1)
    )
    client.force_login(users.p_approver)
    response = client.get("/dashboard/", {"date_from": "2025-01-01", "date_to": "2025-12-31"})
    body = response.content.decode()
    data, headline = _charts(body)
    groups = response.context["groups"]

    # one chart a group, in the order of the cards, each in its card
    assert [c["group"] for c in data["charts"]] == [g.key for g in groups]
    assert {c["group"] for c in data["charts"]} == {ind.group for ind in REGISTRY.values()}
    for chart in data["charts"]:
        card = body.split(f'data-group="{chart["group"]}"')[1].split("</section>")[0]
        assert f'data-group-chart="{chart["group"]}"' in card
    assert data["labels"] == {"current": "Kỳ này", "previous": "Kỳ trước"}
    assert data["format"] == {"thousands": ".", "decimal": ","}

    # every listed indicator once (not the figures only a flag reads), counts and amounts apart
    # from rates; the figures the cards show
    figures = {f.key: f for g in groups for f in g.figures}
    drawn = [k for c in data["charts"] for p in c["panels"] for k in p["keys"]]
    assert sorted(drawn) == sorted(k for k, ind in REGISTRY.items() if ind.listed)
    assert "tips.open_due" not in drawn and "tips.open_due" not in body
    for chart in data["charts"]:
        for panel in chart["panels"]:
            for i, key in enumerate(panel["keys"]):
                f = figures[key]
                assert panel["names"][i] == f.name
                if panel["unit"] == "percent":
                    assert REGISTRY[key].denominator
                    assert panel["current_parts"][i] == [f.value, f.denominator]
                    assert panel["previous_parts"][i] == [f.previous, f.previous_denominator]
                    assert panel["current"][i] == (
                        None if f.rate is None else round(float(f.rate) * 100, 1)
                    )
                else:
                    assert not REGISTRY[key].denominator and panel["unit"] == REGISTRY[key].unit
                    assert [panel["current"][i], panel["previous"][i]] == [f.value, f.previous]
                # the figure the card shows: the count, or the numerator of the share
                percent = panel["unit"] == "percent"
                assert headline[key] == (
                    panel["current_parts"][i][0] if percent else panel["current"][i]
                )

    cameras = next(c for c in data["charts"] if c["group"] == "cameras")
    by_unit = {p["unit"]: p for p in cameras["panels"]}
    assert [p["unit"] for p in cameras["panels"]] == ["count", "vnd", "percent"]
    count = by_unit["count"]
    sites, heads = count["keys"].index("cameras.sites"), count["keys"].index("cameras.heads")
    # the commune's own system is not a site: the household's is the only one
    assert (count["current"][sites], count["previous"][sites]) == (1, 1)
    assert (count["current"][heads], count["previous"][heads]) == (14, 4)
    assert by_unit["vnd"]["current"] == [1500000] and by_unit["vnd"]["previous"] == [0]
    assert by_unit["percent"]["keys"] == ["cameras.connected_heads"]
    assert by_unit["percent"]["current"] == [71.4] and by_unit["percent"]["previous"] == [0.0]
    assert by_unit["percent"]["axis"] and by_unit["vnd"]["axis"]


def test_the_charts_in_arabic_are_mirrored_and_translated(client, tree, users):
    client.force_login(users.p_approver)
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    body = client.get("/dashboard/").content.decode()
    data, _headline = _charts(body)
    assert data["format"] == {"thousands": ",", "decimal": "."}  # CLDR (antq/formats)
    assert data["labels"]["current"] != "This period"
    assert body.count('data-group-chart="') == len(data["charts"])
    for chart in data["charts"]:
        group = chart["group"]
        assert f'data-group-chart="{group}" dir="ltr" data-rtl="1"' in body


def test_the_page_reads_in_a_number_of_queries_independent_of_the_groups(
    client, tree, users, monkeypatch
):
    """The charts draw the figures dashboard() computed: more groups and indicators (here on a
    record type already counted) add no query."""
    from dataclasses import replace

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from antq.indicators.registry import REGISTRY

    CameraSite.objects.create(area=tree.a, owner_type="household", heads=3)
    client.force_login(users.admin)
    # not whole months: every figure from the records, none from the rollup
    period = {"area": tree.p.pk, "date_from": "2020-01-02", "date_to": "2030-12-30"}

    def page():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/dashboard/", period)
            assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    few, body = page()
    groups = body.count('data-group-chart="')
    for i in range(5):
        for j in range(3):
            key = f"extra{i}.sites{j}"
            monkeypatch.setitem(
                REGISTRY, key, replace(REGISTRY["cameras.sites"], key=key, group=f"extra{i}")
            )
    more, body = page()
    assert body.count('data-group-chart="') == groups + 5
    data, headline = _charts(body)
    extra = next(c for c in data["charts"] if c["group"] == "extra4")
    assert (
        extra["panels"][0]["current"]
        == [1, 1, 1]
        == [headline[k] for k in extra["panels"][0]["keys"]]
    )
    assert more == few
