"""Run by tests/faults/test_worker_survives_outages.py against the test's own PostgreSQL.

    python alert_worker_helper.py setup            # migrate; a lead for the default school
    python alert_worker_helper.py queue N          # N new cases, each with its alert queued
    python alert_worker_helper.py inspect          # every alert's status, as JSON
    python alert_worker_helper.py healthz          # what /healthz answers, as JSON

Each prints one JSON line. Cases are made as the report service makes them: the
case and its queued alert in one transaction.
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.faults.fault_settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.models import Site  # noqa: E402

from reporting.models import Case, Notification  # noqa: E402
from reporting.notifications import notification_enqueue  # noqa: E402
from tests.builders import make_lead  # noqa: E402


def setup() -> dict:
    call_command("migrate", verbosity=0, interactive=False)
    make_lead(username="lead", school=Site.objects.get(is_default_site=True))
    return {"ready": True}


def queue(count: int) -> dict:
    school = Site.objects.get(is_default_site=True)
    references = []
    for _ in range(count):
        with transaction.atomic():
            case = Case.objects.create(school=school)
            notification_enqueue(case=case)
        references.append(case.reference)
    return {"queued": references}


def inspect() -> dict:
    return {"alerts": dict(Notification.objects.values_list("case__reference", "status"))}


def healthz() -> dict:
    response = Client().get("/healthz")
    return {"status_code": response.status_code, "body": response.json()}


if __name__ == "__main__":
    action, *arguments = sys.argv[1:]
    if action == "queue":
        result = queue(int(arguments[0]))
    else:
        result = {"setup": setup, "inspect": inspect, "healthz": healthz}[action]()
    print(json.dumps(result))
