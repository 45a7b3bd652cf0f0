"""Abuse control without accounts: sliding-window counters, per client address and per tip code.

What is counted (settings, "count/seconds"):
- submit: every report from one address (ANTQ_PORTAL_SUBMIT_RATE);
- follow: every WRONG code or passphrase from one address (ANTQ_PORTAL_FOLLOW_RATE); a right
  one is let in even when the address is over its limit, so that a citizen behind a busy
  address can still reach their tip;
- reply: every message a signed-in reporter sends, per address (ANTQ_PORTAL_FOLLOW_RATE);
- guess: every wrong passphrase for one tip code, from any address (ANTQ_PORTAL_TIP_GUESS_RATE);
  once over, even the right passphrase waits, so that guesses spread over many addresses still
  meet a limit.

The window slides: the count of the previous period weighs in proportion to how much of it
the window still covers, so a burst at the end of one period and another at the start of the
next cannot pass twice the limit. A subject (address or code) becomes a cache key only as an
HMAC with SECRET_KEY, and a key lives until the end of the period after its own (the window
needs it that long), never longer.

Counting is atomic across threads and server processes: with Redis (ANTQ_REDIS_URL) or any
cache whose `incr` is atomic, through `add` and `incr`; with the default file-based cache, the
limiter keeps its own small files under var/ratelimit/ and reads and writes them under an
exclusive file lock, deleting those of past periods.
"""

import fcntl
import hmac
import ipaddress
import logging
import math
import os
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

SCOPES = {
    "submit": "ANTQ_PORTAL_SUBMIT_RATE",
    "follow": "ANTQ_PORTAL_FOLLOW_RATE",
    "reply": "ANTQ_PORTAL_FOLLOW_RATE",
    "guess": "ANTQ_PORTAL_TIP_GUESS_RATE",
    # staff password-reset requests (antq.accounts.views), per address and per e-mail address
    "reset_address": "ANTQ_PASSWORD_RESET_RATE",
    "reset_email": "ANTQ_PASSWORD_RESET_RATE",
}
FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache"


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


_warned_of_proxy = False


def _warn_of_unknown_proxy():
    """Once per process; the message names no address (the peer may be a citizen who sent the
    header themselves)."""
    global _warned_of_proxy
    if not _warned_of_proxy:
        _warned_of_proxy = True
        logger.warning(
            "A request arrived with X-Forwarded-For from a peer that is not in "
            "ANTQ_TRUSTED_PROXIES. If a reverse proxy is in front of antq, set "
            "ANTQ_TRUSTED_PROXIES to its address: until then every client behind it shares "
            "one rate limit, and one person can hold back everyone's reports."
        )


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or, when that is a trusted proxy, the last address in
    X-Forwarded-For that is not one of the trusted proxies (the ones before it can be forged)."""
    remote = request.META.get("REMOTE_ADDR", "")
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    networks = _networks()
    if not networks or not _is_trusted(remote, networks):
        if header:
            _warn_of_unknown_proxy()
        return remote
    forwarded = [a.strip() for a in header.split(",")]
    for address in reversed([a for a in forwarded if a]):
        if not _is_trusted(address, networks):
            return address
    return remote


def _now() -> float:
    return time.time()


class _Window:
    """The sliding window of one scope and subject at this moment."""

    def __init__(self, scope: str, subject: str):
        self.limit, self.period = parse_rate(getattr(settings, SCOPES[scope]))
        now = _now()
        self.bucket = int(now // self.period)
        # the share of the previous period still inside the window
        self.previous_weight = 1 - (now - self.bucket * self.period) / self.period
        # a bucket is read as the previous one during the next period, then is of no use
        self.ttl = max(1, math.ceil((self.bucket + 2) * self.period - now))
        digest = hmac.new(
            settings.SECRET_KEY.encode(), f"{scope}\0{subject}".encode(), "sha256"
        ).hexdigest()[:32]
        self.prefix = f"{scope}-{self.period}"
        self.name = f"{self.prefix}-{digest}"

    def key(self, bucket: int) -> str:
        return f"{self.name}-{bucket}"

    def allows(self, previous: int, current: int) -> bool:
        return previous * self.previous_weight + current <= self.limit


class _CacheStore:
    """Counters in Django's cache, where `add` and `incr` are atomic (Redis, local memory)."""

    @staticmethod
    def _key(window, bucket):
        return f"antq:rl:{window.key(bucket)}"

    def count(self, window) -> bool:
        key = self._key(window, window.bucket)
        previous = cache.get(self._key(window, window.bucket - 1), 0)
        cache.add(key, 0, timeout=window.ttl)
        try:
            current = cache.incr(key)
        except ValueError:  # gone between add and incr: only when a period elapsed in between
            cache.add(key, 1, timeout=window.ttl)
            current = 1
        if window.allows(previous, current):
            return True
        try:
            cache.decr(key)
        except ValueError:
            pass
        return False

    def peek(self, window) -> bool:
        previous = cache.get(self._key(window, window.bucket - 1), 0)
        current = cache.get(self._key(window, window.bucket), 0)
        return window.allows(previous, current + 1)


class _FileStore:
    """Counters in files under var/ratelimit/, read and written under one exclusive lock
    (flock: it excludes other processes and, opened afresh each time, other threads)."""

    # when each folder was last swept, per process (a sweep lists the folder: once a minute)
    swept = {}
    SWEEP_EVERY = 60

    @staticmethod
    def folder() -> Path:
        folder = Path(settings.VAR_DIR) / "ratelimit"
        folder.mkdir(mode=0o700, exist_ok=True)
        return folder

    @contextmanager
    def locked(self):
        folder = self.folder()
        with open(folder / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield folder
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    @staticmethod
    def _read(path: Path) -> int:
        try:
            return int(path.read_text() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def _purge(self, folder):
        """Delete the files of every scope that no window reads any more (older than the
        previous period of their own scope), whatever is counted now: a counter must not outlive
        its window because its scope was not used again."""
        now = _now()
        if now - self.swept.get(str(folder), float("-inf")) < self.SWEEP_EVERY:
            return
        self.swept[str(folder)] = now
        for path in folder.iterdir():
            # {scope}-{period}-{digest}-{bucket}
            parts = path.name.rsplit("-", 3)
            if len(parts) != 4 or not (parts[1].isdigit() and parts[3].isdigit()):
                continue
            period, bucket = int(parts[1]), int(parts[3])
            if period and bucket < int(now // period) - 1:
                path.unlink(missing_ok=True)

    def count(self, window) -> bool:
        with self.locked() as folder:
            self._purge(folder)
            previous = self._read(folder / window.key(window.bucket - 1))
            path = folder / window.key(window.bucket)
            current = self._read(path)
            if not window.allows(previous, current + 1):
                return False
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(str(current + 1))
            return True

    def peek(self, window) -> bool:
        with self.locked() as folder:
            self._purge(folder)
            previous = self._read(folder / window.key(window.bucket - 1))
            current = self._read(folder / window.key(window.bucket))
            return window.allows(previous, current + 1)


def _store():
    if settings.CACHES["default"]["BACKEND"] == FILE_CACHE:
        return _FileStore()
    return _CacheStore()


def hit(scope: str, subject: str) -> bool:
    """Count one event of `scope` for `subject` (an address or a tip code) if the window allows
    it; False, and nothing counted, once the subject is at its limit."""
    return _store().count(_Window(scope, subject))


def allows(scope: str, subject: str) -> bool:
    """Would one more event of `scope` for `subject` be within the limit? (Counts nothing.)"""
    return _store().peek(_Window(scope, subject))
