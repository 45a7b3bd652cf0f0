"""The demo step: registrations, assessments, classifications with plans for the weak units, the
rural criterion and hotspots for 2024 and 2025, once, deterministic and coherent."""

from io import StringIO

from django.core.management import call_command

from antq.evaluations.choices import MovementClass
from antq.evaluations.models import (
    Answer,
    Assessment,
    Classification,
    ImprovementPlan,
    Registration,
    RuralAssessment,
)
from antq.hotspots.models import Hotspot


def _counts():
    return tuple(
        m.objects.count()
        for m in (
            Registration,
            Assessment,
            Answer,
            Classification,
            ImprovementPlan,
            RuralAssessment,
            Hotspot,
        )
    )


def test_the_demo_evaluations(tree, monkeypatch):
    monkeypatch.setenv("ANTQ_DEMO_PASSWORD", "demo-pass-1")
    monkeypatch.setenv("ANTQ_ADMIN_PASSWORD", "admin-pass-1")
    call_command("createadmin", stdout=StringIO())
    call_command("demo", stdout=StringIO())
    subjects = Registration.objects.filter(year=2024).count()
    assert subjects == Registration.objects.filter(year=2025).count() > 10
    assert Assessment.objects.filter(year=2024).count() == subjects
    # the first commune's 2025 is left for a walk through the evaluation page
    assert (
        not Assessment.objects.filter(year=2025, area__path__startswith=tree.b.path).exists()
        or not Assessment.objects.filter(year=2025, area__path__startswith=tree.a.path).exists()
    )
    assert not Assessment.objects.filter(
        year=2024, organisation__org_type="enterprise", meets_standard=False
    ).exists()
    for a in Assessment.objects.filter(meets_standard=True):
        assert a.status == "recognised" and a.decision.decided_on >= a.assessed_on
        assert a.window_start <= a.assessed_on <= a.window_end
    for a in Assessment.objects.filter(meets_standard=False).prefetch_related("answers"):
        assert a.status == "assessed" and any(x.met is False for x in a.answers.all())
    for c in Classification.objects.all():
        assert c.movement_class == c.scheme.class_for(c.points)
        assert c.points == sum(s.points for s in c.scores.all())
    weak = Classification.objects.filter(movement_class=MovementClass.WEAK)
    assert ImprovementPlan.objects.count() == weak.count()
    assert RuralAssessment.objects.filter(area=tree.b).count() == 0  # a ward
    counts = _counts()
    call_command("demo", stdout=StringIO())
    assert counts == _counts()
