"""What every browser journey checks on every page: accessibility (axe-core),
reflow at 320 px, no request to another host, no script error; and the small
keyboard and screenshot helpers the journeys share.

axe-core comes from the `axe-playwright-python` wheel (its bundled axe.min.js),
injected from the local file: the tests never fetch it from a CDN.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import axe_playwright_python
from playwright.sync_api import BrowserContext, Page, Route

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(
    encoding="utf-8"
)

# Pages that stand in for other sites during tests (the quick-exit target):
# they are not ours to audit.
STUB_PREFIX = "/__test__/"

VIEWPORTS = {
    # The narrowest phone WCAG 1.4.10 (Reflow) asks us to support.
    "phone": {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}

# Chromium's own traffic (safe browsing, updates, sync) would reach the internet
# on a closed network and slow every test down; see /work/shared/DESIGN.md.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def without_fragment(url: str) -> str:
    return urldefrag(url)[0]


class AccessibilityError(AssertionError):
    pass


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['summary']}")
    return "\n".join(lines)


_AXE_RUN = """async ([include, exclude]) => {
  const context = {};
  if (include) context.include = [include];
  if (exclude.length) context.exclude = exclude;
  const result = await axe.run(Object.keys(context).length ? context : document,
                               {resultTypes: ["violations"],
                                // WCAG 2.2 AA 2.5.8 (target size) is off by default in axe 4.
                                rules: {"target-size": {enabled: true}}});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
  }));
}"""


def run_axe(page: Page, *, include: str | None = None, exclude: tuple[str, ...] = ()) -> list:
    """Inject axe-core (from the local file) and return its violations.

    Page.evaluate runs through the DevTools protocol, so the site's strict
    Content-Security-Policy does not block it and need not be bypassed.
    """
    # Our own copy, even where the page has one: Wagtail's editor loads axe with
    # its content-check rules, which judge the page being edited, not the screen.
    if not page.evaluate("window.__upstanderAxe === true"):
        page.evaluate(AXE_SOURCE)
        page.evaluate("window.__upstanderAxe = true")
    return page.evaluate(_AXE_RUN, [include, list(exclude)])


def assert_accessible(
    page: Page,
    *,
    include: str | None = None,
    exclude: tuple[str, ...] = (),
    auditor: Page | None = None,
) -> None:
    """Fail on ANY axe-core violation (every rule axe enables by default:
    WCAG 2.0-2.2 A/AA and best practices, plus WCAG 2.2's target size),
    naming rule ids and targets.

    With JavaScript off axe cannot run in the page itself (its timers never
    fire), so the page's current DOM is re-rendered in `auditor`, a
    JavaScript-enabled page whose scripts are all blocked by CSP, and audited
    there with the same styles.
    """
    url = page.url
    if auditor is not None:
        violations = _audit_elsewhere(auditor, url, page.content(), include, exclude)
    else:
        violations = run_axe(page, include=include, exclude=exclude)
    if violations:
        raise AccessibilityError(_format_violations(url, violations))


def _audit_elsewhere(auditor: Page, url: str, html: str, include, exclude) -> list:
    document_url = without_fragment(url)

    def serve_snapshot(route: Route) -> None:
        if route.request.url == document_url and route.request.resource_type == "document":
            route.fulfill(
                status=200,
                body=html,
                content_type="text/html; charset=utf-8",
                # No script of the page runs: we audit what a reader without
                # JavaScript gets. axe itself is injected via the DevTools protocol.
                headers={"Content-Security-Policy": "script-src 'none'"},
            )
        else:
            route.fallback()

    auditor.route(document_url, serve_snapshot)
    try:
        auditor.goto(document_url, wait_until="load")
        return run_axe(auditor, include=include, exclude=exclude)
    finally:
        auditor.unroute(document_url, serve_snapshot)


def assert_reflows(page: Page) -> None:
    """WCAG 1.4.10: nothing scrolls sideways at 320 CSS px."""
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    scroll_width, client_width = widths
    if scroll_width > client_width + 1:
        culprits = page.evaluate(
            """(limit) => Array.from(document.querySelectorAll('body *'))
                 .filter((el) => el.getBoundingClientRect().right > limit + 1)
                 .slice(0, 8).map((el) => el.tagName.toLowerCase()
                   + (el.id ? '#' + el.id : '')
                   + (el.className && typeof el.className === 'string'
                      ? '.' + el.className.trim().split(/\\s+/).join('.') : ''))""",
            client_width,
        )
        raise AssertionError(
            f"{page.url} scrolls sideways at {client_width}px "
            f"(content is {scroll_width}px wide); widest elements: {culprits}"
        )


@dataclass
class NetworkGuard:
    """Lets a context talk to the live server only; records everything.

    Every request passes through context.route: one to any other origin is
    aborted and recorded, and the test fails at teardown. WebSockets are
    recorded too (a page opening one to another host is a third-party request).
    """

    allowed_origin: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def install(self, context: BrowserContext) -> None:
        context.route("**/*", self._handle)
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("page", self._watch_page)

    def _watch_page(self, page: Page) -> None:
        page.on("websocket", lambda ws: self._check(ws.url.replace("ws", "http", 1)))

    def _check(self, url: str) -> bool:
        scheme = urlsplit(url).scheme
        if scheme in ("data", "blob", "about"):
            return True
        if origin_of(url) == self.allowed_origin:
            return True
        self.foreign.append(url)
        return False

    def _handle(self, route: Route) -> None:
        if self._check(route.request.url):
            route.fallback()
        else:
            route.abort("blockedbyclient")


@dataclass
class PageWatch:
    """Records every document a page shows and every script error, so a
    journey cannot visit a page without auditing it."""

    pending: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("framenavigated", lambda frame: self._navigated(page, frame))
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        page.on(
            "console",
            lambda message: (
                self.errors.append(f"{page.url}: console {message.type}: {message.text}")
                if message.type == "error"
                else None
            ),
        )

    def _navigated(self, page: Page, frame) -> None:
        if frame != page.main_frame:
            return
        url = without_fragment(frame.url)
        if url.startswith("about:") or urlsplit(url).path.startswith(STUB_PREFIX):
            return
        self.pending[url] = url

    def checked(self, url: str) -> None:
        self.pending.pop(without_fragment(url), None)


def screenshot_dir() -> Path | None:
    value = os.environ.get("UPSTANDER_SCREENSHOTS")
    return Path(value) if value else None


_SAFE = re.compile(r"[^a-z0-9-]+")


def screenshot_name(journey: str, step: str, viewport: str) -> str:
    parts = [_SAFE.sub("-", part.lower()).strip("-") for part in (journey, step, viewport)]
    return "-".join(parts) + ".png"


# --- keyboard ------------------------------------------------------------------------


def active_element(page: Page) -> dict:
    """A description of the focused element (tag, text, href, name, type)."""
    return page.evaluate(
        """() => { const el = document.activeElement;
             if (!el || el === document.body) return {tag: 'body'};
             return {tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || '').trim(),
                     href: el.getAttribute('href'), name: el.getAttribute('name'),
                     type: el.getAttribute('type'), id: el.id,
                     label: el.labels && el.labels[0] ? el.labels[0].innerText.trim() : null,
                     quickExit: el.hasAttribute('data-quick-exit')}; }"""
    )


def focus_is(page: Page, selector: str) -> bool:
    return page.evaluate(
        "(sel) => !!document.activeElement && document.activeElement.matches(sel)", selector
    )


def tab_to(page: Page, selector: str, *, limit: int = 80, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the element matching `selector` has focus,
    as a keyboard user would; fail if it is never reached."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        if focus_is(page, selector):
            return active_element(page)
        seen.append(active_element(page))
    raise AssertionError(
        f"Tab never reached {selector!r} on {page.url}; focus went through "
        + ", ".join(
            f"{el.get('tag')}:{(el.get('text') or el.get('name') or '')[:30]}" for el in seen[:40]
        )
    )


def type_into(page: Page, selector: str, text: str) -> None:
    """Reach a field by Tab and type into it, keyboard only."""
    tab_to(page, selector)
    page.keyboard.type(text)


def type_rich_text(scope, name: str, text: str) -> None:
    """Type into one of the case page's rich-text editors (Wagtail's Draftail), as a lead would.

    The form field itself is a hidden input the editor keeps up to date as JSON.
    """
    field = scope.locator(f"[name='{name}']")
    editor = field.locator("xpath=..").locator("[contenteditable='true']").first
    if editor.count() == 0:
        editor = scope.locator(".Draftail-Editor [contenteditable='true']").first
    editor.wait_for(state="visible")
    editor.click()
    editor.press_sequentially(text)
    # The editor writes its JSON into the hidden field as it changes; wait until it has.
    field.page.wait_for_function(
        "([el, text]) => el.value.includes(text.slice(0, 12))",
        arg=[field.element_handle(), text],
    )
