"""Error reports without the client's address: Django's reports (mailed to ADMINS, or written
by a logging handler) carry the request's headers, and those of a portal request would tie a
tip to its sender."""

from django.views.debug import SafeExceptionReporterFilter

# where a client's address or browser shows in a WSGI environment
CLIENT_KEYS = frozenset(
    {
        "REMOTE_ADDR",
        "REMOTE_HOST",
        "HTTP_X_FORWARDED_FOR",
        "HTTP_X_REAL_IP",
        "HTTP_FORWARDED",
        "HTTP_CLIENT_IP",
        "HTTP_TRUE_CLIENT_IP",
        "HTTP_CF_CONNECTING_IP",
        "HTTP_USER_AGENT",
        "HTTP_REFERER",
    }
)


class ClientFreeReporterFilter(SafeExceptionReporterFilter):
    """Django's filter (secrets, passwords, cookies), and the client's address and browser."""

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {
            key: self.cleansed_substitute if key in CLIENT_KEYS else value
            for key, value in meta.items()
        }
