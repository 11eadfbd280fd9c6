"""Run by test_killed_mid_submission in its own process, which it may kill with SIGKILL.

    python killed_submission.py submit <kill point>   # sends one report with one file
    python killed_submission.py inspect [hours]       # prints what is stored, as JSON;
                                                      # with hours: lets that much time
                                                      # pass, runs cleanup_orphan_evidence
                                                      # and prints again

Kill points: "after_file_written" (the evidence file is on disk, its row not yet
written) and "inside_transaction" (the case, report, receipt and evidence rows are
written, the transaction not yet committed). The kill is a real SIGKILL: no
exception handler, no atexit, no rollback by Python; only the database's own.
"""

import json
import os
import signal
import sys
import time
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstander.settings.test")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from reporting import receipts  # noqa: E402
from reporting.evidence import store  # noqa: E402
from reporting.models import Case, EvidenceFile, PendingUpload, Receipt, Report  # noqa: E402
from reporting.services import submission  # noqa: E402


def die():
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def submit(kill_point: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    if kill_point == "after_file_written":
        real = submission.process_upload

        def process_then_die(upload):
            stored = real(upload)
            print(json.dumps({"written": stored.storage_key}))
            die()

        submission.process_upload = process_then_die
    elif kill_point == "inside_transaction":

        def audit_then_die(**kwargs):
            print(json.dumps({"rows_in_transaction": EvidenceFile.objects.count()}))
            die()

        submission.audit_record = audit_then_die
    else:
        raise SystemExit(f"unknown kill point {kill_point}")
    Client().post(
        "/report/",
        {
            "step": "4",
            "nav": "send",
            "submission_token": "k" * 43,
            "receipt_words": receipts.generate_passphrase(),
            "danger_now": "no",
            "reporter_role": "me",
            "categories": ["nasty_messages"],
            "what_happened": "sent by a process about to be killed",
            "evidence": [SimpleUploadedFile("shot.txt", b"evidence words\n", "text/plain")],
        },
        follow=True,
    )
    print(json.dumps({"survived": True}))


def state() -> dict:
    root = store.evidence_root()
    files = (
        sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())
        if root.exists()
        else []
    )
    return {
        "cases": Case.objects.count(),
        "reports": Report.objects.count(),
        "receipts": Receipt.objects.count(),
        "evidence_rows": EvidenceFile.objects.count(),
        "pending_rows": PendingUpload.objects.count(),
        "files": files,
    }


def inspect(hours: float | None) -> None:
    before = state()
    if hours is None:
        print(json.dumps(before))
        return
    # Let the time pass: held files expire, and files leave the one-hour grace period.
    past = time.time() - hours * 3600
    root = store.evidence_root()
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))
    PendingUpload.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    call_command("cleanup_orphan_evidence", verbosity=0)
    print(json.dumps({"before": before, "after": state()}))


if __name__ == "__main__":
    if sys.argv[1] == "submit":
        submit(sys.argv[2])
    else:
        inspect(float(sys.argv[2]) if len(sys.argv) > 2 else None)
