"""Units read as Vietnamese writes them: names' type words, and units counted as nouns."""

from django.utils import translation

from antq.areas.choices import AreaLevel, counted_units
from antq.areas.loaders import Unit, tidy_name


def test_type_words_are_written_with_one_capital():
    assert tidy_name("Thành Phố Đồng Hới") == "Thành phố Đồng Hới"
    assert tidy_name("Thị Trấn Ái Tử") == "Thị trấn Ái Tử"
    assert tidy_name("Thị Xã Buôn Hồ") == "Thị xã Buôn Hồ"
    assert tidy_name("Xã Thành Phố") == "Xã Thành Phố"  # a place's own name is left alone
    assert Unit(3, "1", "Thành Phố Bắc Kạn", "thanh_pho", None).name == "Thành phố Bắc Kạn"


def test_units_are_counted_as_nouns_not_as_level_names():
    with translation.override("vi"):
        assert counted_units(AreaLevel.VILLAGE, 12) == "12 thôn, tổ dân phố"
        assert counted_units(AreaLevel.COMMUNE, 1228) == "1.228 xã, phường"
    with translation.override("en"):
        assert counted_units(AreaLevel.VILLAGE, 1) == "1 village or residential group"
        assert counted_units(AreaLevel.PROVINCE, 34) == "34 provinces and centrally-run cities"
    with translation.override("ar"):
        assert "12" in counted_units(AreaLevel.VILLAGE, 12)
