"""What a lead of several schools does, and a lockout of their account, is in each school's audit log.

Audited with no school, an export across schools or a lockout would be shown to
nobody: the audit log lists only the entries of the schools a lead leads.
"""

import pytest
from django.test import Client
from django.urls import reverse

from reporting.choices import AuditAction
from reporting.models import AuditEntry, SafeguardingLead
from tests.security.helpers import verified_login

from .builders import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def trust_lead(lead, other_school):
    """The lead of both schools (a trust's safeguarding lead)."""
    SafeguardingLead.objects.create(user=lead, school=other_school)
    return lead


def audit_log_of(user) -> str:
    client = Client()
    verified_login(client, user)
    return client.get(reverse("reporting_triage:audit")).content.decode()


def test_an_export_across_schools_is_in_each_schools_audit_log(
    client, school, other_school, trust_lead, other_lead
):
    make_case(school=school)
    make_case(school=other_school)
    verified_login(client, trust_lead)
    response = client.get(reverse("reporting_records:incident_log_csv"))
    assert response.status_code == 200
    entries = AuditEntry.objects.filter(action=AuditAction.EXPORT, actor=trust_lead)
    assert sorted(entries.values_list("school_id", flat=True)) == sorted(
        [school.pk, other_school.pk]
    )
    assert all(entry.detail["rows"] == 2 for entry in entries)
    # The other school's own lead sees that their school's cases were exported, and by whom.
    log = audit_log_of(other_lead)
    assert "Exported" in log and trust_lead.get_username() in log


def test_an_export_of_one_school_is_audited_for_that_school_only(
    client, school, other_school, trust_lead
):
    make_case(school=other_school)
    verified_login(client, trust_lead)
    client.get(reverse("reporting_records:incident_log_csv"), {"school": other_school.pk})
    assert list(
        AuditEntry.objects.filter(action=AuditAction.EXPORT).values_list("school_id", flat=True)
    ) == [other_school.pk]


def test_the_dashboard_across_schools_is_in_each_schools_audit_log(
    client, school, other_school, trust_lead
):
    verified_login(client, trust_lead)
    assert client.get(reverse("reporting_records:dashboard")).status_code == 200
    assert sorted(
        AuditEntry.objects.filter(action=AuditAction.VIEW_DASHBOARD).values_list(
            "school_id", flat=True
        )
    ) == sorted([school.pk, other_school.pk])


def test_a_lockout_of_a_trust_leads_account_is_shown_to_each_school(
    school, other_school, trust_lead, other_lead
):
    attacker = Client()
    for _ in range(6):
        attacker.post("/admin/login/", {"username": trust_lead.get_username(), "password": "wrong"})
    entries = AuditEntry.objects.filter(action=AuditAction.LOGIN_LOCKOUT)
    assert sorted(entries.values_list("school_id", flat=True)) == sorted(
        [school.pk, other_school.pk]
    )
    log = audit_log_of(other_lead)
    assert "Login locked out" in log
