"""The portal's rate limits: exact under concurrency (file store and Redis), sliding windows,
failures counted per address and per tip code, and the warning about an unknown proxy."""

import logging
import re
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from antq.core import ratelimit
from antq.tips.tests.helpers import (
    category,
    portal_sandbox,  # noqa: F401 - autouse fixture
)

pytestmark = pytest.mark.pg

REDIS_URL = "redis://127.0.0.1:6379/6"
STORY = "Có người giả danh công an gọi điện yêu cầu chuyển tiền vào một tài khoản lạ."


def _file_cache(settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }


def _redis_cache(settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis answers at {REDIS_URL}")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }


@pytest.fixture(params=["files", "redis"])
def store(request, settings, tmp_path):
    """The default store (the file-based cache's) and Redis (skipped when none answers)."""
    if request.param == "files":
        _file_cache(settings, tmp_path)
    else:
        _redis_cache(settings)
    return request.param


def test_a_burst_passes_exactly_the_limit(store, settings):
    settings.ANTQ_PORTAL_SUBMIT_RATE = "30/600"
    subject = f"203.0.113.{secrets.randbelow(250)}-{secrets.token_hex(4)}"
    start = threading.Barrier(24)

    def one(_):
        try:
            start.wait(timeout=5)
        except threading.BrokenBarrierError:
            pass
        return ratelimit.hit("submit", subject)

    with ThreadPoolExecutor(max_workers=24) as pool:
        passed = sum(pool.map(one, range(120)))
    assert passed == 30


@pytest.fixture
def clock(monkeypatch):
    now = [600 * 1_000_000.0]
    monkeypatch.setattr(ratelimit, "_now", lambda: now[0])
    return now


def test_a_burst_across_the_window_boundary_does_not_pass_double(store, settings, clock):
    settings.ANTQ_PORTAL_SUBMIT_RATE = "10/600"
    subject = secrets.token_hex(8)
    clock[0] += 599  # the last second of a period
    assert [ratelimit.hit("submit", subject) for _ in range(12)].count(True) == 10
    clock[0] += 2  # the first second of the next
    assert [ratelimit.hit("submit", subject) for _ in range(10)].count(True) == 0
    clock[0] += 300  # half the window later, half of the previous period has left it
    assert [ratelimit.hit("submit", subject) for _ in range(10)].count(True) == 5
    clock[0] += 600
    assert [ratelimit.hit("submit", subject) for _ in range(12)].count(True) == 7


def test_counters_are_keyed_hashes_kept_no_longer_than_the_window(settings, tmp_path, clock):
    _file_cache(settings, tmp_path)
    settings.ANTQ_PORTAL_SUBMIT_RATE = "10/600"
    address = "203.0.113.77"
    assert ratelimit.hit("submit", address)
    folder = tmp_path / "ratelimit"
    files = [p for p in folder.iterdir() if not p.name.startswith(".")]
    assert len(files) == 1 and address not in files[0].name
    assert files[0].stat().st_mode & 0o077 == 0
    # purged by whatever the limiter does next, not only by another submission
    settings.ANTQ_PORTAL_FOLLOW_RATE = "5/60"
    clock[0] += 600
    assert ratelimit.allows("follow", "198.51.100.1")
    assert files[0].exists()  # still read as the previous period
    clock[0] += 600
    assert ratelimit.allows("follow", "198.51.100.1")
    assert not files[0].exists()
    assert ratelimit.hit("follow", "198.51.100.1")
    (follow,) = [p for p in folder.iterdir() if not p.name.startswith(".")]
    clock[0] += 150
    assert ratelimit.allows("submit", address)
    assert not follow.exists()


def test_redis_keys_expire_with_the_window(settings):
    _redis_cache(settings)
    import redis

    settings.ANTQ_PORTAL_SUBMIT_RATE = "10/600"
    subject = secrets.token_hex(8)
    assert ratelimit.hit("submit", subject)
    client = redis.Redis.from_url(REDIS_URL)
    keys = [k for k in client.keys("*antq:rl:submit-600-*") if 0 < client.ttl(k)]
    assert keys and all(client.ttl(k) <= 2 * 600 for k in keys)
    assert all(subject.encode() not in k for k in keys)


def _submit(client, tree):
    response = client.post(
        "/report/",
        {
            "category": category().pk,
            "area": tree.a.pk,
            "occurred_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "summary": STORY,
            "reporter_name": "",
            "reporter_contact": "",
        },
    )
    body = response.content.decode()
    return (
        re.search(r'data-tip-code="([^"]+)"', body).group(1),
        re.search(r'id="passphrase" dir="ltr">([A-Z0-9-]+)<', body).group(1),
    )


def _follow(client, code, passphrase):
    return client.post(
        "/report/follow/", {"code": code, "passphrase": passphrase}, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_the_right_passphrase_is_let_in_while_the_address_is_over_its_limit(tree, settings):
    settings.ANTQ_PORTAL_FOLLOW_RATE = "3/600"
    citizen = Client(REMOTE_ADDR="203.0.113.77")
    code, passphrase = _submit(citizen, tree)
    for _ in range(3):
        assert _follow(citizen, "TG-2026-AAAAAA", "wrong").status_code == 422
    refused = _follow(citizen, code, "AAAA-AAAA-AAAA")
    assert refused.status_code == 429
    assert "Too many attempts from your connection" in refused.content.decode()
    assert _follow(citizen, code, passphrase).status_code == 302
    assert _follow(citizen, "TG-2026-AAAAAA", "wrong").status_code == 429


def test_wrong_passphrases_for_one_code_are_limited_from_any_address(tree, settings):
    settings.ANTQ_PORTAL_TIP_GUESS_RATE = "3/3600"
    code, passphrase = _submit(Client(REMOTE_ADDR="203.0.113.77"), tree)
    for i in range(3):
        guesser = Client(REMOTE_ADDR=f"198.51.100.{i}")
        assert _follow(guesser, code.lower(), f"WRONG-{i}").status_code == 422
    # even the right passphrase waits now, and so does the reporter's own address
    refused = _follow(Client(REMOTE_ADDR="203.0.113.77"), code, passphrase)
    assert refused.status_code == 429
    assert "Too many wrong passphrases were entered for this code" in refused.content.decode()
    # other codes are not held back
    other_code, other_passphrase = _submit(Client(REMOTE_ADDR="192.0.2.1"), tree)
    assert (
        _follow(Client(REMOTE_ADDR="198.51.100.9"), other_code, other_passphrase).status_code == 302
    )


def test_an_unknown_proxy_is_warned_of_once_without_naming_an_address(
    settings, caplog, monkeypatch
):
    monkeypatch.setattr(ratelimit, "_warned_of_proxy", False)
    settings.ANTQ_TRUSTED_PROXIES = []
    caplog.set_level(logging.WARNING, logger="antq.core.ratelimit")
    factory = RequestFactory()
    plain = factory.post("/report/", REMOTE_ADDR="203.0.113.77")
    proxied = factory.post("/report/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.77")
    assert ratelimit.client_ip(plain) == "203.0.113.77"
    assert not caplog.records
    for _ in range(3):
        assert ratelimit.client_ip(proxied) == "10.0.0.5"
    warnings = [r for r in caplog.records if r.name == "antq.core.ratelimit"]
    assert len(warnings) == 1
    message = warnings[0].getMessage()
    assert "ANTQ_TRUSTED_PROXIES" in message
    assert "203.0.113.77" not in message and "10.0.0.5" not in message


def test_a_trusted_proxy_is_not_warned_of(settings, caplog, monkeypatch):
    monkeypatch.setattr(ratelimit, "_warned_of_proxy", False)
    settings.ANTQ_TRUSTED_PROXIES = ["10.0.0.0/8"]
    caplog.set_level(logging.WARNING, logger="antq.core.ratelimit")
    request = RequestFactory().post(
        "/report/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.77"
    )
    assert ratelimit.client_ip(request) == "203.0.113.77"
    assert not caplog.records
