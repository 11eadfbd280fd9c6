"""Security headers on public, report and admin pages, and `check --deploy` in production.

Claims: CSP without 'unsafe-inline' scripts on public and report
pages; HSTS, nosniff, frame-ancestors 'none', Referrer-Policy,
Permissions-Policy; the admin has its own policy with no third-party host;
`manage.py check --deploy` is clean in the production profile.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from wagtail.models import Page

from tests.security.helpers import verified_login

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_no_third_party_sources(directives):
    for name, sources in directives.items():
        for source in sources:
            if name == "frame-src":
                continue  # click-to-load video players only (public policy)
            assert not re.match(r"^(https?:|\*|//)", source), (name, source)


@pytest.mark.parametrize("path", ["/", "/report/"])
def test_public_and_report_pages_send_a_strict_policy_and_safety_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives.get("script-src", [])
    assert "'unsafe-eval'" not in directives.get("script-src", [])
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert_no_third_party_sources(directives)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] in {"same-origin", "no-referrer"}
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions


def test_a_cached_public_page_keeps_its_security_headers(client):
    first = client.get("/")
    second = client.get("/")
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
        assert second[header] == first[header]
    assert second["X-Content-Type-Options"] == "nosniff"


def test_report_pages_send_no_referrer_to_other_sites(client):
    assert client.get("/report/")["Referrer-Policy"] == "same-origin"


def test_a_browser_style_report_post_with_its_origin_passes_csrf(db):
    """Browsers send Origin with a form POST; a policy of no-referrer would make it
    "null" and Django would refuse every report (found by the browser journeys)."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/report/")
    token = page.cookies["csrftoken"].value
    response = browser.post(
        "/report/",
        {"csrfmiddlewaretoken": token, "step": "0", "nav": "next"},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code != 403
    refused = browser.post("/report/", {"csrfmiddlewaretoken": token}, HTTP_ORIGIN="null")
    assert refused.status_code == 403
    # Even a refused form shows how to get help now, and quick exit.
    assert b"data-quick-exit" in refused.content and b"0800 1111" in refused.content


def test_hsts_is_sent_over_https_in_the_production_profile(client, settings):
    from django.conf import settings as live

    # The production profile's values (test.py turns HSTS off for plain-HTTP tests).
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert live.SECURE_HSTS_SECONDS == 31536000


def test_the_admin_has_its_own_policy_with_no_third_party_host_and_no_framing(client, staff_member):
    client.force_login(staff_member)
    response = client.get("/admin/")
    assert response.status_code == 200
    directives = policy(response)
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert_no_third_party_sources(directives)
    assert "youtube" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/security/verify/"])
def test_sign_in_pages_get_the_strict_script_policy(client, lead, path):
    if path != "/admin/login/":
        from tests.security.helpers import DEMO_KEY_HEX
        from upstander.staff_auth import otp_demo_device

        otp_demo_device(lead, DEMO_KEY_HEX)
        client.force_login(lead)
    response = client.get(path)
    assert response.status_code == 200
    assert policy(response)["script-src"] == ["'self'"]
    assert "<script>" not in response.content.decode()


def test_the_page_editor_opens_under_the_admin_policy(client, superuser):
    verified_login(client, superuser)
    page = Page.objects.filter(depth=2).first()
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    directives = policy(response)
    assert directives["frame-ancestors"] == ["'none'"]
    assert_no_third_party_sources(directives)


def test_live_preview_may_be_framed_by_the_admin_only(client, superuser):
    verified_login(client, superuser)
    page = Page.objects.filter(depth=2).first().specific
    response = client.get(f"/admin/pages/{page.pk}/edit/preview/?mode=")
    if response.status_code != 200:
        pytest.skip("this page type has no preview")
    assert policy(response)["frame-ancestors"] == ["'self'"]


def _production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "upstander.settings.base",
            "UPSTANDER_VAR_DIR": "/tmp/upstander-security-deploy-check",
            "SECRET_KEY": "a-long-random-production-secret-" + "q7Z" * 12,
            "ENCRYPTION_KEYS": "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        }
    )
    env.update(extra)
    return env


def test_check_deploy_is_clean_in_the_production_profile():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_redirects_to_https_unless_told_it_sits_behind_a_tls_proxy():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    default = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert default.stdout.split() == ["True", "True", "31536000", "None"], default.stderr
    proxied = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=_production_env(BEHIND_TLS_PROXY="true", SECURE_SSL_REDIRECT="false"),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in proxied.stdout, proxied.stderr
    assert proxied.stdout.startswith("False True 31536000")
