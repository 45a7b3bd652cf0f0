"""The demo's footage requests: a few tips beside a camera site whose owner agreed to be asked,
each with a request to that owner, and every answer an owner gives, through the services."""

import random

from django.utils import timezone

from antq.areas.models import Area
from antq.core import locks
from antq.tips.models import FootageRequest, TipEvent
from antq.tips.selectors import nearby_cameras
from antq_demo import cameras, tips
from antq_demo.load import SEED, DemoContext


def test_the_demo_asks_camera_owners_for_footage(tree, users):
    Area.objects.filter(pk__in=(tree.a.pk, tree.b.pk, tree.a1.pk, tree.b1.pk)).update(
        latitude=16.8163, longitude=107.1003
    )
    communes = list(Area.objects.filter(pk__in=(tree.a.pk, tree.b.pk)).order_by("code"))
    ctx = DemoContext(
        province=tree.p,
        communes=communes,
        actor=users.admin,
        rng=random.Random(SEED),
        villages={tree.a.pk: [tree.a1], tree.b.pk: [tree.b1]},
    )
    with locks.system_load():
        cameras.generate(ctx)
        tips.generate(ctx)
    requests = list(FootageRequest.objects.select_related("tip", "camera_site"))
    assert 4 <= len(requests) == ctx.created["footage requests"] <= tips.FOOTAGE_TIPS
    assert {r.outcome for r in requests} == {"agreed", "refused", "no_longer_existed", ""}
    today = timezone.localdate()
    for r in requests:
        tip, site = r.tip, r.camera_site
        assert site.footage_consent and tip.occurred_time is not None
        assert r.window_start <= tip.occurred_at <= r.window_end <= timezone.now()
        assert tip.received_on <= r.requested_on <= today
        assert r.outcome_on is None or r.requested_on <= r.outcome_on <= today
        assert site in list(nearby_cameras(users.admin, tip, 200))
        kinds = set(TipEvent.objects.filter(footage_request=r).values_list("kind", flat=True))
        assert kinds == (
            {"footage_requested", "footage_outcome"} if r.outcome else {"footage_requested"}
        )
