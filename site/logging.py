"""Logging that never records who a request came from.

Rule 1 of Upstander: nothing stored or logged links a report to a person. Django
attaches the request to log records (`django.request`, AdminEmailHandler), and
its error reports include request.META with the client address and user agent.
"""

import ipaddress
import logging
import re

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


# Anything shaped like an IPv4 or IPv6 address (checked with ipaddress before it goes).
_ADDRESS_LIKE = re.compile(
    r"(?<![\w.:])(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]+)(?![\w.:])"
)
_FROM_IP = re.compile(r"(?:\s?from\s)?ip=\S*?(?=:\s|$)")
ADDRESS_REMOVED = "[address removed]"


def without_client_addresses(text: str) -> str:
    """`text` with every IP address in it replaced, and gunicorn's "from ip=…" dropped."""

    def replace(match: re.Match) -> str:
        try:
            ipaddress.ip_address(match.group(0).strip("[]"))
        except ValueError:
            return match.group(0)  # a time (12:30:01) or a port, not an address
        return ADDRESS_REMOVED

    return _ADDRESS_LIKE.sub(replace, _FROM_IP.sub("", text))


class ClientAddressFilter(logging.Filter):
    """Take client addresses out of a record's message, keeping what went wrong.

    Gunicorn writes "Invalid request from ip=203.0.113.9: …" at WARNING for every
    malformed request (gunicorn/workers/base.py, handle_error), whatever the access
    log's format, and some of its errors name the peer ("Proxy request from … not
    allowed"). The record is rewritten, not dropped: a flood of bad requests should
    still show in the log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = without_client_addresses(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
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
