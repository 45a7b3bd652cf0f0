"""Abuse control without accounts: a fixed-window counter per client address in Django's cache
(files under var/cache, or Redis when configured).

The address is hashed before it becomes a cache key, so the cache holds no visitor's address.
With the file cache the increment is not atomic across server processes: under a burst a
client may get a request or two beyond the limit; with Redis it is exact.
"""

import hmac
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

SCOPES = {"submit": "ANTQ_PORTAL_SUBMIT_RATE", "follow": "ANTQ_PORTAL_FOLLOW_RATE"}


def parse_rate(text: str) -> tuple[int, int]:
    """'5/600' → (5, 600): at most 5 requests per 600 seconds."""
    try:
        count, seconds = (int(part) for part in str(text).split("/"))
    except ValueError:
        raise ImproperlyConfigured(f"A portal rate is 'count/seconds', not {text!r}.") from None
    if count < 1 or seconds < 1:
        raise ImproperlyConfigured(f"A portal rate needs a positive count and period: {text!r}.")
    return count, seconds


def _networks():
    return [ipaddress.ip_network(p, strict=False) for p in settings.ANTQ_TRUSTED_PROXIES]


def _is_trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or, when that is a trusted proxy, the last address in
    X-Forwarded-For that is not one of the trusted proxies (the ones before it can be forged)."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks()
    if not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([a for a in forwarded if a]):
        if not _is_trusted(address, networks):
            return address
    return remote


def hit(request, scope: str) -> bool:
    """Count one request of `scope` for the client; False once the client is over the limit."""
    limit, period = parse_rate(getattr(settings, SCOPES[scope]))
    window = int(time.time() // period)
    digest = hmac.new(
        settings.SECRET_KEY.encode(), client_ip(request).encode(), "sha256"
    ).hexdigest()
    key = f"antq:portal:{scope}:{digest[:32]}:{window}"
    cache.add(key, 0, timeout=period + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 5)
        count = 1
    return count <= limit
