"""Run by test_sqlite_concurrency in a separate process: N threads write at once.

Each thread opens its own connection (as each request in a threaded server
would) and writes a case with its report in one transaction.
"""

import os
import sys
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstander.settings.dev")
django.setup()

from django.db import connection, transaction  # noqa: E402
from wagtail.models import Site  # noqa: E402

from reporting.models import Case, Report  # noqa: E402

WRITERS = int(sys.argv[1])
barrier = threading.Barrier(WRITERS)
errors: list[str] = []
school = Site.objects.get(is_default_site=True)


def write_one(index: int) -> None:
    try:
        barrier.wait()
        with transaction.atomic():
            case = Case.objects.create(school=school, submission_key=f"concurrent-{index}")
            Report.objects.create(case=case, what_happened=f"writer {index}")
    except Exception as error:  # recorded and reported, the test fails on any
        errors.append(f"{type(error).__name__}: {error}")
    finally:
        connection.close()


threads = [threading.Thread(target=write_one, args=(i,)) for i in range(WRITERS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(f"cases={Case.objects.filter(submission_key__startswith='concurrent-').count()}")
for error in errors:
    print(f"error={error}")
