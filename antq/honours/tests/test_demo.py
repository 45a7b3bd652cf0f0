"""The demo activities, agreements and commendations: deterministic, idempotent, and valid by
the same rules as records entered by hand."""

from io import StringIO

from django.core.management import call_command

from antq.activities.models import Activity, CoordinationRegulation, SecuredEvent
from antq.honours.models import Commendation, CommendationStatusChange, EmulationAgreement
from antq.honours.services import check_decision


def _counts():
    return tuple(
        m.objects.count()
        for m in (
            Activity,
            SecuredEvent,
            CoordinationRegulation,
            EmulationAgreement,
            Commendation,
            CommendationStatusChange,
        )
    )


def test_demo_activities_and_honours(tree, monkeypatch):
    monkeypatch.setenv("ANTQ_DEMO_PASSWORD", "demo-pass-1")
    monkeypatch.setenv("ANTQ_ADMIN_PASSWORD", "admin-pass-1")
    call_command("createadmin", stdout=StringIO())
    call_command("demo", stdout=StringIO())
    counts = _counts()
    assert all(counts), counts
    festivals = Activity.objects.filter(kind="festival_day", area__in=(tree.a, tree.b))
    assert festivals.count() >= 2 * 4 and all(f.held_on.month == 8 for f in festivals)
    for activity in Activity.objects.all()[:400]:
        activity.full_clean()
    assert Activity.objects.filter(kind="dialogue", organisers__isnull=False).exists()
    for agreement in EmulationAgreement.objects.all():
        agreement.full_clean()
        assert agreement.organisations.count() + agreement.party_areas.count() >= 2
    statuses = set(Commendation.objects.values_list("status", flat=True))
    assert statuses == {"approved", "nominated", "rejected"}
    for commendation in Commendation.objects.select_related("area", "activity"):
        commendation.full_clean()
        if commendation.status == "approved":
            check_decision(commendation)  # no number reused with another date
    assert CommendationStatusChange.objects.count() == Commendation.objects.count()
    call_command("demo", stdout=StringIO())
    assert _counts() == counts
