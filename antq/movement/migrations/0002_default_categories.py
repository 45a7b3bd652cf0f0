"""The default catalogue of model categories, so that it exists in every database."""

from django.db import migrations

# code, Vietnamese, English, Arabic
CATEGORIES = [
    (
        "security_self_management",
        "Tự quản về an ninh, trật tự",
        "Self-management of security and order",
        "الإدارة الذاتية للأمن والنظام",
    ),
    (
        "inter_family_self_management",
        "Liên gia tự quản",
        "Inter-family self-management",
        "الإدارة الذاتية المشتركة بين الأسر المتجاورة",
    ),
    ("security_cameras", "Camera an ninh", "Security cameras", "كاميرات المراقبة الأمنية"),
    (
        "security_lights_gates",
        "Đèn an ninh, cổng an ninh",
        "Security lights and gates",
        "الإنارة الأمنية والبوابات الأمنية",
    ),
    (
        "self_managed_road",
        "Đường tự quản về an ninh, trật tự",
        "Self-managed road for security and order",
        "طريق ذاتي الإدارة للأمن والنظام",
    ),
    ("rural_road_lighting", "Thắp sáng đường quê", "Rural road lighting", "إنارة الطرق الريفية"),
    (
        "school_gate_traffic_safety",
        "An toàn giao thông cổng trường",
        "Traffic safety at school gates",
        "السلامة المرورية عند بوابات المدارس",
    ),
    (
        "community_digital_team",
        "Tổ công nghệ số cộng đồng",
        "Community digital technology team",
        "فريق التكنولوجيا الرقمية المجتمعي",
    ),
    (
        "youth_legal_outreach",
        "Thanh niên tình nguyện tuyên truyền pháp luật",
        "Youth volunteers for legal outreach",
        "شباب متطوعون للتوعية القانونية",
    ),
    (
        "trusted_address",
        "Địa chỉ tin cậy ở cộng đồng",
        "Trusted address in the community",
        "العنوان الموثوق في المجتمع",
    ),
    (
        "boarding_house_worker_groups",
        "Tổ tự quản công nhân nhà trọ",
        "Self-managed worker groups in boarding houses",
        "مجموعات العمال ذاتية الإدارة في المساكن المؤجرة",
    ),
    (
        "crime_drug_free_commune",
        "Xã không tội phạm, ma túy",
        "Crime- and drug-free commune",
        "بلدية خالية من الجريمة والمخدرات",
    ),
    (
        "peaceful_parish_clan",
        "Giáo xứ, dòng họ bình yên",
        "Peaceful parish or clan",
        "أبرشية أو عشيرة آمنة",
    ),
    (
        "fire_safety",
        "An toàn phòng cháy, chữa cháy",
        "Fire safety (prevention and fighting)",
        "السلامة من الحرائق (الوقاية والإطفاء)",
    ),
    (
        # giảm tội phạm, tệ nạn xã hội, tai nạn giao thông; giữ người, của, phố phường/thôn xóm,
        # tình thương: the four are things to keep safe, not detentions
        "three_reductions_four_safeguards",
        "3 giảm, 4 giữ",
        "3 reductions, 4 safeguards",
        "ثلاثة تقليصات وأربع حمايات",
    ),
    ("other", "Khác", "Other", "أخرى"),
]


def add_categories(apps, schema_editor):
    ModelCategory = apps.get_model("movement", "ModelCategory")
    for i, (code, name, name_en, name_ar) in enumerate(CATEGORIES, start=1):
        ModelCategory.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "name_ar": name_ar,
                "sort_order": 990 if code == "other" else i * 10,
            },
        )


def remove_unused_categories(apps, schema_editor):
    ModelCategory = apps.get_model("movement", "ModelCategory")
    ModelCategory.objects.filter(
        code__in=[c[0] for c in CATEGORIES], models__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("movement", "0001_initial")]

    operations = [migrations.RunPython(add_categories, remove_unused_categories)]
