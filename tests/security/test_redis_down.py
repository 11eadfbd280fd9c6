"""When Redis cannot be reached, public pages and the report form still answer.

Decision (SECURITY.md, "Redis unreachable"): the cache ignores connection
errors and rate limits fail open (RATELIMIT_FAIL_OPEN), because a child who
needs to report matters more than a flood limit during an outage. Without
RATELIMIT_FAIL_OPEN django-ratelimit would treat every request as over the limit.
"""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django_ratelimit.decorators import ratelimit

from upstander.ratelimit import hashed_client_key

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    "OPTIONS": {
        "CLIENT_CLASS": "django_redis.client.DefaultClient",
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": 0.5,
        "SOCKET_TIMEOUT": 0.5,
    },
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": DEAD_REDIS, "pages": {**DEAD_REDIS, "KEY_PREFIX": "pages"}}
    return settings


@ratelimit(key=hashed_client_key, rate="1/h", block=True)
def limited_view(request):
    return HttpResponse("ok")


def test_public_page_and_report_form_answer_with_redis_down(client, redis_down):
    home = client.get("/")
    form = client.get("/report/")
    # Each page is rendered in full: the home page's heading, the form with help beside it.
    assert home.status_code == 200 and b"<h1>" in home.content
    assert form.status_code == 200 and b'name="submission_token"' in form.content
    assert b"Get help now" in form.content


def test_a_rate_limited_view_fails_open_with_redis_down(redis_down):
    factory = RequestFactory()
    for _ in range(3):
        assert limited_view(factory.post("/x/")).status_code == 200


def test_the_same_limit_does_block_when_the_cache_works(settings):
    from django_ratelimit.exceptions import Ratelimited

    factory = RequestFactory()
    assert limited_view(factory.post("/x/")).status_code == 200
    with pytest.raises(Ratelimited):
        limited_view(factory.post("/x/"))


def test_staff_login_still_answers_with_redis_down(client, redis_down, staff_member):
    from tests.builders import TEST_PASSWORD

    for _ in range(3):
        assert (
            client.post("/admin/login/", {"username": "teacher", "password": "no"}).status_code
            == 200
        )
    ok = client.post("/admin/login/", {"username": "teacher", "password": TEST_PASSWORD})
    assert ok.status_code == 302
