"""Portal tips received before 0004 were stored to the microsecond: cut their reporters' times to
the hour, as tip_submit_public now stores them. Staff's own records keep their exact times."""

from datetime import UTC

from django.db import migrations
from django.db.models.functions import Trunc

ONLINE_PORTAL = "online_portal"  # antq.tips.choices.Channel.ONLINE_PORTAL, frozen here
RECEIVED = "received"  # antq.tips.choices.EventKind.RECEIVED


def _hour(field):
    # Truncated in UTC: in an UPDATE the database writes the truncated wall-clock time back as
    # if it were UTC (SQLite's text, PostgreSQL's session time zone), and Vietnam's offset is a
    # whole number of hours, so the UTC hour is the local hour.
    return Trunc(field, "hour", tzinfo=UTC)


def truncate_portal_times(apps, schema_editor):
    Tip = apps.get_model("tips", "Tip")
    HistoricalTip = apps.get_model("tips", "HistoricalTip")
    TipEvent = apps.get_model("tips", "TipEvent")
    TipMessage = apps.get_model("tips", "TipMessage")
    ReporterAccess = apps.get_model("portal", "ReporterAccess")
    TipAttachment = apps.get_model("portal", "TipAttachment")

    portal = Tip.objects.filter(channel=ONLINE_PORTAL).values("pk")
    Tip.objects.filter(pk__in=portal).update(
        created_at=_hour("created_at"), updated_at=_hour("updated_at")
    )
    history = HistoricalTip.objects.filter(id__in=portal)
    # every version carries the tip's receipt time; the staff's versions keep their own times
    history.update(created_at=_hour("created_at"))
    history.filter(history_user__isnull=True).update(
        history_date=_hour("history_date"), updated_at=_hour("updated_at")
    )
    TipEvent.objects.filter(tip__in=portal, kind=RECEIVED, by__isnull=True).update(
        created_at=_hour("created_at")
    )
    TipMessage.objects.filter(tip__in=portal, from_staff=False).update(at=_hour("at"))
    ReporterAccess.objects.filter(tip__in=portal).update(created_at=_hour("created_at"))
    TipAttachment.objects.filter(tip__in=portal).update(created_at=_hour("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("tips", "0005_message_order"),
        ("portal", "0002_reporter_times"),
    ]

    operations = [
        migrations.RunPython(truncate_portal_times, migrations.RunPython.noop),
    ]
