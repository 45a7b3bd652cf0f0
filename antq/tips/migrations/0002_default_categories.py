"""The default catalogue of tip categories, so that it exists in every database."""

from django.db import migrations

# code, Vietnamese, English, Arabic
CATEGORIES = [
    ("theft", "Trộm cắp tài sản", "Theft", "السرقة"),
    ("robbery", "Cướp, cướp giật tài sản", "Robbery and snatching", "السرقة بالإكراه والخطف"),
    (
        "fraud",
        "Lừa đảo (kể cả lừa đảo trên không gian mạng)",
        "Fraud (including online fraud)",
        "الاحتيال (بما في ذلك الاحتيال عبر الإنترنت)",
    ),
    ("drugs", "Ma túy", "Drugs", "المخدرات"),
    ("gambling", "Cờ bạc", "Gambling", "القمار"),
    ("violence", "Bạo lực, cố ý gây thương tích", "Violence and assault", "العنف والاعتداء"),
    ("fire_risk", "Nguy cơ cháy, nổ", "Fire and explosion risk", "خطر الحريق والانفجار"),
    ("traffic", "Trật tự, an toàn giao thông", "Traffic order and safety", "النظام والسلامة المرورية"),
    (
        "public_disorder",
        "Gây rối trật tự công cộng",
        "Public disorder",
        "الإخلال بالنظام العام",
    ),
    ("other", "Khác", "Other", "أخرى"),
]


def add_categories(apps, schema_editor):
    TipCategory = apps.get_model("tips", "TipCategory")
    for i, (code, name, name_en, name_ar) in enumerate(CATEGORIES, start=1):
        TipCategory.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "name_ar": name_ar,
                "sort_order": 990 if code == "other" else i * 10,
            },
        )


def remove_unused_categories(apps, schema_editor):
    TipCategory = apps.get_model("tips", "TipCategory")
    TipCategory.objects.filter(code__in=[c[0] for c in CATEGORIES], tips__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("tips", "0001_initial")]

    operations = [migrations.RunPython(add_categories, remove_unused_categories)]
