"""The 2021 criteria sets of the standard (Circular 124/2021/TT-BCA), the country's default
classification schemes and the new-rural criterion's sub-criteria (antq.evaluations.catalogue)."""

from django.db import migrations


def load(apps, schema_editor):
    from antq.evaluations import catalogue

    catalogue.load(apps)


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
