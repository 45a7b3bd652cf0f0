"""The maps' base layer (/areas/map-base/): today's provinces or communes whose centre lies in a
box, public, bounded, one query per box and day and then cached, and a clear refusal of a box
that is wrong or too large."""

from datetime import date
from unittest import mock

from django.test import Client, TestCase, override_settings

from antq.areas import map_base
from antq.core.testing.factories import make_area, make_user

URL = "/areas/map-base/"


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
class MapBaseTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        country = make_area(name="Việt Nam", code="VN")
        cls.province = make_area(
            country, name="Tỉnh Quảng Trị", code="44", latitude=16.75, longitude=107.18
        )
        make_area(country, name="Thành phố Huế", code="46", latitude=16.46, longitude=107.59)
        cls.a = make_area(
            cls.province, name="Xã Hòa Bình", code="10001", latitude=16.81, longitude=107.10
        )
        make_area(
            cls.province,
            name="Phường Đông Hà",
            code="10002",
            area_type="phuong",
            latitude=16.82,
            longitude=107.09,
        )
        make_area(cls.province, name="Xã Xa", code="10003", latitude=17.60, longitude=106.40)
        make_area(
            cls.province,
            name="Xã Cũ",
            code="10004",
            latitude=16.83,
            longitude=107.11,
            valid_to=date(2025, 6, 30),
        )
        make_area(cls.a, name="Thôn 1", code="T01", latitude=16.811, longitude=107.101)
        cls.viewer = make_user(cls.a, "viewer", username="viewer")

    def setUp(self):
        from django.core.cache import cache

        cache.clear()  # this class's own memory cache

    def get(self, **params):
        return Client().get(URL, params)

    def test_communes_in_force_in_the_box_with_their_names_and_nothing_else(self):
        response = self.get(level="commune", bbox="107,16.5,107.5,17")
        assert response.status_code == 200
        data = response.json()
        assert set(data) == {"level", "box", "units", "truncated"}
        assert data["units"] == [
            ["10001", "Xã Hòa Bình", 16.81, 107.1],
            ["10002", "Phường Đông Hà", 16.82, 107.09],
        ]  # not the former commune, the village, the one outside the box, nor a province
        assert data["truncated"] is False
        assert data["box"] == [16.5, 107.0, 17.0, 107.5]
        assert response["Cache-Control"] == "public, max-age=3600"
        assert "sessionid" not in response.cookies  # public: no session, no personal data

    def test_provinces_when_zoomed_out(self):
        data = self.get(level="province", bbox="100,5,120,25").json()
        assert [u[1] for u in data["units"]] == ["Tỉnh Quảng Trị", "Thành phố Huế"]

    def test_one_query_per_box_and_day_then_the_cache(self):
        with self.assertNumQueries(1):
            first = self.get(level="commune", bbox="107,16,108,17").json()
        # a box that widens to the same grid shares the cached answer
        with self.assertNumQueries(0):
            second = self.get(level="commune", bbox="107.1,16.2,107.9,16.9").json()
        # a signed-in user gets the same: only the session's and the user's own queries
        client = Client()
        client.force_login(self.viewer)
        with self.assertNumQueries(2):
            third = client.get(URL, {"level": "commune", "bbox": "107,16,108,17"}).json()
        assert third == second
        assert first == second and len(first["units"]) == 2

    def test_answer_is_bounded(self):
        levels = dict(map_base.LEVELS)
        level, grid, widest, _limit = levels["commune"]
        levels["commune"] = (level, grid, widest, 1)
        with mock.patch.dict(map_base.LEVELS, levels):
            data = self.get(level="commune", bbox="107,16,108,17").json()
        assert data["units"] == [["10001", "Xã Hòa Bình", 16.81, 107.1]]
        assert data["truncated"] is True

    def test_a_wrong_or_too_large_box_is_refused_in_the_users_language(self):
        cases = [
            ({"level": "commune", "bbox": "a,b,c"}, "bbox", "Nhập bốn số"),
            ({"level": "commune", "bbox": "108,16,107,17"}, "bbox", "Tây phải nhỏ hơn đông"),
            ({"level": "commune", "bbox": "nan,16,107,17"}, "bbox", "Tây phải nhỏ hơn đông"),
            ({"level": "commune", "bbox": "100,10,110,20"}, "bbox", "tối đa 2 độ"),
            ({"level": "village", "bbox": "107,16,108,17"}, "level", "Chọn tỉnh hoặc xã"),
        ]
        for params, field, words in cases:
            response = Client().get(URL, params, HTTP_ACCEPT_LANGUAGE="vi")
            assert response.status_code == 400, params
            assert words in response.json()["errors"][field][0], params

    def test_a_unit_saved_shows_on_the_next_request(self):
        self.get(level="commune", bbox="107,16,108,17")  # cached
        with self.captureOnCommitCallbacks(execute=True):
            self.a.name = "Xã Hòa Bình Mới"
            self.a.save()
        names = [u[1] for u in self.get(level="commune", bbox="107,16,108,17").json()["units"]]
        assert names == ["Xã Hòa Bình Mới", "Phường Đông Hà"]


def _inside(point, ring):
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_land_around_vietnam_is_cut_to_its_box_and_small(db):
    response = Client().get("/areas/map-base/land/")
    assert response.status_code == 200
    geometry = response.json()
    assert geometry["type"] == "MultiPolygon"
    assert len(response.content) < 100_000
    west, south, east, north = map_base.LAND_BOX
    points = [p for polygon in geometry["coordinates"] for ring in polygon for p in ring]
    assert all(west <= lon <= east and south <= lat <= north for lon, lat in points)

    def on_land(lon, lat):
        return any(_inside((lon, lat), polygon[0]) for polygon in geometry["coordinates"])

    assert on_land(105.85, 21.03)  # Hà Nội
    assert on_land(106.70, 10.78)  # Thành phố Hồ Chí Minh
    assert on_land(103.97, 10.23)  # Phú Quốc, an island
    assert not on_land(111.0, 14.0)  # the East Sea
    assert not on_land(107.2, 17.5)  # the sea off Đồng Hới
    assert on_land(106.4, 17.5)  # Quảng Bình, inland
