"""A search is often a disclosure: it is never stored anywhere, and nobody can tell it was made.

The attacker here can read every cache backend (Redis keys and values, the file
cache, each process's local-memory caches) and every file under var/, or can
send the same search again and compare what comes back.
"""

import pickle
import uuid
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches

from upstander import pagecache


def _unpickled_text(raw: bytes) -> str:
    try:
        return repr(pickle.loads(raw))  # noqa: S301 - our own cache's values, read back in a test
    except Exception:
        return ""


def _file_cache_text(path: Path) -> str:
    """Django's file cache: a pickled expiry, then a zlib-compressed pickle of the value."""
    raw = path.read_bytes()
    with path.open("rb") as handle:
        try:
            pickle.load(handle)  # noqa: S301 - the expiry, written by our own cache
            inner = zlib.decompress(handle.read())
        except Exception:
            return raw.decode("latin-1")
    return raw.decode("latin-1") + inner.decode("latin-1") + _unpickled_text(inner)


def _everything_stored() -> str:
    """Every key and value in every cache, and every file under var/, as text."""
    parts = []
    for alias, config in settings.CACHES.items():
        cache = caches[alias]
        backend = config["BACKEND"]
        if backend.endswith("LocMemCache"):
            for key, value in list(cache._cache.items()):
                parts += [key, value.decode("latin-1"), _unpickled_text(value)]
        elif backend.endswith("FileBasedCache"):
            for path in Path(config["LOCATION"]).rglob("*"):
                if path.is_file():
                    parts += [str(path), _file_cache_text(path)]
        elif backend.endswith("RedisCache"):
            client = cache.client.get_client()
            for key in client.keys("*"):
                raw = client.get(key) or b""
                parts += [key.decode("latin-1"), raw.decode("latin-1"), _unpickled_text(raw)]
        else:
            pytest.fail(f"cache {alias} ({backend}) is not scanned by this test")
    for path in Path(settings.VAR_DIR).rglob("*"):
        if path.is_file():
            parts += [str(path), _file_cache_text(path)]
    return "\n".join(parts)


@pytest.fixture
def phrase():
    return f"my stepdad hits me {uuid.uuid4().hex[:10]}"


@pytest.fixture
def page_cache_in_var(settings):
    """The embedded profile's page cache (files under var/), or Redis when REDIS_URL is set."""
    if not settings.REDIS_URL:
        settings.CACHES = {
            **settings.CACHES,
            "pages": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(Path(settings.VAR_DIR) / "cache" / "pages"),
            },
        }
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_a_search_leaves_its_words_in_no_cache_and_no_file(
    client, guide, phrase, page_cache_in_var
):
    for query in (phrase, f"blocking {phrase}"):
        for _ in range(3):
            response = client.get("/search/", {"q": query, "age": "11-16"})
            assert response.status_code == 200
            html = response.content.decode()
            assert phrase in html  # the page did carry the words: it is what must not be kept
    assert "Blocking people" in html  # and found the guide
    # Other pages are still cached (the scan looks where pages go).
    client.get(guide.url)
    client.get(guide.url)
    stored = _everything_stored()
    assert "Blocking people" in stored
    assert phrase not in stored
    assert phrase.split()[-1] not in stored  # not even the unusual word alone


@pytest.mark.parametrize(
    ("query", "stored"),
    [
        ({"q": "my stepdad hits me"}, False),
        ({"age": "11-16", "note": "my stepdad hits me"}, False),
        ({"topic": "my stepdad hits me"}, False),
        ({"age": "16+", "topic": "gaming", "page": "2"}, True),
        ({}, True),
    ],
)
def test_only_addresses_whose_query_holds_no_typed_words_are_cacheable(rf, query, stored):
    request = rf.get("/pupils/", query)
    assert pagecache._cacheable_request(request) is stored


def test_a_listing_with_only_its_filters_is_still_cached(client, guide, page_cache_in_var):
    client.get("/pupils/", {"age": "11-16"})
    stored = _everything_stored()
    assert "Blocking people" in stored


def headers_but_the_clock(response) -> dict:
    # Expires is "now" (never_cache) and may tick over a second between two requests.
    return {name: value for name, value in response.headers.items() if name != "Expires"}


def test_a_second_identical_search_cannot_tell_whether_anyone_searched_before(
    client, guide, phrase, page_cache_in_var
):
    first = client.get("/search/", {"q": phrase})
    second = client.get("/search/", {"q": phrase})
    assert first.status_code == second.status_code == 200
    assert headers_but_the_clock(first) == headers_but_the_clock(second)
    assert first.content == second.content
    assert "X-Page-Cache" not in second
    # Nor can the browser or a proxy keep it.
    assert "no-store" in second["Cache-Control"]


def test_whether_a_page_came_from_the_cache_is_not_told_to_the_public(
    client, guide, page_cache_in_var
):
    first = client.get(guide.url)
    second = client.get(guide.url)
    assert second.content == first.content
    assert pagecache.page_cache().get(pagecache._cache_key(second.wsgi_request)) is not None
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert dict(first.headers) == dict(second.headers)
