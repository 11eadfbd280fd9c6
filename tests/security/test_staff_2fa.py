"""Two-factor sign-in (django-otp) for safeguarding leads and superusers.

Claim: TOTP is required for leads and admins before any reports page
opens; enrolment and recovery codes are in the admin.
"""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from reporting.permissions import lead_required
from tests.builders import TEST_PASSWORD
from tests.security.helpers import DEMO_KEY_HEX, totp_code, verified_login
from upstander.staff_auth import otp_demo_device

pytestmark = pytest.mark.django_db


def test_lead_without_a_device_is_sent_to_enrol_before_any_admin_page(client, lead):
    client.force_login(lead)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/security/enrol/")
    assert "next=%2Fadmin%2Fpages%2F" in response["Location"]


def test_superuser_with_a_device_is_sent_to_verify(client, superuser):
    otp_demo_device(superuser, DEMO_KEY_HEX)
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/security/verify/")


def test_staff_without_the_lead_role_is_not_asked_for_a_second_factor(client, staff_member):
    client.force_login(staff_member)
    assert client.get("/admin/").status_code == 200


def test_enrolment_shows_a_locally_drawn_qr_code_then_ten_recovery_codes_once(client, lead):
    client.force_login(lead)
    page = client.get("/admin/security/enrol/?next=/admin/pages/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    # Nothing about the secret goes to another host: no external image or script.
    assert 'src="http' not in html and "chart.googleapis" not in html
    device = TOTPDevice.objects.get(user=lead, confirmed=False)
    # The same pending secret on reload, so a slow scan is not wasted.
    client.get("/admin/security/enrol/")
    assert TOTPDevice.objects.filter(user=lead).count() == 1

    done = client.post(
        "/admin/security/enrol/", {"token": totp_code(device.key), "next": "/admin/pages/"}
    )
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    for code in codes:
        assert code in done.content.decode()
    assert StaticToken.objects.filter(device__user=lead).count() == 10
    device.refresh_from_db()
    assert device.confirmed
    # Enrolling verified this session: the admin opens.
    assert client.get("/admin/").status_code == 200


def test_enrolment_refuses_a_wrong_code(client, lead):
    client.force_login(lead)
    client.get("/admin/security/enrol/")
    device = TOTPDevice.objects.get(user=lead)
    wrong = f"{(int(totp_code(device.key)) + 1) % 1000000:06d}"
    response = client.post("/admin/security/enrol/", {"token": wrong})
    assert response.status_code == 400
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/").status_code == 302


def test_a_stolen_password_cannot_enrol_a_second_authenticator(client, lead):
    otp_demo_device(lead, DEMO_KEY_HEX)
    client.force_login(lead)
    response = client.get("/admin/security/enrol/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/security/verify/")
    assert TOTPDevice.objects.filter(user=lead).count() == 1


def test_password_then_authenticator_code_opens_the_admin(client, lead):
    otp_demo_device(lead, DEMO_KEY_HEX)
    login = client.post(
        "/admin/login/", {"username": "lead", "password": TEST_PASSWORD, "next": "/admin/"}
    )
    assert login.status_code == 302
    gate = client.get("/admin/")
    assert gate["Location"].startswith("/admin/security/verify/")
    verify = client.post(
        "/admin/security/verify/", {"token": totp_code(DEMO_KEY_HEX), "next": "/admin/"}
    )
    assert verify.status_code == 302 and verify["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_used_authenticator_code_cannot_be_replayed(client, lead):
    otp_demo_device(lead, DEMO_KEY_HEX)
    code = totp_code(DEMO_KEY_HEX)
    client.force_login(lead)
    assert client.post("/admin/security/verify/", {"token": code}).status_code == 302
    client.logout()
    client.force_login(lead)
    response = client.post("/admin/security/verify/", {"token": code})
    assert response.status_code == 200
    assert "did not work" in response.content.decode()


@pytest.mark.parametrize(
    "evil_next",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"],
)
def test_verify_never_redirects_off_site(client, lead, evil_next):
    otp_demo_device(lead, DEMO_KEY_HEX)
    client.force_login(lead)
    response = client.post(
        "/admin/security/verify/", {"token": totp_code(DEMO_KEY_HEX), "next": evil_next}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_recovery_code_works_exactly_once(client, lead):
    client.force_login(lead)
    client.get("/admin/security/enrol/")
    device = TOTPDevice.objects.get(user=lead)
    codes = client.post("/admin/security/enrol/", {"token": totp_code(device.key)}).context["codes"]
    client.logout()

    client.force_login(lead)
    first = client.post("/admin/security/verify/", {"token": codes[0].upper()})
    assert first.status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()

    client.force_login(lead)
    again = client.post("/admin/security/verify/", {"token": codes[0]})
    assert again.status_code == 200
    assert client.get("/admin/").status_code == 302
    assert StaticToken.objects.filter(device__user=lead).count() == 9


def test_new_recovery_codes_replace_the_old_ones(client, lead):
    verified_login(client, lead)
    first = client.post("/admin/security/recovery-codes/").context["codes"]
    second = client.post("/admin/security/recovery-codes/").context["codes"]
    tokens = set(StaticToken.objects.filter(device__user=lead).values_list("token", flat=True))
    assert tokens == set(second)
    assert not tokens & set(first)


def test_wrong_codes_are_throttled_even_before_the_right_one(client, lead, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # isolate our limit from django-otp's own back-off
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    otp_demo_device(lead, DEMO_KEY_HEX)
    client.force_login(lead)
    right = totp_code(DEMO_KEY_HEX)
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    for _ in range(5):
        assert client.post("/admin/security/verify/", {"token": wrong}).status_code in (200, 429)
    blocked = client.post("/admin/security/verify/", {"token": right})
    assert blocked.status_code == 429
    assert "wait" in blocked.content.decode()
    assert client.get("/admin/").status_code == 302


def _ok(request):
    return HttpResponse("case")


@pytest.mark.parametrize("verified", [False, True])
def test_lead_required_demands_a_second_factor(lead, verified):
    request = RequestFactory().get("/admin/reports/")
    request.user = lead
    request.user.is_verified = lambda: verified
    response = lead_required(_ok)(request)
    if verified:
        assert response.content == b"case"
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/security/verify/")


def test_lead_required_still_refuses_a_verified_superuser_who_is_not_a_lead(superuser):
    request = RequestFactory().get("/admin/reports/")
    request.user = superuser
    request.user.is_verified = lambda: True
    response = lead_required(_ok)(request)
    assert response.status_code == 403
    if hasattr(response, "render"):
        response.render()
    assert response.content != b"case"


def test_demo_device_is_idempotent_and_uses_the_given_key(lead):
    first = otp_demo_device(lead, DEMO_KEY_HEX)
    second = otp_demo_device(lead, DEMO_KEY_HEX)
    assert first.pk == second.pk
    assert TOTPDevice.objects.filter(user=lead).count() == 1
    assert second.confirmed and second.key == DEMO_KEY_HEX
