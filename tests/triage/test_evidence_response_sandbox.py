"""Evidence opened by a lead is served so that nothing in it can run or reach anything.

A pupil's file is hostile until proven otherwise: even if a browser decided to render
it as a document (a mislabelled SVG or HTML), the response's own policy sandboxes it
(no script, no forms, no same-origin access to the admin) and lets it load nothing.
"""

import pytest
from django.urls import reverse

from .conftest import login, make_evidence

SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0].lower()] = words[1:]
    return parsed


@pytest.mark.parametrize(
    ("route", "data", "detected_type", "extension"),
    [
        ("reporting_triage:evidence", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png", "png"),
        ("reporting_triage:evidence_download", SVG_WITH_SCRIPT, "image/svg+xml", "svg"),
    ],
    ids=["photo-viewed", "svg-downloaded"],
)
def test_evidence_is_served_sandboxed_with_nothing_allowed(
    case, lead, route, data, detected_type, extension
):
    evidence = make_evidence(case=case, data=data, detected_type=detected_type, extension=extension)
    response = login(lead).get(reverse(route, args=[case.pk, evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data  # the lead gets the file itself
    policy = directives(response["Content-Security-Policy"])
    # A bare `sandbox`: no allow-scripts, allow-same-origin, allow-forms or any other.
    assert policy.get("sandbox") == []
    assert policy["default-src"] == ["'none'"]
    assert "script-src" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
