"""Browser journeys: Debian's Chromium driven by Playwright against a live server.

One browser for the whole session; a fresh context (cookies, storage) per test,
at a phone (320 px) or desktop viewport, with JavaScript on or off. Every
context only reaches the live server (NetworkGuard), and every page a journey
shows must be audited with axe-core before the test ends (PageWatch), so a
journey cannot pass by skipping the checks.

The live server needs real transactions, which flush the database after each
test, data made by migrations included (groups, the root page, the default
Site): journeys use serialized_rollback so that data is restored before each one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from .helpers import (
    VIEWPORTS,
    NetworkGuard,
    PageWatch,
    assert_accessible,
    assert_reflows,
    screenshot_dir,
    screenshot_name,
)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Applied by every journey module: a browser test, on a live server, with
# migration data restored before it runs.
JOURNEY_MARKS = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="session")
def live_server(request) -> Iterator[LiveServer]:
    """pytest-django's live server, bound to 127.0.0.1 rather than "localhost":
    the demo's second school is the Wagtail Site for hostname "localhost", and the
    journeys are about the main demo school (the default Site)."""
    server = LiveServer(os.environ.get("UPSTANDER_BROWSER_ADDRESS", "127.0.0.1:0"))
    yield server
    server.stop()


@pytest.fixture(params=["phone", "desktop"])
def viewport(request) -> str:
    """Every journey runs at 320 px and at a desktop width."""
    return request.param


@pytest.fixture
def javascript(request) -> bool:
    """JavaScript is on unless a test parametrizes this fixture indirectly with False."""
    return getattr(request, "param", True)


@pytest.fixture
def live_site(live_server) -> str:
    """The live server's base URL, with clean caches (rate-limit counters,
    cached pages) so one journey's reports do not throttle the next."""
    for cache in caches.all():
        cache.clear()
    return live_server.url


class Journey:
    """One person's browser session: a page plus the checks every page gets.

    `check()` audits the current page (axe-core, reflow at 320 px) and must be
    called on every page shown; `snap(step)` saves a screenshot when
    UPSTANDER_SCREENSHOTS is set.
    """

    def __init__(self, *, browser: Browser, base_url: str, viewport: str, javascript: bool):
        self.browser = browser
        self.base_url = base_url.rstrip("/")
        self.viewport = viewport
        self.javascript = javascript
        self.name = "journey"
        self.guard = NetworkGuard(allowed_origin=self.base_url)
        self.watch = PageWatch()
        self.contexts = []
        self.findings: list[str] = []
        self._javascript_of = {}
        self.page = self.new_page()
        self._auditor: Page | None = None

    # --- pages and contexts ------------------------------------------------------
    def new_context(self, *, javascript: bool | None = None):
        javascript = self.javascript if javascript is None else javascript
        context = self.browser.new_context(
            base_url=self.base_url,
            java_script_enabled=javascript,
            locale="en-GB",
            timezone_id="Europe/London",
            reduced_motion="reduce",
            **VIEWPORTS[self.viewport],
        )
        context.set_default_timeout(15_000)
        context.set_default_navigation_timeout(20_000)
        self.guard.install(context)
        self.contexts.append(context)
        self._javascript_of[id(context)] = javascript
        return context

    def new_page(self, *, javascript: bool | None = None) -> Page:
        """A page in a fresh context: another person, with their own cookies."""
        page = self.new_context(javascript=javascript).new_page()
        self.watch.attach(page)
        # Intercept file pickers from the start: Playwright turns interception on
        # asynchronously, so a listener added just before a key press can miss it.
        page.on("filechooser", lambda chooser: None)
        return page

    @property
    def auditor(self) -> Page:
        # A JavaScript-enabled page that re-renders a JS-off page's DOM for axe.
        if self._auditor is None:
            self._auditor = self.new_context(javascript=True).new_page()
        return self._auditor

    def close(self):
        for context in self.contexts:
            context.close()

    # --- checks -----------------------------------------------------------------
    def goto(self, path: str, *, page: Page | None = None, status: int = 200, **check_options):
        page = page or self.page
        response = page.goto(path)
        assert response is not None, f"no response for {path}"
        assert response.status == status, f"{path} answered {response.status}, expected {status}"
        self.check(page=page, **check_options)
        return response

    def check(
        self,
        *,
        page: Page | None = None,
        include: str | None = None,
        exclude: tuple[str, ...] = (),
    ) -> None:
        """Audit the page now on screen: zero axe-core violations, no sideways scroll."""
        page = page or self.page
        page.wait_for_load_state("load")
        javascript_on = self._javascript_of.get(id(page.context), True)
        # Findings are collected and fail the test at its end, all listed together,
        # so one run shows every page's problems rather than the first one only.
        try:
            assert_accessible(
                page,
                include=include,
                exclude=exclude,
                auditor=None if javascript_on else self.auditor,
            )
        except AssertionError as finding:
            self.findings.append(str(finding))
        try:
            assert_reflows(page)
        except AssertionError as finding:
            self.findings.append(str(finding))
        self.watch.checked(page.url)

    def snap(self, step: str, *, page: Page | None = None) -> None:
        folder = screenshot_dir()
        if folder is None:
            return
        folder.mkdir(parents=True, exist_ok=True)
        page = page or self.page
        page.screenshot(
            path=str(folder / screenshot_name(self.name, step, self.viewport)),
            full_page=True,
            animations="disabled",
            caret="hide",
        )

    def finish(self) -> None:
        """What every journey promises, checked once it is over."""
        problems = list(self.findings)
        if self.guard.foreign:
            problems.append(
                "requests left for another host: " + ", ".join(sorted(set(self.guard.foreign)))
            )
        if self.watch.pending:
            problems.append(
                "pages shown but never audited with check(): "
                + ", ".join(sorted(self.watch.pending))
            )
        if self.watch.errors:
            problems.append("script errors: " + " | ".join(self.watch.errors[:10]))
        if problems:
            pytest.fail("\n\n".join(problems), pytrace=False)


@pytest.fixture
def journey(request, chromium, live_site, viewport, javascript) -> Iterator[Journey]:
    person = Journey(browser=chromium, base_url=live_site, viewport=viewport, javascript=javascript)
    module = request.module.__name__.rsplit(".", 1)[-1]
    person.name = module.removeprefix("test_journey_").replace("_", "-") + (
        "" if javascript else "-nojs"
    )
    try:
        yield person
    finally:
        person.close()


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    """A journey that ran to its end is then held to what every journey promises
    (Journey.finish), inside the test's own call so a failure is a test failure
    (and an xfail can name it) rather than a teardown error."""
    result = yield
    person = pyfuncitem.funcargs.get("journey")
    if isinstance(person, Journey):
        person.finish()
    return result


@pytest.fixture
def demo(live_site):
    """The demo schools from `manage.py seed_demo` (pages, snippets, media, demo
    accounts). Every demo account gets the tests' known password (the command
    sets random ones when DEBUG is off, as here); the lead leads the main
    school and, like the admin, has the demo authenticator (a known TOTP key).

    Seeding publishes dozens of pages (revisions, search and reference indexes)
    and takes most of a minute, far longer than most journeys; run for each of
    them it alone would overrun CI's budget. So the first journey seeds for real
    and the database it leaves is kept; every later journey gets exactly that
    database back (see _DemoSnapshot). Media and evidence files stay on disk for
    the whole session, so the restored rows point at files that exist.
    """
    from django.contrib.auth import get_user_model

    _DEMO.restore_or_seed()
    return {user.username: user for user in get_user_model().objects.all()}


class _DemoSnapshot:
    """The seeded demo database, serialized once per session and per database
    the way Django's serialized_rollback does it, and restored the same way."""

    def __init__(self):
        self.data: dict[str, str] = {}

    def restore_or_seed(self) -> None:
        from django.db import DEFAULT_DB_ALIAS, connections

        connection = connections[DEFAULT_DB_ALIAS]
        key = f"{connection.vendor}:{connection.settings_dict['NAME']}"
        if key in self.data:
            self._restore(connection, self.data[key])
        else:
            _seed_demo()
            self.data[key] = connection.creation.serialize_db_to_string()

    @staticmethod
    def _restore(connection, data: str) -> None:
        from django.apps import apps
        from django.core.management import call_command
        from django.core.management.color import no_style

        # The journey starts from the migrations' data (serialized_rollback), part
        # of which seed_demo changed or deleted (the welcome page): empty the
        # tables as a test's teardown does, without post_migrate (which would
        # recreate content types and empty the cache that tests/conftest.py's
        # warm_content_type_cache filled), then load the seeded database.
        call_command(
            "flush",
            verbosity=0,
            interactive=False,
            database=connection.alias,
            reset_sequences=False,
            inhibit_post_migrate=True,
        )
        connection.creation.deserialize_db_from_string(data)
        # The rows come back with their ids: move sequences past them, as loaddata does.
        statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


_DEMO = _DemoSnapshot()


def _seed_demo() -> None:
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from wagtail.models import Site

    from reporting.models import SafeguardingLead
    from tests.builders import TEST_PASSWORD
    from tests.security.helpers import DEMO_KEY_HEX
    from upstander.staff_auth import otp_demo_device

    call_command("seed_demo", stdout=StringIO(), stderr=StringIO())
    users = {}
    for user in get_user_model().objects.all():
        user.set_password(TEST_PASSWORD)
        user.save(update_fields=["password"])
        users[user.username] = user
    school = Site.objects.get(is_default_site=True)
    SafeguardingLead.objects.get_or_create(user=users["lead"], school=school)
    for username in ("lead", "admin"):
        otp_demo_device(users[username], DEMO_KEY_HEX)


# Journeys that do not pass yet, each with what is wrong. Non-strict: they are
# reported as xfail/xpass in every run, so none is silently forgotten.
KNOWN_FAILURES: dict[str, str] = {}


def pytest_collection_modifyitems(config, items):
    for item in items:
        for name, reason in KNOWN_FAILURES.items():
            if item.name == name or item.originalname == name:
                item.add_marker(pytest.mark.xfail(strict=False, reason=reason))
