"""`/metrics` (upstander.metrics): the named series, for loopback and verified staff only,
and no label or value that carries a path, query, case reference or pupil's words."""

from __future__ import annotations

import re

import pytest
from django.core import mail  # noqa: F401 (the report alerts leads by mail in tests)

from reporting.models import Case, Notification
from tests.reporting.conftest import report_data

pytestmark = pytest.mark.django_db

OUTSIDE = "198.51.100.23"
PUPIL_WORDS = "pineapple-lighthouse"
SEARCH_MARKER = "quokkasearch"


def scrape(client) -> str:
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def sample(text: str, name: str, **labels) -> float:
    total = 0.0
    found = False
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        series, value = line.rsplit(" ", 1)
        if series.split("{")[0] != name:
            continue
        if all(f'{key}="{wanted}"' in series for key, wanted in labels.items()):
            total += float(value)
            found = True
    assert found, f"no {name} {labels} in the scrape"
    return total


def test_a_scrape_names_the_series_and_no_pupil(client, school):
    before = scrape(client)
    reports_before = sample(before, "upstander_reports_received_total")
    client.get(f"/search/?q={SEARCH_MARKER}")
    response = client.post("/report/", follow=True, data=report_data(what_happened=PUPIL_WORDS))
    assert "Your report has been sent" in response.content.decode()
    case = Case.objects.get()
    text = scrape(client)

    assert sample(text, "upstander_reports_received_total") == reports_before + 1
    assert (
        sample(  # the receipt is a 303 to its one-time page
            text, "upstander_http_requests_total", route_group="report", method="POST", status="3xx"
        )
        >= 1
    )
    assert sample(text, "upstander_http_requests_total", route_group="search", method="GET") >= 1
    assert sample(text, "upstander_http_request_duration_seconds_count", route_group="report") >= 1
    pending = Notification.objects.filter(status__in=["pending", "failed"]).count()
    assert sample(text, "upstander_alerts_pending") == pending
    assert sample(text, "upstander_alerts_pending_oldest_age_seconds") >= 0
    for name in (
        "upstander_task_failures_total",
        "upstander_cache_errors_total",
        "upstander_cache_breaker_open",
    ):
        sample(text, name)

    for marker in (PUPIL_WORDS, SEARCH_MARKER, case.reference, "/report/", "/search"):
        assert marker not in text
    ours = "\n".join(line for line in text.splitlines() if line.startswith("upstander_"))
    label_values = set(re.findall(r'="([^"]*)"', ours))
    assert label_values <= {
        "report",
        "followup",
        "admin",
        "media",
        "static",
        "documents",
        "health",
        "metrics",
        "theme",
        "search",
        "page",
        "GET",
        "HEAD",
        "POST",
        "PUT",
        "PATCH",
        "DELETE",
        "OPTIONS",
        "other",
        "1xx",
        "2xx",
        "3xx",
        "4xx",
        "5xx",
    } | {value for value in label_values if re.fullmatch(r"[0-9.e+]+|\+Inf", value)}


def test_pending_alerts_are_counted_with_their_age(client, school):
    client.post("/report/", follow=True, data=report_data(urgent="yes", danger_now="yes"))
    Notification.objects.update(status="pending", created_at="2020-01-01T00:00:00Z")
    text = scrape(client)
    assert sample(text, "upstander_alerts_pending") == Notification.objects.count() >= 1
    assert sample(text, "upstander_alerts_pending_oldest_age_seconds") > 3600 * 24 * 365


def test_metrics_are_not_found_from_outside(client, school):
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDE).status_code == 404


def test_behind_a_proxy_the_address_the_proxy_saw_decides(client, school, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=OUTSIDE)
    assert response.status_code == 404
    assert (
        client.get(
            "/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1"
        ).status_code
        == 200
    )


def test_staff_without_a_second_factor_are_refused(client, lead):
    client.force_login(lead)
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDE).status_code == 404
