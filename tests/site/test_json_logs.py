"""Production logs: one JSON object per line, with nobody in them.

The console handler is the one the settings configure (LOG_FORMAT=json when
DEBUG is off, as in tests); its output is captured while real requests run.
"""

from __future__ import annotations

import io
import json
import logging

import pytest

from tests.reporting.conftest import report_data

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
AGENT = "MarkerAgent/9.9 (pupil-phone)"
QUERY_MARKER = "zebracrossing"
PUPIL_WORDS = "marmalade-umbrella"


@pytest.fixture
def console_output():
    handler = next(h for h in logging.getLogger("django").handlers if h.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_request_is_logged_as_json_without_address_agent_query_or_words(
    client, school, console_output
):
    client.get(f"/nothing-here/?q={QUERY_MARKER}", REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    client.post(
        f"/report/?from={QUERY_MARKER}",
        {**report_data(what_happened=PUPIL_WORDS), "submission_token": "short"},
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
        HTTP_X_FORWARDED_FOR=ADDRESS,
    )
    output = console_output.getvalue()
    records = [json.loads(line) for line in output.splitlines()]
    not_found = [r for r in records if r["logger"] == "django.request"]
    assert not_found and not_found[0]["level"] == "WARNING"
    assert not_found[0]["message"] == "Not Found: /nothing-here/"
    assert {"time", "level", "logger", "message"} <= set(not_found[0])
    for marker in (ADDRESS, AGENT, "MarkerAgent", QUERY_MARKER, PUPIL_WORDS):
        assert marker not in output
