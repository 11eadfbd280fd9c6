"""Whole-page cache for anonymous readers of public pages, purged on publish.

A whole year group opening the site after an assembly must not mean a whole
year group of template renders. Anonymous GETs of public pages are served from
the "pages" cache; anything personal is never stored:
- only GET/HEAD with no session cookie (staff browsing the site are not cached);
- only 200 text/html responses that set no cookie (so nothing holding a CSRF
  token, whose cookie Django sets in the same response) and do not say
  `no-store` or `private` (report and follow-up pages say no-store);
- never under the admin, the report flow or other dynamic prefixes.

Purging: every key includes a "generation" number kept in the same shared
cache. Publishing, unpublishing, moving or deleting a page, or saving a
snippet or site setting, bumps the generation, so every cached page is stale
at once, on every app server that shares the cache (Redis in production, a
file cache on one machine).
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
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
)
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


def current_generation() -> int:
    generation = page_cache().get(GENERATION_KEY)
    if generation is None:
        generation = 1
        page_cache().add(GENERATION_KEY, generation, timeout=None)
    return int(generation)


def purge_all(**kwargs) -> None:
    """Make every cached page stale (connected to publish/unpublish signals)."""
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def _cache_key(request, generation: int) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}"
    return f"pagecache:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _cacheable_request(request) -> bool:
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return len(request.get_full_path()) <= 512


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
        try:
            key = _cache_key(request, current_generation())
            stored = page_cache().get(key)
        except Exception:  # a cache outage must never stop a child reading help
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            body, headers = stored
            response = HttpResponse(body)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            headers = {name: response[name] for name in STORED_HEADERS if name in response}
            try:
                page_cache().set(
                    key, (response.content, headers), timeout=settings.PAGE_CACHE_SECONDS
                )
            except Exception:
                logger.warning("Page cache unavailable", exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response
