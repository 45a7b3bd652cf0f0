"""gunicorn's configuration for antq (`gunicorn -c antq/gunicorn_conf.py antq.wsgi`).

Its logs must not tie a citizen to a tip. The access log keeps what an operator needs (time,
request line, status, size, duration) without the client's address, user agent or referrer,
and has no line at all for the public portal (/report/): a line per submission, in order,
would give each tip (numbered in the same order) its exact time, to be matched with any log
that does hold addresses. The error log's messages are stripped of IP addresses (gunicorn
names the client of a malformed request).
"""

import ipaddress
import logging
import re

from gunicorn import glogging

accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'
logger_class = "antq.gunicorn_conf.PrivateLogger"

PORTAL_PREFIX = "/report/"
CANDIDATE = re.compile(r"[0-9A-Fa-f:.]{3,}")


def _address_or_text(match):
    token = match.group(0)
    core = token.rstrip(":.")
    try:
        ipaddress.ip_address(core)
    except ValueError:
        return token
    return "[address]" + token[len(core) :]


def scrub(text: str) -> str:
    """`text` with every IPv4 or IPv6 address in it replaced."""
    return CANDIDATE.sub(_address_or_text, text)


class _ScrubAddresses(logging.Filter):
    def filter(self, record):
        record.msg = scrub(record.getMessage())
        record.args = None
        return True


class PrivateLogger(glogging.Logger):
    """gunicorn's logger without client addresses, and without access lines for the portal."""

    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(_ScrubAddresses())

    def access(self, resp, req, environ, request_time):
        path = environ.get("PATH_INFO") or ""
        if path == PORTAL_PREFIX.rstrip("/") or path.startswith(PORTAL_PREFIX):
            return
        super().access(resp, req, environ, request_time)
