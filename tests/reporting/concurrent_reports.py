"""Run by test_concurrent_submissions in its own process: many pupils press "Send" at once.

Each thread is a separate browser (its own Client, its own address) posting a
complete report through the real view, so every request opens its own database
connection, as threads of a real server would. Some forms are sent twice at the
same moment (a double click), which must still make one case each.
"""

import os
import sys
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstander.settings.test")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from reporting import receipts  # noqa: E402
from reporting.models import Case, EvidenceFile, Notification, Receipt, Report  # noqa: E402

REPORTS = int(sys.argv[1])
DOUBLES = int(sys.argv[2])
forms = []
for index in range(REPORTS):
    forms.append(
        {
            "step": "4",
            "nav": "send",
            "submission_token": f"{index:043d}",
            "receipt_words": receipts.generate_passphrase(),
            "danger_now": "no",
            "reporter_role": "me",
            "categories": ["nasty_messages"],
            "what_happened": f"concurrent report {index}",
        }
    )
jobs = [(index, form) for index, form in enumerate(forms)] + [(i, forms[i]) for i in range(DOUBLES)]
barrier = threading.Barrier(len(jobs))
errors: list[str] = []


def send(index: int, form: dict) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    try:
        client = Client(REMOTE_ADDR=f"10.0.{index // 250}.{index % 250}")
        data = dict(form)
        data["evidence"] = [
            SimpleUploadedFile("n.txt", f"evidence {index}\n".encode(), "text/plain")
        ]
        barrier.wait()
        response = client.post("/report/", data, follow=True)
        if response.status_code != 200:
            errors.append(f"status {response.status_code} for report {index}")
    except Exception as error:  # recorded; the test fails on any
        errors.append(f"{type(error).__name__}: {error}")
    finally:
        connection.close()


threads = [threading.Thread(target=send, args=job) for job in jobs]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
texts = sorted(Report.objects.values_list("what_happened", flat=True))
print(f"cases={Case.objects.count()}")
print(f"reports={Report.objects.count()}")
print(f"receipts={Receipt.objects.count()}")
print(f"notifications={Notification.objects.count()}")
print(f"evidence={EvidenceFile.objects.count()}")
print(f"distinct_texts={len(set(texts))}")
for error in errors:
    print(f"error={error}")
