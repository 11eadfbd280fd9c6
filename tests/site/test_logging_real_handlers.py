"""The logging the site really runs with carries nothing that identifies a client.

These go through the handlers and reporter that settings.LOGGING and
DEFAULT_EXCEPTION_REPORTER_FILTER configure, not copies of them: a test with a
handler of its own would stay green if the site's filter did nothing.
"""

import io
import logging
import sys

import pytest
from django.test import RequestFactory
from django.views.debug import technical_500_response

CLIENT = {
    "REMOTE_ADDR": "203.0.113.77",
    "HTTP_USER_AGENT": "IdentifyingBrowser/9.9 (pupil-laptop-17)",
    "HTTP_X_FORWARDED_FOR": "198.51.100.23",
    "HTTP_REFERER": "https://pupil-home.example/diary",
}


class RequestReadingFormatter(logging.Formatter):
    """Writes out the request a record carries, as structured (JSON, Sentry) formatters do."""

    def format(self, record):
        request = getattr(record, "request", None)
        meta = dict(request.META) if request is not None else {}
        return f"{super().format(record)} request_meta={meta}"


@pytest.fixture
def console_output():
    """The site's own console handler (on the "django" logger), writing into a buffer."""
    handler = next(
        h
        for h in logging.getLogger("django").handlers
        if isinstance(h, logging.StreamHandler) and h.get_name() == "console"
    )
    buffer = io.StringIO()
    # Assigned, not setStream(): that flushes the old stream, which an earlier pytest
    # session in this process (mutmut runs many) may have closed.
    old_stream, old_formatter = handler.stream, handler.formatter
    handler.stream = buffer
    handler.setFormatter(RequestReadingFormatter("%(levelname)s %(name)s %(message)s"))
    yield buffer
    handler.stream = old_stream
    handler.setFormatter(old_formatter)


@pytest.mark.django_db
def test_a_logged_request_reaches_the_console_handler_without_the_request(client, console_output):
    response = client.get("/report/no-such-page-xyz/", **CLIENT)
    assert response.status_code == 404
    logged = console_output.getvalue()
    assert "Not Found: /report/no-such-page-xyz/" in logged
    for value in CLIENT.values():
        assert value not in logged, value


def _exception_info():
    try:
        raise ZeroDivisionError("the view failed")
    except ZeroDivisionError:
        return sys.exc_info()


@pytest.mark.django_db
def test_an_error_page_for_developers_shows_no_client_address_agent_or_referrer(settings):
    """With DEBUG on (make run), Django's error page lists request.META; ours is filtered."""
    settings.DEBUG = True
    request = RequestFactory().get("/report/", **CLIENT)
    page = technical_500_response(request, *_exception_info()).content.decode()
    assert "ZeroDivisionError" in page and "the view failed" in page
    assert "SERVER_NAME" in page  # the META table is there, filtered
    for value in CLIENT.values():
        assert value not in page, value


@pytest.mark.django_db
def test_the_error_email_to_admins_shows_no_client_address_agent_or_referrer(settings, mailoutbox):
    settings.ADMINS = [("Admin", "admin@school.example")]
    request = RequestFactory().get("/report/", **CLIENT)
    # What django.core.handlers.exception does for an unhandled error (log_response).
    logging.getLogger("django.request").error(
        "Internal Server Error: %s",
        request.path,
        exc_info=_exception_info(),
        extra={"status_code": 500, "request": request},
    )
    (email,) = mailoutbox
    assert "Internal Server Error: /report/" in email.subject + email.body
    assert "ZeroDivisionError" in email.body
    for value in CLIENT.values():
        assert value not in email.subject + email.body, value
