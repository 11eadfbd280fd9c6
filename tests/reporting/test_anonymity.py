"""No table row, cache entry or log line written during a submission holds the client's address,
forwarded address, user agent or referrer."""

import logging
import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test import Client

from reporting.models import Case
from tests.reporting.conftest import jpeg_with_exif, report_data, upload

pytestmark = pytest.mark.django_db

SENTINELS = {
    "REMOTE_ADDR": "203.0.113.199",
    "HTTP_X_FORWARDED_FOR": "198.51.100.77",
    "HTTP_X_REAL_IP": "192.0.2.55",
    "HTTP_USER_AGENT": "SentinelAgent/9.9 (Sentinel)",
    "HTTP_REFERER": "https://sentinel-referrer.example/page",
}
NEEDLES = ("203.0.113.199", "198.51.100.77", "192.0.2.55", "SentinelAgent", "sentinel-referrer")


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def captured_logs():
    handler = Capture()
    loggers = [
        logging.getLogger(name)
        for name in ("", "django", "django.request", "django.server", "reporting", "upstander")
    ]
    saved = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler
    for logger, level in saved:
        logger.removeHandler(handler)
        logger.setLevel(level)


def every_stored_text() -> list[str]:
    texts = []
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from introspection
            texts.extend(repr(row) for row in cursor.fetchall())
    # Encrypted columns are ciphertext above; read them decrypted through the models too.
    for model in apps.get_models():
        if model._meta.db_table not in tables:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if f.get_internal_type() in {"TextField", "CharField", "JSONField"}
        ]
        if fields:
            texts.extend(repr(values) for values in model.objects.values_list(*fields))
    return texts


def test_no_row_cache_entry_or_log_line_holds_the_clients_address_or_browser(
    school, captured_logs, lead
):
    client = Client(**SENTINELS)
    client.get("/report/")
    client.post("/report/", report_data(step="0", nav="next"), follow=True)
    data = report_data()
    response = client.post(
        "/report/", {**data, "evidence": [upload("p.jpg", jpeg_with_exif())]}, follow=True
    )
    assert response.status_code == 200
    case = Case.objects.get()
    page = client.post(
        "/report/follow-up/", {"reference": case.reference, "passphrase": data["receipt_words"]}
    )
    token = re.search(r'name="followup_token" value="([^"]+)"', page.content.decode()).group(1)
    client.post(
        "/report/follow-up/",
        {
            "followup_token": token,
            "nav": "reply",
            "message": "more",
            "evidence": [upload("q.jpg", jpeg_with_exif())],
        },
    )
    client.post(
        "/report/follow-up/", {"reference": case.reference, "passphrase": "wrong words here now x"}
    )
    client.post(
        "/report/",
        {**report_data(), "evidence": [upload("bad.svg", b"<svg><script/></svg>")]},
        follow=True,
    )
    client.get("/report/does-not-exist/")
    Client(enforce_csrf_checks=True, **SENTINELS).post("/report/", report_data(), follow=True)

    stored = "\n".join(every_stored_text())
    for needle in NEEDLES:
        assert needle not in stored, needle

    if hasattr(cache, "keys"):  # django-redis
        cached = "\n".join(f"{key!r} {cache.get(key)!r}" for key in cache.keys("*"))
    else:
        cached = "\n".join(f"{key!r} {value!r}" for key, value in cache._cache.items())
    for needle in NEEDLES:
        assert needle not in cached, needle

    assert captured_logs.lines, "the capture should have seen the 403 and 404 warnings at least"
    logged = "\n".join(captured_logs.lines)
    for needle in NEEDLES:
        assert needle not in logged, needle
    # The passphrase never reaches a log line either.
    assert data["receipt_words"] not in logged


def test_report_views_hide_post_parameters_from_error_reports(rf, school):
    from django.views.debug import SafeExceptionReporterFilter

    from reporting import views

    request = rf.post("/report/", report_data(what_happened="very private words"), follow=True)
    request._dont_enforce_csrf_checks = True
    # Calling the decorated view marks the request; a forced failure shows what a report would hold.
    from unittest import mock

    with (
        mock.patch.object(views, "_school", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        views.report(request)
    filtered = SafeExceptionReporterFilter().get_post_parameters(request)
    assert "very private words" not in repr(dict(filtered))


def test_gunicorn_access_log_format_has_no_client_address_agent_or_referrer():
    from pathlib import Path

    config: dict = {}
    source = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    exec(compile(source.read_text(), str(source), "exec"), config)  # noqa: S102 - our own config file
    fmt = config["access_log_format"]
    for atom in (
        "%(h)s",
        "%(a)s",
        "%(f)s",
        "%(r)s",
        "%(q)s",
        "%(u)s",
        "{x-forwarded-for}i",
        "{x-real-ip}i",
    ):
        assert atom not in fmt.lower() if atom.startswith("{") else atom not in fmt
    assert config["loglevel"] in {"info", "warning", "error"}
