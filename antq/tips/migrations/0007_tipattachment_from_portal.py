"""TipAttachment moves from the portal app to tips. Only Django's state moves: the table keeps
its name (portal_tipattachment) and its rows, and the foreign key of IdentityReveal points at the
same table as before. The content type is renamed, so that what refers to it stays valid."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def rename_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="tips", model="tipattachment").exists():
        ContentType.objects.filter(app_label="portal", model="tipattachment").update(
            app_label="tips"
        )


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="portal", model="tipattachment").exists():
        ContentType.objects.filter(app_label="tips", model="tipattachment").update(
            app_label="portal"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0002_reporter_times"),
        ("tips", "0006_portal_times_to_the_hour"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TipAttachment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "stored_name",
                            models.CharField(
                                editable=False,
                                max_length=64,
                                unique=True,
                                verbose_name="stored name",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("jpeg", "JPEG"), ("png", "PNG"), ("pdf", "PDF")],
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        ("size", models.PositiveIntegerField(verbose_name="size in bytes")),
                        (
                            "sha256",
                            models.CharField(
                                max_length=64, verbose_name="SHA-256 of the original file"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now,
                                editable=False,
                                verbose_name="received at",
                            ),
                        ),
                        (
                            "tip",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attachments",
                                to="tips.tip",
                                verbose_name="tip",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "tip attachment",
                        "verbose_name_plural": "tip attachments",
                        "db_table": "portal_tipattachment",
                        "ordering": ["id"],
                    },
                ),
                migrations.AlterField(
                    model_name="identityreveal",
                    name="attachment",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Empty when the name and contact were read.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="openings",
                        to="tips.tipattachment",
                        verbose_name="attachment opened",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_type, restore_content_type),
    ]
