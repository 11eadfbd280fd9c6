"""`/healthz`: can a pupil's report be saved and will a lead hear of it?

For a load balancer and the school's monitoring. Each part a report depends on
is checked and named in the JSON; the answer is 503 when any is down, so a
stopped alert worker or an alert stuck for minutes turns the check red instead
of leaving reports unseen. The body holds only yes/no, ages and free space:
never a case reference, a count of cases, a path, a version or an error text.
"""

import contextlib
import io
import shutil
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reporting import alert_health
from reporting.evidence import store

from . import cache_breaker


def database_answers() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return {"ok": cursor.fetchone() == (1,)}


def cache_answers() -> dict:
    # django-redis is set to swallow errors, so a round trip is the only proof.
    # While the breaker is open the round trip is skipped and fails, so a paused
    # Redis shows as down here without this check waiting on it either.
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=5)
    answered = cache.get(key) == "ok"
    cache.delete(key)
    return {"ok": answered, "bypassed": any(b.is_open for b in cache_breaker.all_breakers())}


def evidence_store_answers() -> dict:
    """Write, read back and delete a probe through the evidence storage itself."""
    key = f"healthz/{uuid.uuid4().hex}.probe"
    probe = uuid.uuid4().bytes
    try:
        store.put_stored(key, io.BytesIO(probe))
        with store.open_stored(key) as stored:
            read_back = stored.read()
    finally:
        with contextlib.suppress(Exception):
            store.delete(key)
    return {"ok": read_back == probe}


def worker_heartbeat() -> dict:
    age = alert_health.worker_last_seen_seconds_ago()
    return {"ok": alert_health.worker_is_alive(age), "last_seen_seconds_ago": age}


def scheduler_runs() -> dict:
    age = alert_health.scheduler_last_ran_seconds_ago()
    return {"ok": alert_health.scheduler_is_running(age), "last_ran_seconds_ago": age}


def oldest_undelivered_alert() -> dict:
    age = alert_health.oldest_waiting_alert_seconds()
    return {"ok": alert_health.alerts_are_flowing(age), "oldest_waiting_seconds": age}


def folders_to_watch() -> dict[str, Path]:
    """Where a report's files are written: the upload spool and the evidence folder."""
    spool = (
        getattr(settings, "SPOOL_ROOT", None)
        or settings.FILE_UPLOAD_TEMP_DIR
        or tempfile.gettempdir()
    )
    folders = {"spool": Path(spool)}
    if isinstance(store.evidence_storage(), store.EvidenceFileSystemStorage):
        folders["evidence"] = Path(settings.EVIDENCE_ROOT)
    return folders


def existing_parent(path: Path) -> Path:
    # A folder made on first use may not exist yet: its disk is its parent's.
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def free_disk() -> dict:
    minimum = settings.HEALTH_MIN_FREE_DISK_MB
    free_mb = {
        name: shutil.disk_usage(existing_parent(path)).free // (1024 * 1024)
        for name, path in folders_to_watch().items()
    }
    return {"ok": all(value >= minimum for value in free_mb.values()), "free_mb": free_mb}


CHECKS = {
    "database": database_answers,
    "cache": cache_answers,
    "evidence_store": evidence_store_answers,
    "disk": free_disk,
    "worker": worker_heartbeat,
    "scheduler": scheduler_runs,
    "alerts": oldest_undelivered_alert,
}


def run_check(check) -> dict:
    try:
        return check()
    except Exception:
        # The error text could name a host or a path: the check says only "down".
        return {"ok": False}


@never_cache
@require_GET
def healthz(request):
    parts = {name: run_check(check) for name, check in CHECKS.items()}
    failing = [name for name, part in parts.items() if not part["ok"]]
    return JsonResponse(
        {"status": "unavailable" if failing else "ok", "failing": failing, **parts},
        status=503 if failing else 200,
    )
