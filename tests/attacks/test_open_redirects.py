"""Open redirects through `next=` on every sign-in step, and XSS through the `next` echo.

Already covered: the password step (tests/security/test_login_throttle.py) and the
code step after a POST (tests/security/test_staff_2fa.py). Added: a longer list of
tricks; the whole chain (password → second factor) carrying a hostile `next`; the
enrolment step, whose "continue" link on the recovery-codes page is built from `next`;
an already verified user sent on by GET; and `next` echoed into the sign-in pages.
"""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.builders import TEST_PASSWORD
from tests.security.helpers import DEMO_KEY_HEX, totp_code, verified_login
from upstander.staff_auth import otp_demo_device

from .helpers import assert_inert

pytestmark = pytest.mark.django_db

EVIL = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "http:evil.example",
    "https:/evil.example",
    " //evil.example/",
    "\t//evil.example/",
    "http://testserver@evil.example/",
    "javascript:alert('xss')",
    "JaVaScRiPt:alert('xss')",
    "data:text/html,<script>alert('xss')</script>",
    "\"><script>alert('xss')</script>",
]


def off_site(location: str) -> bool:
    compact = "".join(location.split()).lower()
    return (
        "evil.example" in compact
        or compact.startswith(("//", "\\", "/\\", "javascript:", "data:"))
        or "://" in compact
    )


@pytest.mark.parametrize("evil", EVIL)
def test_the_password_and_code_steps_together_never_leave_the_site(client, lead, evil):
    otp_demo_device(lead, DEMO_KEY_HEX)
    first = client.post(
        "/admin/login/", {"username": lead.username, "password": TEST_PASSWORD, "next": evil}
    )
    assert first.status_code == 302 and not off_site(first["Location"]), first["Location"]
    # The code step, where the password step sends a lead, does not leave the site either.
    page = client.get("/admin/security/verify/", {"next": evil})
    assert page.status_code == 200
    assert_inert(page.content.decode(), "verify page")
    assert not off_site(re.search(r'name="next" value="([^"]*)"', page.content.decode())[1])
    second = client.post(
        "/admin/security/verify/", {"token": totp_code(DEMO_KEY_HEX), "next": evil}
    )
    assert second.status_code == 302 and not off_site(second["Location"]), second["Location"]


@pytest.mark.parametrize("evil", EVIL)
def test_enrolment_and_its_recovery_codes_link_never_leave_the_site(client, lead, evil):
    client.force_login(lead)
    page = client.get("/admin/security/enrol/", {"next": evil})
    assert page.status_code == 200
    html = page.content.decode()
    assert_inert(html, "enrol page")
    assert not off_site(re.search(r'name="next" value="([^"]*)"', html)[1])
    device = TOTPDevice.objects.get(user=lead, confirmed=False)
    done = client.post("/admin/security/enrol/", {"token": totp_code(device.key), "next": evil})
    assert done.status_code == 200
    html = done.content.decode()
    assert_inert(html, "recovery codes page")
    link = re.search(r'<a class="button" href="([^"]*)"', html)[1]
    assert not off_site(link) and "evil.example" not in html


@pytest.mark.parametrize("evil", EVIL)
def test_a_verified_user_is_not_sent_off_site_by_a_link(client, lead, evil):
    verified_login(client, lead)
    response = client.get("/admin/security/verify/", {"next": evil})
    assert response.status_code == 302 and not off_site(response["Location"])


@pytest.mark.parametrize("evil", EVIL)
def test_the_login_page_echoes_next_inertly(client, evil):
    response = client.get("/admin/login/", {"next": evil})
    assert response.status_code == 200
    assert_inert(response.content.decode(), "login page")


def test_a_same_site_next_is_still_honoured(client, lead):
    """The guard is not simply "always go home": a path on this site is kept."""
    otp_demo_device(lead, DEMO_KEY_HEX)
    client.force_login(lead)
    response = client.post(
        "/admin/security/verify/",
        {"token": totp_code(DEMO_KEY_HEX), "next": "/admin/safeguarding/"},
    )
    assert response["Location"] == "/admin/safeguarding/"
