"""Staff login throttling, lockout logging, session idle expiry and password rules.

Claims: login attempts are throttled and lockouts are logged; staff
sessions expire after inactivity; Django's password validators are on; a forged
X-Forwarded-For does not get around a limit; no open redirect through `next=`.
"""

import logging
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone

from reporting.choices import AuditAction
from reporting.models import AuditEntry
from tests.builders import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, username, password, **extra):
    return client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}, **extra
    )


def test_five_wrong_passwords_lock_the_username_on_that_client(client, staff_member, caplog):
    caplog.set_level(logging.INFO)
    for _ in range(5):
        assert attempt(client, "teacher", "wrong-password").status_code in (200, 429)
    # Even the right password is refused now, with a kind message and a 429.
    locked = attempt(client, "teacher", TEST_PASSWORD)
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Too many attempts" in text and "try again in" in text
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_audited_and_logged_with_the_username_but_never_the_address(
    client, staff_member, caplog
):
    caplog.set_level(logging.INFO)
    for _ in range(6):
        attempt(client, "teacher", "wrong", REMOTE_ADDR="203.0.113.77")
    entries = AuditEntry.objects.filter(action=AuditAction.LOGIN_LOCKOUT)
    assert entries.count() == 1
    assert entries.get().detail["username"] == "teacher"
    assert "203.0.113.77" not in str(list(entries.values()))
    lockout_logs = [r.getMessage() for r in caplog.records if "locked out" in r.getMessage()]
    assert lockout_logs and "teacher" in lockout_logs[0]
    assert "203.0.113.77" not in caplog.text


def test_a_locked_username_does_not_lock_others_on_a_different_client(client, staff_member, lead):
    for _ in range(6):
        attempt(client, "teacher", "wrong", REMOTE_ADDR="198.51.100.1")
    # The real teacher on another machine still signs in.
    ok = attempt(client, "teacher", TEST_PASSWORD, REMOTE_ADDR="198.51.100.2")
    assert ok.status_code == 302


def test_one_client_guessing_many_usernames_is_stopped(client, db):
    for number in range(20):
        attempt(client, f"user{number}", "wrong", REMOTE_ADDR="198.51.100.9")
    assert attempt(client, "someone-new", "wrong", REMOTE_ADDR="198.51.100.9").status_code == 429


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_forged_x_forwarded_for_does_not_get_around_the_limit(
    client, staff_member, settings, proxies
):
    settings.TRUSTED_PROXY_COUNT = proxies
    for number in range(5):
        # The client invents a new "original address" each time; with one trusted
        # proxy, the proxy appends the address it really saw (the last entry).
        forged = f"10.0.0.{number}" + (", 192.0.2.50" if proxies else "")
        attempt(client, "teacher", "wrong", HTTP_X_FORWARDED_FOR=forged)
    forged = "10.9.9.9" + (", 192.0.2.50" if proxies else "")
    blocked = attempt(client, "teacher", TEST_PASSWORD, HTTP_X_FORWARDED_FOR=forged)
    assert blocked.status_code == 429


def test_behind_a_trusted_proxy_real_clients_get_separate_counters(client, staff_member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(6):
        attempt(client, "teacher", "wrong", HTTP_X_FORWARDED_FOR="192.0.2.50")
    ok = attempt(client, "teacher", TEST_PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.51")
    assert ok.status_code == 302


@pytest.mark.parametrize(
    "evil_next",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "http:evil.example"],
)
def test_login_never_redirects_off_site(client, staff_member, evil_next):
    response = client.post(
        "/admin/login/", {"username": "teacher", "password": TEST_PASSWORD, "next": evil_next}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/")
    assert not response["Location"].startswith("//")
    assert "evil.example" not in response["Location"]


def test_staff_session_expires_after_the_idle_time_and_slides_with_use(
    client, staff_member, settings
):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert attempt(client, "teacher", TEST_PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)

    # 31 idle minutes later the session is gone.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_password_validators_refuse_a_short_common_password(staff_member):
    with pytest.raises(ValidationError):
        validate_password("password1", user=staff_member)
    with pytest.raises(ValidationError):
        validate_password("teacher2024", user=staff_member)
    validate_password("a-long-unusual-phrase-of-words", user=staff_member)


def test_login_form_gives_the_same_answer_for_unknown_and_known_usernames(client, staff_member):
    unknown = attempt(client, "nobody-here", "wrong", REMOTE_ADDR="198.51.100.30")
    known = attempt(client, "teacher", "wrong", REMOTE_ADDR="198.51.100.31")
    assert unknown.status_code == known.status_code == 200
    assert unknown.context["form"].non_field_errors() == known.context["form"].non_field_errors()
