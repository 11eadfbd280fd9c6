"""Whole-page cache for anonymous readers of public pages, purged on publish.

A whole year group opening the site after an assembly must not mean a whole
year group of template renders. Anonymous GETs of public pages are served from
the "pages" cache; anything personal is never stored:
- only GET/HEAD with no session cookie (staff browsing the site are not cached);
- only 200 text/html responses that set no cookie (so nothing holding a CSRF
  token, whose cookie Django sets in the same response) and do not say
  `no-store` or `private` (report and follow-up pages say no-store);
- never under the admin, the report flow, search or other dynamic prefixes;
- never for a query string that could carry what a reader typed: only the
  listing filters and page numbers (short slugs) are allowed, so no search,
  however it reaches a page, is ever written to the cache. A search is often a
  disclosure ("my stepdad hits me"), and a stored page would both keep it and,
  by being found, tell a prober that someone searched it.

Keys are HMACs under SECRET_KEY, not plain hashes, so someone who can read the
cache cannot test a guessed address or phrase against them. Whether a page came
from the cache is never told to the public (no status header) unless
PAGE_CACHE_STATUS_HEADER is on, for debugging.

Purging: every stored page carries the "generation" number kept in the same
shared cache, read with it in one round trip, and is served only under that
generation. Saving a snippet, a site setting, the branding or a view
restriction, deleting a page or publishing a school's home page bumps the
generation, so every cached page is stale at once, on every app server that
shares the cache (Redis in production, a file cache on one machine): those do
change every page.

Publishing, unpublishing or moving one page purges only what shows it, by
tags: every fragment and every stored page carries the versions of the tags
it was built from ("page:12" for a page's own fields, route and cards,
"listing:<site>" for a school's listings and search rankings, "related:topic:3"
for related lists chosen by a topic, "topics-in-use"), and is served only while
each version is unchanged. A tag is declared by the fragment that reads it
(`cached_for_generation(..., tags=...)` or `depends_on`) and counts for every
fragment and page being built around it, so a page served from the cache
carries the tags of the fragments inside it even when they came from the cache
too. `purge_tags` bumps them (content.purge decides which: the page, its
school's listings, the pages that link to it or list it beside them).

The same generation keys small fragments that every public page needs and
that only change when content does (`cached_for_generation`): the request's
Site with its home page and school branding (`CachedSiteMiddleware`), the
taxonomy, related-content lists. With the whole-page cache off they spare
most of a page's queries; a publish makes them stale with everything else.
"""

import hashlib
import hmac
import logging
import re
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.http.request import split_domain_port, validate_host

from .languages import without_language_prefix

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
# A per-process copy of fragments in front of a shared (Redis) default cache, if configured.
LOCAL_FRAGMENT_ALIAS = "fragments-local"
# Likewise a per-process copy of whole pages: only the generation is read from Redis.
LOCAL_PAGE_ALIAS = "pages-local"
GENERATION_KEY = "pagecache:generation"
EXCLUDED_PREFIXES = (
    "/admin/",
    "/report/",
    "/healthz",
    "/documents/",
    "/media/",
    "/static/",
    "/__test__/",
    "/feedback/",
    "/search/",
)
# Query parameters a cached page may carry: the listings' filters (chosen from a
# list) and page numbers. Any other parameter, or a value that is not a short
# slug, means the request is served fresh and never stored.
CACHEABLE_QUERY_PARAMETERS = frozenset({"audience", "age", "topic", "page", "feedback"})
CACHEABLE_QUERY_VALUE = re.compile(r"[a-z0-9+-]{0,40}")
# Headers set by middleware inside this one, which a cache hit skips.
STORED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "Vary",
)


def page_cache():
    return caches[CACHE_ALIAS]


_MISSING = object()


def _new_generation() -> int:
    # Milliseconds since the epoch, never 1: if the counter is lost (a file cache
    # culls entries, Redis evicts a key), counting again from a small number could
    # reach a generation whose pages and fragments are still stored, and serve them.
    return int(time.time() * 1000)


class _RequestGeneration:
    value: int | None = None

    def __init__(self):
        # Tag versions read by this request, each read once.
        self.tags: dict[str, int] = {}


# The generation read by the request being served (set by CachedSiteMiddleware),
# so code that has no request at hand (a taxonomy, a view-restriction check)
# does not read it from Redis again.
_request_generation: ContextVar[_RequestGeneration | None] = ContextVar(
    "upstander_request_generation", default=None
)


def current_generation(request=None) -> int:
    """The generation now; read once per request."""
    holder = _request_generation.get()
    if request is not None and hasattr(request, "_page_cache_generation"):
        if holder is not None:
            holder.value = request._page_cache_generation
        return request._page_cache_generation
    if holder is not None and holder.value is not None:
        if request is not None:
            request._page_cache_generation = holder.value
        return holder.value
    generation = page_cache().get(GENERATION_KEY)
    if generation is None:
        page_cache().add(GENERATION_KEY, _new_generation(), timeout=None)
        # Another process may have added its own first: everyone uses the stored one.
        generation = page_cache().get(GENERATION_KEY) or _new_generation()
    generation = int(generation)
    if request is not None:
        request._page_cache_generation = generation
    if holder is not None:
        holder.value = generation
    return generation


TAG_PREFIX = "pagecache:tag:"
# The tags declared by what is being built: one set per fragment or page being built,
# innermost last. A tag declared counts for every one of them.
_tag_collectors: ContextVar[tuple[set, ...]] = ContextVar("upstander_tag_collectors", default=())


def depends_on(*tags: str) -> None:
    """What is being built (fragments, the page) shows what these tags stand for."""
    for collected in _tag_collectors.get():
        collected.update(tags)


class collecting_tags:
    """Collect the tags declared while building something: `with collecting_tags() as tags:`."""

    def __init__(self, tags=()):
        self.tags = set(tags)

    def __enter__(self):
        self._token = _tag_collectors.set((*_tag_collectors.get(), self.tags))
        return self.tags

    def __exit__(self, *exc):
        _tag_collectors.reset(self._token)


def tag_versions(tags) -> dict[str, int]:
    """The current version of each tag, read from the shared cache once per request.

    A tag never bumped (or evicted) gets a new version, a timestamp as for the
    generation, so a lost version never matches anything stored under an older one.
    """
    holder = _request_generation.get()
    memo = holder.tags if holder is not None else {}
    wanted = [tag for tag in tags if tag not in memo]
    if wanted:
        cache = page_cache()
        found = cache.get_many([TAG_PREFIX + tag for tag in wanted])
        for tag in wanted:
            version = found.get(TAG_PREFIX + tag)
            if version is None:
                cache.add(TAG_PREFIX + tag, _new_generation(), timeout=None)
                version = cache.get(TAG_PREFIX + tag) or _new_generation()
            memo[tag] = int(version)
    return {tag: memo[tag] for tag in tags}


def _bump_tags(tags) -> None:
    cache = page_cache()
    holder = _request_generation.get()
    for tag in tags:
        try:
            cache.incr(TAG_PREFIX + tag)
        except ValueError:
            cache.set(TAG_PREFIX + tag, _new_generation(), timeout=None)
        if holder is not None:
            holder.tags.pop(tag, None)


def purge_tags(tags) -> None:
    """Make stale every page and fragment built from any of `tags`; now and at commit, as purge_all."""
    tags = sorted(set(tags))
    if not tags:
        return
    _bump_tags(tags)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _bump_tags(tags))


def _bump_generation() -> None:
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _new_generation(), timeout=None)


def purge_all(**kwargs) -> None:
    """Make every cached page and fragment stale (connected to publish/unpublish signals).

    Bumped at once, and again when the transaction that changed the content commits:
    a request that read the old rows before the commit may have cached them under
    the first new generation.
    """
    _bump_generation()
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        transaction.on_commit(_bump_generation)


def _is_found(value) -> bool:
    return value is not None


def cached_for_generation(key: str, build, *, request=None, keep=_is_found, tags=()):
    """`build()`, kept in the default cache until the content changes.

    For what every public page reads and only editors change (the Site and its
    branding, the taxonomy, related-content lists). The key holds the current
    generation, so a saved snippet or setting makes the value stale on every
    server at once, as it does the cached pages. The value is stored with the
    versions of `tags` and of every tag declared while it is built (inner
    fragments, `depends_on`), and served only while none has been purged; those
    tags count for whatever is built around it, hit or miss. Values are
    pickled by the cache, so each request gets its own copy of model instances.
    A cache outage only means building the value again. Like whole pages, a
    value lives at most PAGE_CACHE_SECONDS, for changes no signal reports.
    With Redis, each process also keeps a copy (the "fragments-local" cache):
    the generation in the key and the tag versions are read from Redis, so a
    copy is never used after a purge.
    Values for which `keep(value)` is false (by default None, "nothing found")
    are not stored, so requests for unknown things cannot fill the cache.
    """
    if not settings.FRAGMENT_CACHE_ENABLED:
        depends_on(*tags)
        return build()
    local = caches[LOCAL_FRAGMENT_ALIAS] if LOCAL_FRAGMENT_ALIAS in settings.CACHES else None
    try:
        # Keyed hash: keys hold paths, filter values and search words, which must
        # not be recoverable, nor testable by guessing, from the cache.
        digest = _keyed_digest(key)
        full_key = f"fragment:{current_generation(request)}:{digest}"
        stored = local.get(full_key, _MISSING) if local is not None else _MISSING
        from_local = stored is not _MISSING
        if stored is _MISSING:
            cache = caches[DEFAULT_CACHE_ALIAS]
            stored = cache.get(full_key, _MISSING)
        if isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[0], dict):
            versions, value = stored
            if tag_versions(list(versions)) == versions:
                depends_on(*versions)
                if local is not None and not from_local:
                    local.set(full_key, stored, timeout=settings.PAGE_CACHE_SECONDS)
                return value
        cache = caches[DEFAULT_CACHE_ALIAS]
        # Read before building: a purge during the build leaves the value stale.
        tag_versions(tags)
    except Exception:
        logger.warning("Fragment cache unavailable", exc_info=True)
        depends_on(*tags)
        return build()
    with collecting_tags(tags) as collected:
        value = build()
    depends_on(*collected)
    if not keep(value):
        return value
    try:
        stored = (tag_versions(sorted(collected)), value)
        cache.set(full_key, stored, timeout=settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("Fragment cache unavailable", exc_info=True)
        return value
    if local is not None:
        local.set(full_key, stored, timeout=settings.PAGE_CACHE_SECONDS)
    return value


def _keyed_digest(text: str) -> str:
    return hmac.new(
        f"pagecache:{settings.SECRET_KEY}".encode(), text.encode(), hashlib.sha256
    ).hexdigest()


def _cache_key(request) -> str:
    return f"pagecache:{_keyed_digest(f'{request.get_host()}|{request.get_full_path()}')}"


def _query_is_impersonal(request) -> bool:
    for name, values in request.GET.lists():
        if name not in CACHEABLE_QUERY_PARAMETERS:
            return False
        if not all(CACHEABLE_QUERY_VALUE.fullmatch(value) for value in values):
            return False
    return True


def _mark(response, status: str) -> None:
    if settings.PAGE_CACHE_STATUS_HEADER:
        response["X-Page-Cache"] = status


def _cacheable_request(request) -> bool:
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if without_language_prefix(request.path).startswith(EXCLUDED_PREFIXES):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return len(request.get_full_path()) <= 512 and _query_is_impersonal(request)


def _cacheable_response(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    cache_control = response.get("Cache-Control", "")
    return "no-store" not in cache_control and "private" not in cache_control


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        # Tag versions read to check a stored page are remembered for the request.
        token = _request_generation.set(_RequestGeneration())
        try:
            return self._serve(request)
        finally:
            _request_generation.reset(token)

    @staticmethod
    def _fresh(stored, generation) -> bool:
        # Stored under this generation, and no tag it was built from purged since.
        return (
            isinstance(stored, tuple)
            and len(stored) == 4
            and stored[0] == generation
            and tag_versions(list(stored[1])) == stored[1]
        )

    def _serve(self, request):
        key = _cache_key(request)
        local = caches[LOCAL_PAGE_ALIAS] if LOCAL_PAGE_ALIAS in settings.CACHES else None
        try:
            if local is None:
                # One round trip for the page and the generation, one for its tags.
                found = page_cache().get_many([GENERATION_KEY, key])
                stored = found.get(key)
                generation = found.get(GENERATION_KEY)
            else:
                # Only the (tiny) generation and tag versions cross the network; the
                # page comes from this process's copy, fetched from Redis when it has none.
                generation = page_cache().get(GENERATION_KEY)
                stored = local.get(key)
            if generation is not None:
                generation = request._page_cache_generation = int(generation)
            else:
                generation = current_generation(request)
            fresh = self._fresh(stored, generation)
            if not fresh and local is not None:
                stored = page_cache().get(key)
                fresh = self._fresh(stored, generation)
                if fresh:
                    local.set(key, stored, timeout=settings.PAGE_CACHE_SECONDS)
        except Exception:  # a cache outage must never stop a child reading help
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        if fresh:
            _generation, _tags, body, headers = stored
            response = HttpResponse(body)
            for name, value in headers.items():
                response[name] = value
            # As CommonMiddleware sets it on a fresh page: a hit must look like a miss.
            response["Content-Length"] = str(len(body))
            _mark(response, "hit")
            return response
        with collecting_tags() as collected:
            response = self.get_response(request)
        if _cacheable_response(response):
            headers = {name: response[name] for name in STORED_HEADERS if name in response}
            try:
                stored = (generation, tag_versions(sorted(collected)), response.content, headers)
                page_cache().set(key, stored, timeout=settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("Page cache unavailable", exc_info=True)
            else:
                if local is not None:
                    local.set(key, stored, timeout=settings.PAGE_CACHE_SECONDS)
            _mark(response, "miss")
        return response


# Paths that never need the school's Site (static files are served before this).
SITE_LOOKUP_SKIPPED = ("/healthz", "/static/", "/media/", "/documents/")


def _site_and_branding(request):
    """The request's Site (its home page already specific) and SchoolBranding, or None."""
    from themes.resolution import _find_site_and_branding

    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    if not hostname or not validate_host(hostname, settings.ALLOWED_HOSTS):
        return None  # Wagtail finds the Site itself; no cache entry per unknown host

    def build():
        site, branding = _find_site_and_branding(request)
        if site is not None:
            # Wagtail serves every page through site.root_page.specific (a query
            # each time); it is a cached_property, so it is stored with the Site.
            _ = site.root_page.specific
        return site, branding

    return cached_for_generation(f"site:{hostname}:{port}", build, request=request)


class CachedSiteMiddleware:
    """Finds the request's Site, home page and school branding with no query.

    Wagtail looks up the Site for every page (`Site.find_for_request`, one query),
    then its home page (another), and the theme reads the branding (another). All
    three change only when an editor saves a Site, a home page or the branding,
    which bumps the generation; between saves they come from the fragment cache.
    What is stored here is exactly what `Site.find_for_request` and
    `themes.resolution.branding_for_request` would find and cache on the request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _request_generation.get() is not None:  # set by the page cache around this
            return self._serve(request)
        token = _request_generation.set(_RequestGeneration())
        try:
            return self._serve(request)
        finally:
            _request_generation.reset(token)

    def _serve(self, request):
        if not request.path_info.startswith(SITE_LOOKUP_SKIPPED):
            try:
                found = _site_and_branding(request)
            except DatabaseError:
                # Error pages must still render when the database is down; the
                # theme falls back to its default there (themes.resolution).
                logger.warning("Site lookup failed", exc_info=True)
                found = None
            if found is not None:
                self._remember(request, *found)
        return self.get_response(request)

    @staticmethod
    def _remember(request, site, branding):
        from themes.models import SchoolBranding
        from themes.registry import DEFAULT_THEME

        request._wagtail_site = site
        if branding is None:
            branding = SchoolBranding(theme=DEFAULT_THEME)
        if site is not None:
            branding.site = site
        branding._request = request
        setattr(request, SchoolBranding.get_cache_attr_name(), branding)
