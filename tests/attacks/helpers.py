"""Helpers for the attack tests: a pupil's report and follow-up, and a check for live markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reporting.models import Case
from tests.builders import followup_sign_in as sign_in  # noqa: F401 - the attacks' name for it
from tests.reporting.conftest import report_data

# Script types a browser runs; anything else (application/json, text/template) is data.
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "xlink:href",
    "background",
}
SCRIPT_URL = ("javascript:", "vbscript:", "data:text/html")
# Every payload of tests/content/xss_payloads.py runs one of these when it is live.
PAYLOAD_MARKERS = ("alert(", "msgbox(", "background:red")


def live_markup(html: str) -> list[str]:
    """What in this HTML could run a payload, as a browser parses it.

    Unlike tests.content.xss_payloads.assert_no_xss this also works on Wagtail admin
    pages, which carry their own inline scripts and SVG icons: a script is a problem
    when it is executable and holds a payload, an element when it has an event
    handler, a script URL, or a style or refresh that carries one.
    """
    problems: list[str] = []

    class Checker(HTMLParser):
        script_type: str | None = None
        script_text: list[str]

        def handle_starttag(self, tag, attrs):
            attributes = {name: value or "" for name, value in attrs}
            for name, value in attrs:
                value = value or ""
                if name.startswith("on"):
                    problems.append(f"<{tag} {name}=…>")
                if name in URL_ATTRIBUTES:
                    compact = "".join(ch for ch in value if not ch.isspace()).lower()
                    if compact.startswith(SCRIPT_URL):
                        problems.append(f"<{tag} {name}={value!r}>")
                if name == "style" and "javascript" in value.lower():
                    problems.append(f"<{tag} style={value!r}>")
            refresh = attributes.get("content", "").lower() if "http-equiv" in attributes else ""
            if tag == "meta" and "javascript" in refresh:
                problems.append("<meta http-equiv> to a script URL")
            if tag == "base":
                problems.append("<base>")
            if tag in {"script", "style"}:
                self.script_type = (
                    attributes.get("type", "").lower() if tag == "script" else "style"
                )
                self.script_text = []

        def handle_data(self, data):
            if self.script_type is not None:
                self.script_text.append(data)

        def handle_endtag(self, tag):
            if tag in {"script", "style"} and self.script_type is not None:
                text = "".join(self.script_text)
                runs = self.script_type in EXECUTABLE_SCRIPT_TYPES or self.script_type == "style"
                if runs and any(marker in text for marker in PAYLOAD_MARKERS):
                    problems.append(f"<{tag}> holding {text[:60]!r}")
                self.script_type = None

    # With scripting on, a browser reads <noscript> as raw text up to the first
    # </noscript>, so markup hidden in an attribute inside it comes alive after it.
    html = re.sub(r"<noscript\b[^>]*>.*?</noscript\s*>", "", html, flags=re.S | re.I)
    checker = Checker(convert_charrefs=True)
    # An unclosed <style> or <script> runs to the end of the page: close it there.
    checker.feed(html + "</style></script>")
    checker.close()
    return problems


def assert_inert(html: str, where: str = "") -> None:
    problems = live_markup(html)
    assert not problems, (where, problems)


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", errors="replace")
    return response.content.decode("utf-8", errors="replace")


def submit_report(client, **overrides) -> tuple[Case, str, object]:
    """Send a complete report through the real form; the case, its words and the response."""
    files = overrides.pop("files", None)
    data = report_data(**overrides)
    if files:
        data["evidence"] = files
    # A sent report answers with a redirect to its one-time receipt page: follow it.
    response = client.post("/report/", data, follow=True)
    assert response.status_code == 200, body_of(response)[:2000]
    case = Case.objects.order_by("-created_at").first()
    return case, data["receipt_words"], response


def followup_token(html: str) -> str:
    return re.search(r'name="followup_token" value="([^"]+)"', html).group(1)


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
