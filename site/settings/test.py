"""Test profile: fast hashes, local cache, immediate tasks, temporary private folders."""

import os
import tempfile

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
os.environ.setdefault(
    # A fixed test key (32 bytes, base64): test data is not secret.
    "ENCRYPTION_KEYS",
    "test:dGVzdC1rZXktZm9yLXVwc3RhbmRlci10ZXN0cy0zMmI=",
)
# Each test process gets its own private folders (evidence, file page cache).
# Parallel workers inherit the environment of the controller, which loads these
# settings too: a plain setdefault would make every worker share the
# controller's folder, and one worker's cache purge would show in another's test.
if os.environ.get("UPSTANDER_TEST_VAR_OWNER") != (_WORKER or "main"):
    os.environ["UPSTANDER_TEST_VAR_OWNER"] = _WORKER or "main"
    os.environ["UPSTANDER_VAR_DIR"] = tempfile.mkdtemp(prefix=f"upstander-test-{_WORKER}-")
os.environ.setdefault("QUICK_EXIT_URL", "/__test__/neutral/")

# Parallel test workers (pytest-xdist) each get their own Redis database:
# django-redis clears a whole database, which would wipe the other worker's keys.
if os.environ.get("REDIS_URL") and _WORKER.startswith("gw"):
    _base, _, _db = os.environ["REDIS_URL"].rpartition("/")
    if _db.isdigit():
        os.environ["REDIS_URL"] = f"{_base}/{max(int(_db) - int(_WORKER[2:]), 0)}"

from .base import *  # noqa: E402,F403
from .base import CONTENT_SECURITY_POLICY, STORAGES  # noqa: E402

DEBUG = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["*"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # the evidence storage as configured
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    # Durable jobs are stored as in production; tests run the worker loop themselves.
    "durable": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The receipt hash is deliberately slow in production; tests use cheaper parameters
# of the same algorithm.
RECEIPT_HASH_FAST_FOR_TESTS = True
CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY
TESTING = True

# SQLite: a test database in a file, not Django's default shared-cache in-memory
# one. The browser journeys' live server answers several requests at once (a
# page and the admin's icon sprite, say); shared-cache memory databases lock
# whole tables and fail at once with "database table is locked", ignoring the
# busy timeout, where the real site (a WAL file) simply waits its turn.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(os.environ["UPSTANDER_VAR_DIR"], "test.sqlite3")
    }
