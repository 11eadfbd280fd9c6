"""Shared fixtures: schools and users in each role. Area-specific fixtures live
in the conftest.py of their own test folder."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import sync_playwright
from wagtail.models import Page, Site

from tests.browser.helpers import CHROMIUM_ARGS
from tests.builders import make_lead, make_user
from tests.clock import clock  # noqa: F401 - a fixture for every test (rate-limit time)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


# One Playwright runtime and one Chromium for every browser test (journeys and
# themes): Playwright's sync API cannot start twice in one process.
@pytest.fixture(scope="session")
def pw_runtime():
    if not Path(CHROMIUM).exists():
        # Never skip silently: a missing browser must fail the run (scripts/ensure-chromium).
        pytest.fail(f"Chromium not found at {CHROMIUM}; run ./scripts/ensure-chromium")
    # Playwright's sync API runs an asyncio loop in this thread, which makes
    # Django refuse database calls from the test ("async context") although they
    # are plain synchronous calls between browser steps.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    runtime = sync_playwright().start()
    try:
        yield runtime
    finally:
        runtime.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def chromium(pw_runtime):
    browser = pw_runtime.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with no cached pages and no rate-limit counters from another."""
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
    yield


@pytest.fixture
def school(db) -> Site:
    """The default Wagtail Site: the school every test uses unless it makes another."""
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def other_school(db) -> Site:
    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title="Other School", slug="other-school"))
    return Site.objects.create(
        hostname="other.example", port=80, root_page=home, site_name="Other School"
    )


@pytest.fixture
def lead(school):
    return make_lead(username="lead", school=school)


@pytest.fixture
def other_lead(other_school):
    return make_lead(username="otherlead", school=other_school)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        username="admin", email="admin@example.org", password="pw"
    )


@pytest.fixture
def mentor(db):
    return make_user(username="mentor", groups=["Mentors"])


@pytest.fixture
def moderator(db):
    return make_user(username="moderator", groups=["Moderators"])


@pytest.fixture
def staff_member(db):
    """A member of staff with admin access but no safeguarding role."""
    user = make_user(username="teacher", groups=[])
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def groups(db):
    return {group.name: group for group in Group.objects.all()}


def pytest_collection_modifyitems(config, items):
    """Every transactional test restores the migrated data (groups, root page, Site, content types).

    A transactional test flushes the database afterwards. Without serialized
    rollback the flush re-creates content types with new ids, and a later test
    that restores serialized data then collides with them. So all of them use it.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            continue
        if marker.kwargs.get("serialized_rollback"):
            continue
        item.add_marker(
            pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}), append=False
        )


def _flush_lifts_the_audit_guard() -> None:
    """Let the test database's flush empty the audit table, and only the flush.

    Audit entries are append-only in the database (reporting.audit_guard): Django's
    flush, which transactional tests run, would be refused. Every flush the tests
    run gets the guard removed before it and put back after it, in its transaction.
    """
    from django.db.backends.postgresql import base as postgresql
    from django.db.backends.sqlite3 import base as sqlite

    from reporting import audit_guard

    for operations in (sqlite.DatabaseOperations, postgresql.DatabaseOperations):
        original = operations.sql_flush

        def sql_flush(self, style, tables, *args, _original=original, **kwargs):
            statements = _original(self, style, tables, *args, **kwargs)
            if audit_guard.TABLE not in tables:
                return statements
            vendor = self.connection.vendor
            return [
                *audit_guard.remove_statements(vendor),
                *statements,
                *audit_guard.install_statements(vendor),
            ]

        operations.sql_flush = sql_flush


_flush_lifts_the_audit_guard()


def _names_the_test_database(connection) -> bool:
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite":
        return "mode=memory" in name or os.path.basename(name).startswith("test")
    return name.startswith("test_")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put the migrated data back as soon as a transactional test has flushed it.

    Django assumes transactional tests run last; with tests spread over parallel
    workers file by file, an ordinary test may come next and would find no Site,
    groups or root page.
    """
    yield
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    from django.core.management.color import no_style
    from django.db import DEFAULT_DB_ALIAS, connections
    from pytest_django.plugin import blocking_manager_key

    connection = connections[DEFAULT_DB_ALIAS]
    contents = getattr(connection, "_test_serialized_contents", None)
    if not contents:
        return
    if not _names_the_test_database(connection):
        # A test that ran Django's task worker leaves the connection pointing at the
        # non-test database name; the next serialized test restores the data itself.
        return
    with item.config.stash[blocking_manager_key].unblock():
        warm_content_type_cache()
        # A live server may have answered a late browser request after the test's
        # own flush and written rows (content types): empty the tables again, but
        # keep the sequences where they are, as Django's own teardown does, so new
        # rows never reuse the restored ids.
        tables = connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        connection.ops.execute_sql_flush(
            connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=False)
        )
        connection.creation.deserialize_db_from_string(contents)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        warm_content_type_cache()


def warm_content_type_cache() -> None:
    """Work around a clash between Wagtail and serialized rollback.

    Restoring the serialized database builds Wagtail Task objects, whose
    __init__ calls ContentType.objects.get_for_model(); with a cold cache after a
    flush that creates content types which the restore then inserts again
    ("UNIQUE constraint failed: django_content_type"). Filling the cache from the
    serialized data itself, with the same ids, makes get_for_model a lookup.
    """
    import json

    from django.contrib.contenttypes.models import ContentType
    from django.db import DEFAULT_DB_ALIAS, connections

    contents = getattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents", None)
    if not contents:
        return
    cached = _SERIALIZED_CONTENT_TYPES.get(contents)
    if cached is None:
        cached = [
            ContentType(id=row["pk"], **row["fields"])
            for row in json.loads(contents)
            if row["model"] == "contenttypes.contenttype"
        ]
        _SERIALIZED_CONTENT_TYPES.clear()
        _SERIALIZED_CONTENT_TYPES[contents] = cached
    for content_type in cached:
        ContentType.objects._add_to_cache(DEFAULT_DB_ALIAS, content_type)


_SERIALIZED_CONTENT_TYPES: dict[str, list] = {}


# At the end of the run: no identifying marker of the evidence tests left on disk.
pytest_plugins = ["tests.trace_scan"]
