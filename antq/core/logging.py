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
