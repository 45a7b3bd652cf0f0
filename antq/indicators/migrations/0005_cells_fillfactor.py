# The cells leave room in each page (PostgreSQL): a fold adds to cells already kept, and an
# update that changes no indexed column and finds room on its page is written beside the old
# row (a heap-only tuple), without a new entry in any of the cells' indexes (three on Cell,
# two on OwnCell). With full pages every such update moved the row and wrote every index anew.
# New pages get the room; pages already written keep theirs until the table is rewritten.

from django.db import migrations

TABLES = ("indicators_cell", "indicators_owncell")
FILLFACTOR = 70


def leave_room(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in TABLES:
            schema_editor.execute(f"ALTER TABLE {name} SET (fillfactor = {FILLFACTOR})")


def fill_pages(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in TABLES:
            schema_editor.execute(f"ALTER TABLE {name} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_pending_deltas_and_shadows"),
    ]

    operations = [migrations.RunPython(leave_room, fill_pages)]
