"""Logging that never records who a request came from.

Rule 1 of Upstander: nothing stored or logged links a report to a person. Django
attaches the request to log records (`django.request`, AdminEmailHandler), and
its error reports include request.META with the client address and user agent.
"""

import logging

from django.views.debug import SafeExceptionReporterFilter

# Request headers and META keys that identify or locate a client.
IDENTIFYING_META_KEYS = frozenset(
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
        "HTTP_COOKIE",
        "HTTP_SEC_CH_UA",
        "HTTP_SEC_CH_UA_PLATFORM",
        "HTTP_SEC_CH_UA_MOBILE",
    }
)


class StripRequestFilter(logging.Filter):
    """Remove the request (and so its META) from every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        return True


class AnonymousExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports (debug pages, admin emails) without identifying headers.

    POST parameters of report views are hidden by `sensitive_post_parameters`.
    """

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {
            key: value
            for key, value in meta.items()
            if key not in IDENTIFYING_META_KEYS and not key.startswith("HTTP_X_")
        }
