import json
from unittest import mock

from django.db import OperationalError


def test_healthz_reports_database_and_cache(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "cache": True}


def test_healthz_reveals_no_versions_paths_or_secrets(client, db, settings):
    body = client.get("/healthz").content.decode()
    assert set(json.loads(body)) == {"status", "database", "cache"}
    for secret_or_detail in [
        settings.SECRET_KEY,
        str(settings.BASE_DIR),
        "django",
        "wagtail",
        "python",
    ]:
        assert secret_or_detail.lower() not in body.lower()


def test_healthz_answers_503_when_the_database_does_not(client, db):
    with mock.patch("upstander.healthz.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] is False


def test_healthz_answers_503_when_the_cache_does_not(client, db):
    with mock.patch("upstander.healthz.cache.get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] is False
