"""`cleanup_orphan_evidence`: files a dead request left behind, and held files nobody sent."""

import os
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from reporting.evidence import store
from reporting.models import Case, EvidenceFile, PendingUpload
from reporting.services.submission import pending_uploads_add
from tests.reporting.conftest import report_data, upload

pytestmark = pytest.mark.django_db


def age(path, hours=2):
    old = time.time() - hours * 3600
    os.utime(path, (old, old))


def test_orphans_and_expired_held_files_are_removed_and_owned_files_kept(client, school):
    client.post(
        "/report/",
        {**report_data(), "evidence": [upload("kept.txt", b"kept\n", "text/plain")]},
        follow=True,
    )
    owned = store.evidence_path(EvidenceFile.objects.get().storage_key)
    # A file written just before its transaction failed: no row points to it.
    orphan_key, _ = store.write_encrypted([b"orphan"])
    orphan = store.evidence_path(orphan_key)
    fresh_key, _ = store.write_encrypted([b"in flight"])
    # A file held for a form that was never sent.
    held, _ = pending_uploads_add(
        files=[upload("held.txt", b"held\n", "text/plain")], already_held=[]
    )
    pending = PendingUpload.objects.get()
    PendingUpload.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    for path in (owned, orphan, store.evidence_path(pending.storage_key)):
        age(path)

    call_command("cleanup_orphan_evidence", "--dry-run")
    assert orphan.exists() and PendingUpload.objects.exists()

    call_command("cleanup_orphan_evidence")
    assert owned.exists() and Case.objects.count() == 1
    assert not orphan.exists()
    assert store.evidence_path(fresh_key).exists()  # too young: may belong to a running submission
    assert not PendingUpload.objects.exists()
    assert not store.evidence_path(pending.storage_key).exists()


def test_a_failed_transaction_leaves_no_half_saved_case(client, school, monkeypatch):
    from reporting.services import submission

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(submission, "notification_enqueue", broken)
    client.raise_request_exception = False
    response = client.post(
        "/report/",
        {**report_data(), "evidence": [upload("a.txt", b"a\n", "text/plain")]},
        follow=True,
    )
    assert response.status_code == 500
    assert Case.objects.count() == 0 and EvidenceFile.objects.count() == 0
    # The held file is still there (the pupil may retry); the sweep removes it once expired.
    assert PendingUpload.objects.count() == 1
