"""Run by test_killed_mid_clean in its own process, which it kills with SIGKILL mid-clean.

    python killed_cleaning.py clean     # posts a report with a large phone photo and
                                        # blocks inside the cleaning step, after the
                                        # cleaned copy is written, until it is killed
    python killed_cleaning.py start     # a new process starting up (AppConfig.ready)
    python killed_cleaning.py cleanup S # once started, lets S seconds pass for the
                                        # spool's files, then runs cleanup_orphan_evidence

Each prints one JSON line. The kill is a real SIGKILL: no `finally`, no atexit.
"""

import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstander.settings.test")
django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from reporting import receipts  # noqa: E402
from reporting.evidence import clean  # noqa: E402
from reporting.evidence.spool import spool_root  # noqa: E402
from tests.identifying_files import large_identifying_photo  # noqa: E402


def block_inside_cleaning() -> None:
    real = clean._reencode

    def reencode_then_block(*args, **kwargs):
        cleaned = real(*args, **kwargs)
        print(json.dumps({"cleaning": True}), flush=True)
        sys.stdin.read()  # until the test kills this process
        return cleaned

    clean._reencode = reencode_then_block
    Client().post(
        "/report/",
        {
            "step": "4",
            "nav": "send",
            "submission_token": "c" * 43,
            "receipt_words": receipts.generate_passphrase(),
            "danger_now": "no",
            "reporter_role": "me",
            "categories": ["nasty_messages"],
            "what_happened": "sent by a worker about to be killed while it cleans",
            "evidence": [SimpleUploadedFile("photo.jpg", large_identifying_photo(), "image/jpeg")],
        },
    )
    print(json.dumps({"survived": True}), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "clean":
        block_inside_cleaning()
    elif sys.argv[1] == "cleanup":
        # Aged only now, after start-up, so the command is what removes them.
        past = time.time() - float(sys.argv[2])
        for path in spool_root().rglob("*"):
            os.utime(path, (past, past))
        call_command("cleanup_orphan_evidence", verbosity=0)
        print(json.dumps({"cleaned_up": True}))
    else:
        print(json.dumps({"started": True}))
