"""Log records as JSON lines, for a server whose logs are collected and searched by machine.

One object per line: time (UTC, ISO 8601), level, logger, message, and the exception's
traceback when there is one. Nothing else from the record is copied: Django attaches the
request to some records (`django.request`), and a request carries the client's address, its
cookies and what was submitted, none of which belongs in a log.
"""

import json
import logging
from datetime import UTC, datetime


class JsonLinesFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class QuietPortalRequests(logging.Filter):
    """Drops django.request's lines for the citizens' portal's refusals (4xx: a wrong
    passphrase, a rate limit, a form error): each holds the path and the time to the second,
    which next to a tip's hour narrows down who sent it. Server errors (5xx) are still logged:
    they name no client (antq.core.privacy keeps the address out of error reports)."""

    PREFIX = "/report/"

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name != "django.request":
            return True
        request = getattr(record, "request", None)
        path = getattr(request, "path", "") or ""
        status = getattr(record, "status_code", None) or 500
        return not (path.startswith(self.PREFIX) and status < 500)
