"""TipAttachment moved to tips (tips 0007): the portal forgets it in Django's state only; the
table stays, now the tips app's."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_reporter_times"),
        ("tips", "0007_tipattachment_from_portal"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="TipAttachment")],
            database_operations=[],
        ),
    ]
