"""`/healthz` names each part a report depends on and fails when any is down.

Each dependency is made to fail for real where the test can (a Redis of the
test's own stopped, an evidence folder that cannot be written, a worker whose
heartbeat is old, an alert left waiting), and the answer must be 503 naming
that part, with everything else still reported as up.
"""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from reporting.choices import NotificationStatus
from reporting.models import Case, Notification, PeriodicJobLease, WorkerHeartbeat
from tests.faults.private_services import PrivateRedis

pytestmark = pytest.mark.django_db

PARTS = {"database", "cache", "evidence_store", "disk", "worker", "scheduler", "alerts"}


@pytest.fixture(autouse=True)
def _private_evidence_root(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"


@pytest.fixture(autouse=True)
def scheduler_ran(db):
    """The periodic jobs ran a minute ago (most tests are about something else)."""
    return PeriodicJobLease.objects.create(
        name="publish_scheduled", last_started_at=timezone.now() - timedelta(minutes=1)
    )


@pytest.fixture
def worker_alive(db):
    return WorkerHeartbeat.objects.create(worker_id="w1", last_seen_at=timezone.now())


def health(client):
    response = client.get("/healthz")
    return response.status_code, response.json()


def test_all_parts_are_named_and_up_with_a_live_worker_and_nothing_waiting(client, worker_alive):
    status, body = health(client)
    assert status == 200, body
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body) >= PARTS
    assert all(body[part]["ok"] for part in PARTS)
    assert body["worker"]["last_seen_seconds_ago"] <= 1
    assert body["alerts"]["oldest_waiting_seconds"] is None
    assert body["disk"]["free_mb"]["spool"] > 0 and body["disk"]["free_mb"]["evidence"] > 0


def test_a_worker_never_seen_fails_the_check(client):
    status, body = health(client)
    assert status == 503 and body["failing"] == ["worker"]
    assert body["worker"] == {"ok": False, "last_seen_seconds_ago": None}


@pytest.mark.parametrize(("seconds_ago", "healthy"), [(100, True), (130, False)])
def test_the_worker_fails_the_check_after_two_minutes_of_silence(client, seconds_ago, healthy):
    WorkerHeartbeat.objects.create(
        worker_id="w1", last_seen_at=timezone.now() - timedelta(seconds=seconds_ago)
    )
    status, body = health(client)
    assert (status == 200) is healthy, body
    assert body["worker"]["ok"] is healthy
    assert seconds_ago <= body["worker"]["last_seen_seconds_ago"] <= seconds_ago + 5


def test_the_newest_of_several_workers_counts(client):
    WorkerHeartbeat.objects.create(
        worker_id="old", last_seen_at=timezone.now() - timedelta(hours=3)
    )
    WorkerHeartbeat.objects.create(worker_id="new", last_seen_at=timezone.now())
    assert health(client)[0] == 200


@pytest.mark.parametrize(("minutes_ago", "healthy"), [(4, True), (6, False)])
def test_the_scheduler_fails_the_check_after_five_minutes_without_a_job(
    client, worker_alive, scheduler_ran, minutes_ago, healthy
):
    scheduler_ran.last_started_at = timezone.now() - timedelta(minutes=minutes_ago)
    scheduler_ran.save()
    status, body = health(client)
    assert (status == 200) is healthy, body
    assert body["failing"] == ([] if healthy else ["scheduler"])
    assert body["scheduler"]["last_ran_seconds_ago"] >= minutes_ago * 60


def test_a_scheduler_that_never_ran_fails_the_check(client, worker_alive, scheduler_ran):
    scheduler_ran.delete()
    status, body = health(client)
    assert status == 503 and body["scheduler"] == {"ok": False, "last_ran_seconds_ago": None}


@pytest.mark.parametrize(
    ("status", "minutes_ago", "healthy"),
    [
        (NotificationStatus.PENDING, 4, True),
        (NotificationStatus.PENDING, 6, False),
        (NotificationStatus.FAILED, 6, False),
        (NotificationStatus.SENT, 60, True),
    ],
)
def test_an_alert_waiting_more_than_five_minutes_fails_the_check_without_naming_its_case(
    client, school, worker_alive, status, minutes_ago, healthy
):
    case = Case.objects.create(school=school)
    Notification.objects.create(
        case=case, status=status, created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    code, body = health(client)
    assert (code == 200) is healthy, body
    assert body["alerts"]["ok"] is healthy
    assert body["failing"] == ([] if healthy else ["alerts"])
    if status != NotificationStatus.SENT:
        assert minutes_ago * 60 <= body["alerts"]["oldest_waiting_seconds"] <= minutes_ago * 60 + 5
    raw = json.dumps(body)
    assert case.reference not in raw and str(case.pk) not in raw


def test_the_database_down_fails_the_check_naming_it(client, worker_alive):
    with mock.patch("upstander.healthz.connection.cursor", side_effect=OperationalError("down")):
        status, body = health(client)
    assert status == 503 and "database" in body["failing"]
    assert body["cache"]["ok"] and body["evidence_store"]["ok"]


def test_the_cache_stopped_fails_the_check_naming_it(client, settings, worker_alive):
    redis = PrivateRedis()
    redis.start()
    try:
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": redis.url,
                "OPTIONS": {
                    "CLIENT_CLASS": "django_redis.client.DefaultClient",
                    "IGNORE_EXCEPTIONS": True,
                    "SOCKET_CONNECT_TIMEOUT": 0.5,
                    "SOCKET_TIMEOUT": 0.5,
                },
            },
        }
        status, body = health(client)
        assert status == 200 and body["cache"]["ok"], body
        redis.stop()
        status, body = health(client)
        assert status == 503 and body["failing"] == ["cache"], body
    finally:
        redis.stop()


def test_an_evidence_store_that_cannot_be_written_fails_the_check_naming_it(
    client, settings, tmp_path, worker_alive
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the evidence folder should be")
    settings.EVIDENCE_ROOT = blocker / "evidence"
    status, body = health(client)
    assert status == 503 and body["failing"] == ["evidence_store"], body


def test_the_evidence_probe_leaves_nothing_behind(client, settings, worker_alive):
    assert health(client)[0] == 200
    left = [path for path in settings.EVIDENCE_ROOT.rglob("*") if path.is_file()]
    assert left == []


def test_too_little_free_disk_fails_the_check_naming_it(client, settings, worker_alive):
    status, body = health(client)
    settings.HEALTH_MIN_FREE_DISK_MB = body["disk"]["free_mb"]["evidence"] + 10_000_000
    status, body = health(client)
    assert status == 503 and body["failing"] == ["disk"]


def test_the_disk_check_watches_the_upload_spool(client, settings, tmp_path, worker_alive):
    settings.SPOOL_ROOT = tmp_path / "spool"
    with mock.patch(
        "upstander.healthz.shutil.disk_usage",
        side_effect=lambda path: mock.Mock(free=0 if str(path).endswith("spool") else 10**12),
    ):
        (tmp_path / "spool").mkdir()
        status, body = health(client)
    assert status == 503 and body["disk"]["free_mb"]["spool"] == 0


def test_healthz_reveals_no_versions_paths_or_secrets(client, settings, worker_alive):
    body = client.get("/healthz").content.decode()
    for secret_or_detail in [
        settings.SECRET_KEY,
        str(settings.BASE_DIR),
        str(settings.EVIDENCE_ROOT),
        "django",
        "wagtail",
        "python",
        "redis://",
    ]:
        assert secret_or_detail.lower() not in body.lower()
