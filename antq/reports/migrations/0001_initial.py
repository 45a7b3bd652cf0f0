# FrozenReport moves here from the indicators app: its table (indicators_frozenreport) stays as
# it is, only Django's state moves, and the content type follows so that permissions hold.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="indicators", model="frozenreport"
    ).update(app_label="reports")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="reports", model="frozenreport"
    ).update(app_label="indicators")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("areas", "0002_succession_kind_label"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("indicators", "0002_rollup"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FrozenReport",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("date_from", models.DateField(verbose_name="from date")),
                        ("date_to", models.DateField(verbose_name="to date")),
                        ("boundaries", models.CharField(choices=[("filed", "As filed (the units the records were filed under)"), ("today", "Today's units (former communes through the crosswalk)")], default="filed", max_length=10, verbose_name="boundaries")),
                        ("figures", models.JSONField(verbose_name="figures")),
                        ("signed_at", models.DateTimeField(verbose_name="signed at")),
                        ("area", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="%(app_label)s_%(class)s_set", to="areas.area", verbose_name="area")),
                        ("signed_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="signed by")),
                    ],
                    options={
                        "verbose_name": "signed report",
                        "verbose_name_plural": "signed reports",
                        "db_table": "indicators_frozenreport",
                        "ordering": ["-signed_at", "-id"],
                        "constraints": [models.UniqueConstraint(fields=("area", "date_from", "date_to", "boundaries"), name="unique_frozen_report")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
