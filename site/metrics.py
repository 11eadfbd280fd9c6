"""`/metrics`: Prometheus text format for a trust's monitoring (prometheus_client).

Reachable only from this machine (the address the trusted proxies saw, see
upstander.ratelimit.client_address) or by a signed-in staff user who passed
their second factor; anyone else gets a plain 404, so the endpoint is not
advertised. The shipped nginx site refuses it from outside too.

Rule 1 shapes every label: requests are counted by route group (a fixed,
short list below), method and status class; never by path, query, case
reference, school or anything a pupil wrote. Alerts, reports and task
failures are bare counts.

With several gunicorn workers, set PROMETHEUS_MULTIPROC_DIR to an empty folder
the workers share: prometheus_client then adds up every worker's counters.
"""

from __future__ import annotations

import ipaddress
import os
import time

from django.db.models import Min
from django.db.models.signals import post_save
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from .ratelimit import client_address

# First matching prefix names the group; everything else is a Wagtail page.
ROUTE_GROUPS = (
    ("/report/follow-up/", "followup"),
    ("/report/", "report"),
    ("/admin/", "admin"),
    ("/media/", "media"),
    ("/static/", "static"),
    ("/documents/", "documents"),
    ("/healthz", "health"),
    ("/metrics", "metrics"),
    ("/theme/", "theme"),
    ("/search", "search"),
)
OTHER_GROUP = "page"

REQUESTS = Counter(
    "upstander_http_requests",
    "Requests answered, by route group, method and status class.",
    ["route_group", "method", "status"],
)
LATENCY = Histogram(
    "upstander_http_request_duration_seconds",
    "Time to answer a request, by route group.",
    ["route_group"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
REPORTS = Counter("upstander_reports_received", "Reports and disclosures saved as new cases.")
TASK_FAILURES = Counter("upstander_task_failures", "Background tasks that ended in failure.")
KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def route_group(path: str) -> str:
    for prefix, group in ROUTE_GROUPS:
        if path.startswith(prefix):
            return group
    return OTHER_GROUP


class RequestMetricsMiddleware:
    """Counts and times every request by route group (put first in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        group = route_group(request.path_info)
        method = request.method if request.method in KNOWN_METHODS else "other"
        REQUESTS.labels(group, method, f"{response.status_code // 100}xx").inc()
        LATENCY.labels(group).observe(time.perf_counter() - started)
        return response


class SafeguardingCollector(Collector):
    """Read at scrape time: alerts waiting to reach leads, and the cache breaker."""

    def describe(self):
        # Registering must not query the database (it may not exist yet).
        return []

    def collect(self):
        from reporting.choices import NotificationStatus
        from reporting.models import Notification

        from .cache_breaker import all_breakers

        waiting = Notification.objects.filter(
            status__in=[NotificationStatus.PENDING, NotificationStatus.FAILED]
        )
        pending = GaugeMetricFamily(
            "upstander_alerts_pending", "Alerts to safeguarding leads not yet delivered."
        )
        pending.add_metric([], waiting.count())
        yield pending
        oldest = waiting.aggregate(oldest=Min("created_at"))["oldest"]
        age = GaugeMetricFamily(
            "upstander_alerts_pending_oldest_age_seconds",
            "How long the oldest undelivered alert has waited (0 when none).",
        )
        age.add_metric([], (timezone.now() - oldest).total_seconds() if oldest else 0.0)
        yield age
        breakers = all_breakers()
        errors = CounterMetricFamily(
            "upstander_cache_errors", "Cache calls that could not reach Redis (this process)."
        )
        errors.add_metric([], sum(b.failures for b in breakers))
        yield errors
        bypassed = CounterMetricFamily(
            "upstander_cache_bypassed",
            "Cache calls answered as misses while Redis was unreachable (this process).",
        )
        bypassed.add_metric([], sum(b.bypassed for b in breakers))
        yield bypassed
        open_now = GaugeMetricFamily(
            "upstander_cache_breaker_open", "1 while this process is skipping an unreachable Redis."
        )
        open_now.add_metric([], 1 if any(b.is_open for b in breakers) else 0)
        yield open_now


_safeguarding = SafeguardingCollector()
REGISTRY.register(_safeguarding)


def _count_new_case(sender, instance, created, **kwargs):
    if created:
        REPORTS.inc()


def _count_task_failure(sender, task_result, **kwargs):
    from django_tasks.base import TaskResultStatus

    if task_result.status == TaskResultStatus.FAILED:
        TASK_FAILURES.inc()


def connect_signals() -> None:
    from django_tasks.signals import task_finished

    from reporting.models import Case

    post_save.connect(_count_new_case, sender=Case, dispatch_uid="upstander-metrics-new-case")
    task_finished.connect(_count_task_failure, dispatch_uid="upstander-metrics-task-failure")


def _registry():
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(_safeguarding)
    return registry


def may_read_metrics(request) -> bool:
    try:
        if ipaddress.ip_address(client_address(request)).is_loopback:
            return True
    except ValueError:
        pass
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return False
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


@never_cache
@require_GET
def metrics_view(request):
    if not may_read_metrics(request):
        raise Http404("No such page")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
