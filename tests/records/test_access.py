"""Every records URL refuses everyone but a safeguarding lead (403 or the login page)."""

import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from reporting.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def staff_groups(db):
    """Mentors and Moderators reach the admin; make sure the groups exist whichever migration lands first."""
    access_admin = Permission.objects.get(codename="access_admin")
    for name in ("Mentors", "Moderators"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)


def _urls(case_id):
    return [
        ("get", reverse("reporting_records:dashboard")),
        ("get", reverse("reporting_records:incident_log_csv")),
        ("get", reverse("reporting_records:case_file", args=[case_id])),
        ("get", reverse("reporting_records:case_file", args=[case_id]) + "?anonymised=1"),
        ("get", reverse("reporting_records:case_file_pdf", args=[case_id])),
        ("post", reverse("reporting_records:legal_hold", args=[case_id])),
    ]


@pytest.mark.parametrize("role", ["mentor", "moderator", "staff_member", "superuser"])
def test_non_leads_get_403_on_every_records_url(client, request, school, role):
    from .builders import make_case

    case = make_case(school=school)
    client.force_login(request.getfixturevalue(role))
    for method, url in _urls(case.pk):
        response = getattr(client, method)(
            url, {"on": "1", "reason": "x"} if method == "post" else {}
        )
        if role == "superuser" and response.status_code == 302:
            # A superuser is first asked for a second factor; still never the page.
            assert "/admin/security/" in response["Location"], url
        else:
            assert response.status_code == 403, (role, url, response.status_code)
    assert not AuditEntry.objects.exists()


def test_a_superuser_who_is_not_a_lead_gets_403_even_with_a_second_factor(
    client, school, superuser
):
    from tests.security.helpers import verified_login

    from .builders import make_case

    case = make_case(school=school)
    verified_login(client, superuser)
    for method, url in _urls(case.pk):
        assert getattr(client, method)(url).status_code == 403, url
    assert not AuditEntry.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, school):
    for method, url in _urls(uuid.uuid4()):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"], url


def test_a_lead_without_a_second_factor_is_not_let_in(client, school, lead):
    from .builders import make_case

    case = make_case(school=school)
    client.force_login(lead)
    for method, url in _urls(case.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "/admin/security/" in response["Location"], url
    assert not AuditEntry.objects.exists()
