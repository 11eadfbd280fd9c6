"""Upstander settings: secure by default, everything configurable from the environment.

This module is the production profile. `dev.py` and `test.py` relax it; never
the other way round. Every environment variable is listed in the README's
"Configuration" table.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("UPSTANDER_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

# --- Secrets ---------------------------------------------------------------
# Placeholders let a developer start the site with nothing set; a production
# start (DEBUG off) refuses them below, with a message saying what to set.
INSECURE_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105 - refused in production below
# A fixed, published key: anything encrypted with it is readable by anyone.
INSECURE_ENCRYPTION_KEYS = "dev:dXBzdGFuZGVyLWRldi1rZXktbm90LWZvci1yZWFsISE="

SECRET_KEY = env_str("SECRET_KEY") or INSECURE_SECRET_KEY
# "id:base64key" pairs, comma-separated; the first is used to encrypt, all of
# them to decrypt, so keys can be rotated with `manage.py rotate_encryption_key`.
ENCRYPTION_KEYS = env_str("ENCRYPTION_KEYS") or INSECURE_ENCRYPTION_KEYS
# Pepper mixed into receipt passphrase hashes, kept outside the database so a
# stolen dump alone cannot be brute-forced. Defaults to one derived from SECRET_KEY.
RECEIPT_PEPPER = env_str("RECEIPT_PEPPER") or ""
# Key of the blind index through which leads find pupils by name and cases by the
# words of a report (HMAC of each normalised word): outside the database, so a dump
# alone cannot be searched by guessing names. Defaults to one derived from SECRET_KEY;
# after changing it, run `manage.py reindex_blind_index`.
SEARCH_INDEX_KEY = env_str("SEARCH_INDEX_KEY") or ""

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- Applications ------------------------------------------------------------
INSTALLED_APPS = [
    "upstander.apps.UpstanderConfig",
    "content",
    "reporting",
    "themes",
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app with forms that keep no surname, email or avatar for mentor
    # accounts (pupils): see content/users/.
    "content.users.apps.UpstanderUsersAppConfig",
    "wagtail.contrib.routable_page",
    # Content in more than one language: a page's translation is a copy in the other
    # locale's tree that goes through the school's own moderation (docs/translations.md).
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailmedia",
    "modelcluster",
    "taggit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Outermost, so it times and counts every answer, cached pages included.
    "upstander.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Right after SecurityMiddleware, so static files skip everything below.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Serves anonymous public pages from the shared cache before anything else runs.
    "upstander.pagecache.AnonymousPageCacheMiddleware",
    # The Site, home page and branding from the fragment cache: no query per request.
    "upstander.pagecache.CachedSiteMiddleware",
    "upstander.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside CSPMiddleware, so the admin's own policy replaces the public one.
    "upstander.middleware.AdminContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface language from the address only (/cy/… is Welsh, no prefix is
    # English): never a cookie or a session, so nothing on the device remembers it.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Leads and superusers give a second factor before any admin page opens.
    "upstander.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "upstander.urls"
WSGI_APPLICATION = "upstander.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Loaders listed (instead of APP_DIRS) to add the theme folders'
            # loader: "themes/<theme>/<name>" is read from
            # themes/catalogue/<theme>/templates/<name>. Cached in every profile,
            # as Django does by default; runserver still reloads edited templates.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "themes.loaders.ThemeFolderLoader",
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "upstander.context_processors.upstander",
                # base_template, theme and branding of the request's school (Site).
                "themes.context_processors.theme",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------
SQLITE_PATH = Path(env_str("SQLITE_PATH", str(VAR_DIR / "upstander.sqlite3")))
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    # The embedded profile keeps its database under var/; make sure it can be opened.
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            # Keep each worker thread's connection between requests, as for
            # PostgreSQL: opening one and running the PRAGMAs below cost ~1.6 ms
            # of CPU on every page (a tenth of rendering a guide).
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # Concurrent report submissions must never fail with "database is
                # locked": WAL lets readers run beside the writer, IMMEDIATE takes
                # the write lock at BEGIN (so no deadlock on lock upgrade), and
                # writers queue for up to 20 s instead of failing at once.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and rate-limit counters -----------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis behind a circuit breaker: a Redis that stops
            # answering is skipped for CACHE_BREAKER_SECONDS after one failed
            # call, instead of every call waiting its socket timeout.
            "BACKEND": "upstander.cache_breaker.CircuitBreakerRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "upstander"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # A Redis outage must not stop a child from reading help or
                # reporting: cache misses instead of errors (see SECURITY.md).
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        },
        # Fragments (upstander.pagecache.cached_for_generation) are also kept in
        # each process: their keys hold the content generation, read from Redis
        # once per request, so a copy here is never served after a publish, and
        # a page's dozen fragments cost no round trips.
        "fragments-local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "upstander-fragments",
            "OPTIONS": {"MAX_ENTRIES": env_int("FRAGMENT_LOCAL_ENTRIES", 2000)},
        },
        # Whole pages too (upstander.pagecache.AnonymousPageCacheMiddleware): per
        # request only the generation is read from Redis, not a 50 KB page. Kept
        # small (a page is about 50 KB) so a worker stays within its memory.
        "pages-local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "upstander-pages",
            "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_LOCAL_ENTRIES", 300)},
        },
    }
    SILENCED_SYSTEM_CHECKS = []
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "upstander",
        }
    }
    # django-ratelimit refuses non-shared caches (E003), which would stop even
    # `migrate`. In the embedded single-machine profile its limits then count
    # per process, as the README says; production sets REDIS_URL.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# Whole public pages for anonymous readers (upstander.pagecache), shared by every
# app process: Redis when configured, otherwise a file cache on this machine.
if REDIS_URL:
    CACHES["pages"] = {
        **CACHES["default"],
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "upstander") + "-pages",
    }
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "pages"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# Off only to measure a cold render (`make bench`'s "cold" rows): every fragment is built afresh.
FRAGMENT_CACHE_ENABLED = env_bool("FRAGMENT_CACHE_ENABLED", True)
# Adds X-Page-Cache: hit/miss to cached pages. For debugging only: to the public
# it tells whether someone else opened the same address recently.
PAGE_CACHE_STATUS_HEADER = env_bool("PAGE_CACHE_STATUS_HEADER", False)
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
CACHE_BREAKER_SECONDS = env_int("CACHE_BREAKER_SECONDS", 5)
RATELIMIT_USE_CACHE = "default"
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
# Rate limits key on the client address only through this number of trusted
# proxies in front of the app (0: REMOTE_ADDR itself). A forged
# X-Forwarded-For from the client is never trusted beyond that.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# When the cache cannot be reached (Redis down), limits are not enforced rather
# than refusing everyone: a child must still be able to report. Without this,
# django-ratelimit treats a failed counter as "over the limit". See SECURITY.md.
RATELIMIT_FAIL_OPEN = True

# --- Background tasks ----------------------------------------------------------
# "default" runs Wagtail's own small jobs in-process. "durable" stores jobs in the
# database in the same transaction as the report, and a worker process
# (`manage.py run_alert_worker`, started by `make run`) delivers them with retries.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "durable": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# --- Auth and sessions -------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "wagtailadmin_login"
# Only staff have sessions. They end when the browser closes, and after
# STAFF_IDLE_MINUTES without a request.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env_int("STAFF_IDLE_MINUTES", 30) * 60
# Failed staff sign-ins and two-factor codes, counted in the cache per hashed
# client address, and per username on that client (upstander.staff_auth).
STAFF_LOGIN_RATES = {
    "client": env_str("STAFF_LOGIN_RATE_CLIENT", "20/15m"),
    "username_and_client": env_str("STAFF_LOGIN_RATE_USER", "5/15m"),
}
STAFF_OTP_RATES = {"client": "20/15m", "username_and_client": "5/15m"}
# Two-factor authentication (django-otp) for safeguarding leads and superusers.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Upstander")
STAFF_OTP_PROTECTED_PREFIXES = ["/admin/", "/django-admin/"]
# What an unverified lead may still open: signing in and out, the 2FA pages,
# and the script and icon files those pages load.
STAFF_OTP_EXEMPT_PREFIXES = [
    "/admin/login/",
    "/admin/logout/",
    "/admin/security/",
    "/admin/jsi18n/",
    "/admin/sprite",
    "/admin/password_reset/",
]
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The CSRF cookie lasts for the browser session only: no lasting cookie.
CSRF_COOKIE_AGE = None
CSRF_COOKIE_HTTPONLY = True
# A refused form still shows help and quick exit (rule 3), in words a pupil understands.
CSRF_FAILURE_VIEW = "content.views.csrf_failure"

# --- Security headers ----------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Preloading commits the school's whole domain, every subdomain included,
    # to HTTPS in browsers for months; that is the school's IT decision, not a
    # default. HSTS itself is on. (Django's check W021 only asks about preload.)
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)

# Content-Security-Policy (django-csp 4): nothing from another host, no inline
# script. The Wagtail admin gets its own policy (below) from
# upstander.middleware.AdminContentSecurityPolicyMiddleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Click-to-load external videos use the providers' privacy-enhanced domains.
        "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# The Wagtail admin's policy. Still nothing from another host and no framing
# by other sites, but Wagtail 8 writes small inline scripts for inline panels
# and date pickers in its editing forms and sets inline styles, so the editor
# needs 'unsafe-inline' there (tests/security/test_headers.py loads it).
# The sign-in and two-factor pages render no inline script, so they get the
# strict script-src of the public site (ADMIN_CSP_STRICT_PREFIXES; add an admin
# area once its templates are checked to have no inline script).
ADMIN_CSP_PREFIXES = ["/admin/", "/django-admin/"]
_ADMIN_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "media-src": ["'self'", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
ADMIN_CONTENT_SECURITY_POLICY = _ADMIN_DIRECTIVES
ADMIN_CONTENT_SECURITY_POLICY_STRICT = {**_ADMIN_DIRECTIVES, "script-src": ["'self'"]}
# The safeguarding back office shows what pupils wrote: it never allows inline script,
# whatever the environment adds (tests/security/test_safeguarding_csp.py).
ADMIN_CSP_STRICT_PREFIXES = [
    "/admin/safeguarding/",
    *env_list("ADMIN_CSP_STRICT_PREFIXES", ["/admin/login/", "/admin/security/"]),
]

# --- Internationalisation ----------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
# Each language named in its own words, as a pupil looks for it. Polish, Urdu and Arabic
# are reserved for the report path: their addresses work, and the switcher offers them
# once their translations exist (PUBLIC_LANGUAGES_OFFERED).
LANGUAGES = [
    ("en-gb", "English"),
    ("cy", "Cymraeg"),
    ("pl", "Polski"),
    ("ur", "اردو"),
    ("ar", "العربية"),
]
# The languages the header's switcher offers, in this order (see docs/translations.md).
PUBLIC_LANGUAGES_OFFERED = ["en-gb", "cy"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# --- Static files and media ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
# The benchmark's fixed 30 KB "ceiling" asset (bench/static/bench/ceiling.css).
STATICFILES_DIRS = [BASE_DIR / "bench" / "static"]
# Each theme is one folder (themes/catalogue/<theme>/) holding its templates and
# its static files; the latter are served as static/themes/<theme>/...
STATICFILES_DIRS += [
    (f"themes/{folder.name}", folder / "static")
    for folder in sorted((BASE_DIR / "themes" / "catalogue").iterdir())
    if (folder / "static").is_dir()
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# On one machine the app serves uploaded media itself (with HTTP range requests
# for video); behind nginx or object storage set SERVE_MEDIA=false.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# "app": the app sends media bytes itself; "nginx": it answers with
# X-Accel-Redirect (django-sendfile2) and nginx's internal location
# /internal-media/ (deploy/nginx/upstander.conf) sends them.
MEDIA_SENDFILE = env_str("MEDIA_SENDFILE", "app")
if MEDIA_SENDFILE not in {"app", "nginx"}:
    raise ImproperlyConfigured(f"MEDIA_SENDFILE must be app or nginx, not {MEDIA_SENDFILE!r}.")
SENDFILE_BACKEND = "django_sendfile.backends.nginx"
SENDFILE_ROOT = str(MEDIA_ROOT)
SENDFILE_URL = "/internal-media"
WHITENOISE_MAX_AGE = 60 * 60

# --- Evidence (never under STATIC_ROOT or MEDIA_ROOT, never served by URL) ---------------
EVIDENCE_ROOT = Path(env_str("EVIDENCE_ROOT", str(VAR_DIR / "evidence")))
# Where the encrypted files live (reporting.evidence.store): "folder" is the
# private folder above, on a disk every app server mounts; "s3" a private
# S3-compatible bucket through django-storages (pip install "upstander[s3]").
# Files are encrypted before they leave the app either way, and never get a URL.
EVIDENCE_STORAGE = env_str("EVIDENCE_STORAGE", "folder")
if EVIDENCE_STORAGE == "folder":
    STORAGES["evidence"] = {"BACKEND": "reporting.evidence.store.EvidenceFileSystemStorage"}
elif EVIDENCE_STORAGE == "s3":
    if not env_str("EVIDENCE_S3_BUCKET"):
        raise ImproperlyConfigured("EVIDENCE_STORAGE=s3 needs EVIDENCE_S3_BUCKET.")
    STORAGES["evidence"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("EVIDENCE_S3_BUCKET"),
            # Any S3-compatible service (MinIO, Ceph, a cloud provider's).
            "endpoint_url": env_str("EVIDENCE_S3_ENDPOINT_URL") or None,
            "region_name": env_str("EVIDENCE_S3_REGION") or None,
            # Unset: boto3 finds credentials itself (instance role, AWS_* variables).
            "access_key": env_str("EVIDENCE_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("EVIDENCE_S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("EVIDENCE_S3_PREFIX", "evidence"),
            # Objects are private; keys are random and written once.
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
else:
    raise ImproperlyConfigured(
        f'EVIDENCE_STORAGE must be "folder" or "s3", not "{EVIDENCE_STORAGE}".'
    )
EVIDENCE_MAX_FILE_BYTES = env_int("EVIDENCE_MAX_FILE_MB", 20) * 1024 * 1024
EVIDENCE_MAX_REPORT_BYTES = env_int("EVIDENCE_MAX_REPORT_MB", 50) * 1024 * 1024
EVIDENCE_MAX_FILES = env_int("EVIDENCE_MAX_FILES", 10)
# Uploads are streamed to disk above this size, so memory stays bounded.
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
# Uploads (the pupil's original photo, GPS and all) wait here while they are checked:
# the app's own private folder (0700), never the system's temporary folder, where a
# killed worker's file would stay readable (reporting.evidence.spool). Keep it on a
# local disk, outside the evidence store, the backups and the static and media roots.
SPOOL_ROOT = Path(env_str("SPOOL_ROOT", str(VAR_DIR / "spool")))
FILE_UPLOAD_TEMP_DIR = str(SPOOL_ROOT)
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "reporting.evidence.spool.SpoolUploadHandler",
]
# No request lives longer than this (a 50 MB report over a slow school line, with
# gunicorn's timeout well below it), so a spool file older than this was left by a
# request that died and is removed at start-up and by cleanup_orphan_evidence.
SPOOL_MAX_AGE_SECONDS = env_int("SPOOL_MAX_AGE_MINUTES", 15) * 60
# The largest request body Django will read outside file parts.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400
DATA_UPLOAD_MAX_NUMBER_FILES = 12

# --- Retention of closed cases (manage.py apply_retention) --------------------------------
# Days after a case is closed before `apply_retention` deletes it, its report, chronology and
# evidence files, per outcome. "never" keeps that outcome until a person deletes it.
# Defaults: spam and duplicates are not records of anything, so they go after a month; a
# concern that needed no action is kept a year so a pattern can still be seen; cases resolved
# in school follow the common "closure + 6 years" rule of school records-retention schedules
# (IRMS Toolkit for Schools); a referral to an agency is a safeguarding record and is never
# purged automatically. An outcome not listed here, or a closed case without one, is kept.
RETENTION_NEVER = "never"


def _retention_days(name: str, default: int | str) -> int | None:
    raw = (env_str(name) or str(default)).strip().lower()
    if raw == RETENTION_NEVER:
        return None
    try:
        days = int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{name} must be a number of days or {RETENTION_NEVER!r}, not {raw!r}."
        ) from error
    if days < 1:
        raise ImproperlyConfigured(f"{name} must be at least 1 day, not {days}.")
    return days


RETENTION_DAYS = {
    "spam": _retention_days("RETENTION_SPAM_DAYS", 30),
    "duplicate": _retention_days("RETENTION_DUPLICATE_DAYS", 30),
    "no_further_action": _retention_days("RETENTION_NO_FURTHER_ACTION_DAYS", 365),
    "resolved": _retention_days("RETENTION_RESOLVED_DAYS", 6 * 365),
    "support_ongoing": _retention_days("RETENTION_SUPPORT_ONGOING_DAYS", 6 * 365),
    "referred": _retention_days("RETENTION_REFERRED_DAYS", RETENTION_NEVER),
}
# Child-protection records are kept for years (commonly until the pupil's 25th birthday) and
# move with the pupil, so they are NEVER purged automatically, whatever RETENTION_DAYS says:
# after this many years from closure `apply_retention` only lists them for a person to review.
RETENTION_CHILD_PROTECTION_YEARS = env_int("RETENTION_CHILD_PROTECTION_YEARS", 25)

# --- Email ----------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "upstander@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", address) for address in env_list("ADMIN_EMAILS", [])]

# --- Alerts to safeguarding staff beyond email -------------------------------------------
# Text messages: "notify" sends through GOV.UK Notify (an API key and an SMS template
# whose whole body is ((message))); "console" writes them to the log (development);
# empty turns SMS off, and staff cannot choose it in their account settings.
ALERT_SMS_PROVIDER = env_str("ALERT_SMS_PROVIDER", "")
GOVUK_NOTIFY_API_KEY = env_str("GOVUK_NOTIFY_API_KEY", "")
GOVUK_NOTIFY_SMS_TEMPLATE_ID = env_str("GOVUK_NOTIFY_SMS_TEMPLATE_ID", "")
GOVUK_NOTIFY_BASE_URL = env_str("GOVUK_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
# Hosts a member of staff may point their Teams or Slack alerts at (a leading dot
# allows subdomains): the server posts there, so not to any address on the network.
ALERT_WEBHOOK_HOSTS = env_list(
    "ALERT_WEBHOOK_HOSTS",
    ["hooks.slack.com", ".webhook.office.com", ".logic.azure.com", ".api.powerplatform.com"],
)
ALERT_HTTP_TIMEOUT = env_int("ALERT_HTTP_TIMEOUT", 10)

# --- Health of the alert path ---------------------------------------------------------
# /healthz fails when the spool or evidence folder has less free space than this.
HEALTH_MIN_FREE_DISK_MB = env_int("HEALTH_MIN_FREE_DISK_MB", 500)
# While alerts are stuck, the admins are emailed (counts only) at most this often.
STUCK_ALERTS_EMAIL_MINUTES = env_int("STUCK_ALERTS_EMAIL_MINUTES", 60)

# --- Logging: never the client's address, user agent or referrer -------------------------
# Django's error emails and the `django.request` logger carry the request
# (and its META); the filter drops it before any handler sees it, and the
# exception reporter filter removes identifying headers from error pages.
DEFAULT_EXCEPTION_REPORTER_FILTER = "upstander.logging.AnonymousExceptionReporterFilter"
# "json" in production (DEBUG off), "plain" text for a developer's terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "strip_request": {"()": "upstander.logging.StripRequestFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # One JSON object per line, for a trust's log collector. Every field of
        # a record is written, so the strip_request filter (which runs first, on
        # the handler) is what keeps the request and its META out.
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["strip_request"],
            "formatter": LOG_FORMAT,
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["strip_request"],
            "level": "ERROR",
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
        # runserver's access log: method, path and status only (see upstander.logging).
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Chatty at INFO (every task run, every page save); warnings still show.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
        # Pillow logs every EXIF tag it reads with its value at DEBUG: with LOG_LEVEL=DEBUG
        # a pupil's GPS position and camera serial would be written to the log.
        "PIL": {"level": "WARNING"},
    },
}

# --- Wagtail -----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env_str("SITE_NAME", "Upstander")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# No request to any other host from the admin either.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en-gb", "English")]
# Pages in more than one language (a Locale per language, Settings → Locales). Pages
# without a translation are served in English under /cy/ too, with the Welsh interface.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
WAGTAILEMBEDS_FINDERS = []  # no oEmbed look-ups to providers from the server
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# A fully approved workflow publishes even when the last approver (a safeguarding lead)
# has no publish permission of their own: the approvals are the authority.
WAGTAIL_FINISH_WORKFLOW_ACTION = "content.workflow_actions.publish_approved_workflow_state"
WAGTAILMEDIA = {"MEDIA_MODEL": "wagtailmedia.Media"}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

# Where quick exit goes: a neutral page. Tests point it at a local stub.
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")


def refuse_insecure_production_secrets() -> None:
    """Stop a production start that would run with published placeholder secrets."""
    problems = []
    if SECRET_KEY == INSECURE_SECRET_KEY:
        problems.append(
            "SECRET_KEY is not set. Set it to a long random value, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    if ENCRYPTION_KEYS == INSECURE_ENCRYPTION_KEYS:
        problems.append(
            "ENCRYPTION_KEYS is not set, so pupils' reports would be encrypted with a "
            "published key. Create one with `python manage.py generate_encryption_key` "
            "and set ENCRYPTION_KEYS to the line it prints."
        )
    if problems:
        raise ImproperlyConfigured(
            "Upstander will not start in production (DEBUG is off) with placeholder secrets:\n- "
            + "\n- ".join(problems)
        )


if not DEBUG:
    refuse_insecure_production_secrets()

# Read now, so a mistake in ENCRYPTION_KEYS (such as one id given to two keys, which
# would hide the first key and its data) stops the start with a clear message
# instead of failing to decrypt pupils' reports later.
from reporting.crypto import parse_keyring  # noqa: E402

parse_keyring(ENCRYPTION_KEYS)

# --- Pupil voice (content/voice/) -----------------------------------------------------
# Survey results for a group (e.g. a year group) with fewer answers than this are not
# shown, and suppression is complementary, so no pupil can be singled out.
VOICE_MIN_GROUP_SIZE = env_int("VOICE_MIN_GROUP_SIZE", 5)
# The governors' report shows no figure about fewer children than this.
REPORT_MIN_GROUP_SIZE = env_int("REPORT_MIN_GROUP_SIZE", 5)
# Governors' and trust overview figures: a smaller count is hidden (reporting.records.dashboard).
DASHBOARD_MIN_GROUP_SIZE = env_int("DASHBOARD_MIN_GROUP_SIZE", 5)
# A class may share one address: the per-client limit is generous.
VOICE_ANSWER_RATE_PER_CLIENT = env_rate("VOICE_ANSWER_RATE_PER_CLIENT", "120/h")
VOICE_ANSWER_RATE_OVERALL = env_rate("VOICE_ANSWER_RATE_OVERALL", "2000/h")

# --- Report form and follow-up limits (reporting/views.py) ---------------------------
# A school's pupils share one address (its network's NAT): the per-address
# budget is sized for a school, and bursts are paid for by the form's age
# (reporting/throttles.py explains the rules).
REPORT_RATE_PER_CLIENT = env_rate("REPORT_RATE_PER_CLIENT", "300/h")
REPORT_BURST_PER_CLIENT = env_int("REPORT_BURST_PER_CLIENT", 20)
REPORT_BURST_REFILL_SECONDS = env_int("REPORT_BURST_REFILL_SECONDS", 30)
REPORT_BURST_FORM_AGE_SECONDS = env_int("REPORT_BURST_FORM_AGE_SECONDS", 60)
REPORT_FORM_STAMP_DAYS = 2
REPORT_RATE_OVERALL = env_rate("REPORT_RATE_OVERALL", "600/m")
REPORT_UPLOAD_RATE_PER_CLIENT = env_rate("REPORT_UPLOAD_RATE_PER_CLIENT", "60/h")
# Wrong receipts slow down the client that typed them, for that reference, with
# a doubling wait; nobody can lock a reporter out. One address (a whole school)
# may get this many receipts wrong in the window.
FOLLOWUP_FREE_WRONG_TRIES = env_int("FOLLOWUP_FREE_WRONG_TRIES", 5)
FOLLOWUP_DELAY_BASE_SECONDS = env_int("FOLLOWUP_DELAY_BASE_SECONDS", 5)
FOLLOWUP_DELAY_MAX_SECONDS = env_int("FOLLOWUP_DELAY_MAX_SECONDS", 900)
FOLLOWUP_RATE_PER_CLIENT = env_rate("FOLLOWUP_RATE_PER_CLIENT", "200/15m")
# Larger images are refused before decoding (decompression bombs).
EVIDENCE_MAX_IMAGE_PIXELS = env_int("EVIDENCE_MAX_IMAGE_PIXELS", 40_000_000)
