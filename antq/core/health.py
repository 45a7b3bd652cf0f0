"""/health/: whether this server can serve, for load balancers and monitoring (django-health-check).

It answers without signing in, so it says only which check failed and how (unavailable, a
warning, an unexpected result), never the error's text: a database error names hosts and
users. The text goes to the server's log (the `health_check` logger). 200 when every check
passes, 500 otherwise; JSON with `?format=json` or `Accept: application/json`, plain text
with `?format=text`.

The job worker (`antq worker`) is checked by its heartbeat: it is unavailable when no worker
has beaten within a minute, since queued imports then wait for ever.
"""

import dataclasses

from django.http import HttpResponse, JsonResponse
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from antq.core import jobs


@dataclasses.dataclass
class JobWorker(HealthCheck):
    """A job worker has given a heartbeat within `within_seconds` (antq.core.jobs.beat)."""

    within_seconds: int = 60

    def run(self):
        if not jobs.worker_seen_within(self.within_seconds):
            raise ServiceUnavailable("no job worker has been seen")


class HealthView(HealthCheckView):
    template_name = "core/health.html"
    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        # writes, reads and deletes a file under var/media: the data folder is writable
        "health_check.checks.Storage",
        JobWorker,
    )

    def statuses(self):
        return {
            repr(r.check): "OK" if r.error is None else r.error.message_type for r in self.results
        }

    def get_context_data(self, **kwargs):
        return {"statuses": self.statuses(), "errors": any(r.error for r in self.results)}

    def render_to_response_json(self, status):
        return JsonResponse(self.statuses(), status=status)

    def render_to_response_text(self, status):
        lines = "".join(f"{name}: {state}\n" for name, state in self.statuses().items())
        return HttpResponse(lines, content_type="text/plain; charset=utf-8", status=status)

    # The feeds would carry each error's text; they answer as plain text instead.
    def render_to_response_atom(self):
        return self.render_to_response_text(500 if any(r.error for r in self.results) else 200)

    render_to_response_rss = render_to_response_atom
