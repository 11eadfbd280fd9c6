"""Count SQL queries per request, in-process against the benchmark's database.

Run by the driver with the benchmark's environment:
    python -m bench.queries '{"urls": {...}, "cookie": "sessionid=…"}'
    python -m bench.queries '{"count_submissions": ["key", …]}'
"""

import json
import os
import sys

import django


def main() -> None:
    request = json.loads(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstander.settings.base")
    os.environ["PAGE_CACHE_ENABLED"] = "false"
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if "count_submissions" in request:
        from reporting.models import Case
        from reporting.services.submission import submission_key_for

        keys = [submission_key_for(token) for token in request["count_submissions"]]
        stored = list(
            Case.objects.filter(submission_key__in=keys).values_list("submission_key", flat=True)
        )
        print(
            "QUERIES "
            + json.dumps(
                {"expected": len(keys), "stored": len(stored), "distinct": len(set(stored))}
            )
        )
        return

    client = Client(HTTP_HOST="127.0.0.1")
    name, _, value = request["cookie"].partition("=")
    counts = {}
    for label, url in request["urls"].items():
        staff = url.startswith("/admin/")
        client.cookies.clear()
        if staff:
            client.cookies[name] = value
        client.get(url)  # first request warms per-process caches (site root paths, settings)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        counts[label] = len(captured.captured_queries)
    print("QUERIES " + json.dumps(counts))


if __name__ == "__main__":
    main()
