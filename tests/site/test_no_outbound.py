"""No request leaves for another host from the admin or the public pages (no third-party requests).

Every socket connection made while rendering is recorded; only the database
and cache on this machine may be contacted. Wagtail's update check and
Gravatar are the usual culprits in the admin.
"""

import socket

import pytest
from django.conf import settings

from tests.builders import make_user

LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture
def outbound(monkeypatch):
    attempts = []
    real_connect = socket.socket.connect

    def recording_connect(self, address):
        host = address[0] if isinstance(address, tuple) else str(address)
        if host not in LOCAL_HOSTS and not str(host).startswith("/"):
            attempts.append(address)
            raise OSError(f"outbound connection to {address} blocked by the test")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", recording_connect)
    return attempts


def test_wagtail_settings_switch_off_calls_home():
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert settings.WAGTAILEMBEDS_FINDERS == []


@pytest.mark.django_db
def test_admin_pages_make_no_outbound_connection(client, outbound, school):
    admin = make_user(username="admin2", is_superuser=True, is_staff=True)
    client.force_login(admin)
    session = client.session
    # A verified second factor, so the admin pages themselves render.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=admin, name="test", confirmed=True)
    session["otp_device_id"] = device.persistent_id
    session.save()
    for url in [
        "/admin/",
        f"/admin/pages/{school.root_page_id}/",
        f"/admin/pages/{school.root_page_id}/edit/",
        "/admin/users/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        # Browser-side calls home: the update check and avatars from Gravatar.
        html = response.content.decode().lower()
        assert "gravatar.com" not in html and "releases.wagtail.io" not in html, url
    assert outbound == []


@pytest.mark.django_db
def test_public_pages_make_no_outbound_connection_and_link_no_external_assets(client, outbound):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    for url in [
        "/",
        "/pupils/",
        "/search/?q=block",
        "/report/",
        "/get-help/",
        "/report/how-anonymous/",
    ]:
        response = client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, url
        html = response.content.decode()
        for marker in ('src="http', "src='http", 'href="//', '<link rel="stylesheet" href="http'):
            assert marker not in html, (url, marker)
    assert outbound == []
