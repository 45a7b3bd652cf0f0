# FrozenReport now belongs to the reports app (reports/migrations/0001_initial.py): only
# Django's state forgets it here; its table stays.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_rollup"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="FrozenReport")],
            database_operations=[],
        ),
    ]
