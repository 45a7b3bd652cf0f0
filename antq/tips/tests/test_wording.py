"""Words of the Vietnamese catalogue that tips share with other apps."""

from pathlib import Path

from django.utils import translation

from antq.movement.exports import MODEL_COLUMNS
from antq.tips.exports import TIP_COLUMNS

VI_CATALOGUE = Path(__file__).parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"


class _Category:
    code = "CATEGORY-CODE"


class _Record:
    code = "RECORD-CODE"
    category = _Category()


def _category_code_header(columns):
    """The header of the column that holds the record's category code."""
    for label, value in columns:
        try:
            if value(_Record()) == _Category.code:
                return str(label)
        except AttributeError:  # a column reading something else
            continue
    raise AssertionError("no category code column")


def test_the_tips_export_has_its_own_category_code():
    with translation.override("vi"):
        tips = _category_code_header(TIP_COLUMNS)
        models = _category_code_header(MODEL_COLUMNS)
    assert tips != models and "mô hình" not in tips and models == "mã loại mô hình"
    assert tips == "mã lĩnh vực"


def test_the_identity_is_called_thong_tin_nhan_than_everywhere():
    """Older strings said "danh tính" for the reporter's identity, newer ones "thông tin nhân
    thân": one word for one thing, the grant's name included."""
    from antq.accounts.models import RoleAssignment

    translations = [
        line for line in VI_CATALOGUE.read_text().splitlines() if not line.startswith("msgid")
    ]
    assert not [line for line in translations if "danh tính" in line]
    with translation.override("vi"):
        grant = str(RoleAssignment._meta.get_field("may_read_identities").verbose_name)
    assert "thông tin nhân thân" in grant
