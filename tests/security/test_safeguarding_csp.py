"""The safeguarding back office runs no inline script, and its policy says so.

`/admin/safeguarding/` shows what pupils wrote. A pupil's words that slipped past
escaping would run there with a lead's session if the policy allowed inline
script, so these pages get script-src 'self' only. The pages must still work:
each is checked to carry no inline script or inline event handler that the
policy would block, so nothing on them silently stops working.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.triage.conftest import login, make_case, make_evidence

NON_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template", "text/html"}


class InlineScriptFinder(HTMLParser):
    """Inline <script> bodies and on* handlers: what script-src 'self' refuses to run."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._inline = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            kind = (attributes.get("type") or "").lower()
            self._inline = "src" not in attributes and kind not in NON_SCRIPT_TYPES

    def handle_data(self, data):
        if self._inline and data.strip():
            self.found.append(f"<script>{data.strip()[:80]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline = False


def script_sources(response) -> list[str]:
    for part in response["Content-Security-Policy"].split(";"):
        words = part.split()
        if words and words[0] == "script-src":
            return words[1:]
    return []


@pytest.fixture
def pages(school, lead):
    case = make_case(school=school, text="They posted my photo")
    evidence = make_evidence(
        case=case, data=b"plain text evidence", detected_type="text/plain", extension="txt"
    )
    return {
        "queue": reverse("reporting_triage:queue"),
        "queue filtered": reverse("reporting_triage:queue") + "?status=new&q=photo",
        "case": reverse("reporting_triage:case_detail", args=[case.pk]),
        "log a case": reverse("reporting_triage:case_log"),
        "raise a concern": reverse("reporting_triage:concern"),
        "audit log": reverse("reporting_triage:audit"),
        "notifications": reverse("reporting_triage:notifications"),
        "dashboard": reverse("reporting_records:dashboard"),
        "case file": reverse("reporting_records:case_file", args=[case.pk]),
        "evidence": reverse("reporting_triage:evidence_download", args=[case.pk, evidence.pk]),
    }


def test_every_safeguarding_page_forbids_inline_script_and_needs_none(pages, lead):
    client = login(lead)
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        if name != "evidence":
            assert script_sources(response) == ["'self'"], name
            finder = InlineScriptFinder()
            finder.feed(response.content.decode())
            assert finder.found == [], (name, finder.found)
    # The case page still does its job: it shows the pupil's words and its forms.
    case_page = client.get(pages["case"]).content.decode()
    assert "They posted my photo" in case_page
    assert 'name="note"' in case_page


def test_the_rest_of_the_admin_keeps_its_own_policy(client, staff_member):
    """The page editor still needs Wagtail's inline scripts; only the safeguarding area is strict."""
    client.force_login(staff_member)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "'self'" in script_sources(response)
