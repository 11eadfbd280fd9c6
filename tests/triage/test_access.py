"""Every reports URL refuses everyone but the case's own school's leads.

The URL list is read from Django's resolver, so a URL added later to the
reporting_triage or reporting_records namespace is covered without editing this file.
"""

import uuid

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reporting.models import CaseEvent, CaseTask, SafeguardingLead
from reporting.viewsets import STAFF_URL_NAMES, TEAM_MANAGER_URL_NAMES
from tests.security.helpers import verified_login

from .conftest import make_evidence, make_person

NAMESPACES = ("reporting_triage", "reporting_records")
# Open to any member of staff: a mentor must be able to raise a concern. They show no case.
OPEN_TO_STAFF = {"concern", "concern_received"}


def _walk(patterns, namespace, inside):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _walk(entry.url_patterns, ns, inside or ns in NAMESPACES)
        elif isinstance(entry, URLPattern) and inside and namespace in NAMESPACES and entry.name:
            yield namespace, entry


def reports_url_patterns():
    return list(_walk(get_resolver().url_patterns, None, False))


def build_urls(*, case, evidence, person, task):
    member = SafeguardingLead.objects.filter(school_id=case.school_id).first()
    ids = {
        "case_id": case.pk,
        "evidence_id": evidence.pk,
        "person_id": person.pk,
        "task_id": task.pk,
        "school_id": case.school_id,
        "member_id": member.pk if member else 0,
    }
    urls = []
    for namespace, pattern in reports_url_patterns():
        kwargs = {}
        for name, converter in pattern.pattern.converters.items():
            if name in ids:
                kwargs[name] = ids[name]
            elif type(converter).__name__ == "UUIDConverter":
                kwargs[name] = uuid.uuid4()
            elif type(converter).__name__ == "IntConverter":
                kwargs[name] = 1
            else:
                kwargs[name] = "x"
        urls.append((pattern.name, reverse(f"{namespace}:{pattern.name}", kwargs=kwargs)))
    return urls


@pytest.fixture
def target(case, lead):
    evidence = make_evidence(
        case=case, data=b"%PDF-1.4 secret", detected_type="application/pdf", extension="pdf"
    )
    person = make_person(case=case)
    task = CaseTask.objects.create(
        case=case, what="Check in", assignee=lead, due_at=case.created_at
    )
    return {"case": case, "evidence": evidence, "person": person, "task": task}


def test_the_enumeration_finds_the_back_office_urls(target):
    names = {name for name, _ in build_urls(**target)}
    assert {
        "queue",
        "case_detail",
        "evidence",
        "audit",
        "notifications",
        "case_log",
        "concern",
    } <= names
    assert STAFF_URL_NAMES >= OPEN_TO_STAFF


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _assert_refused(response, *, allow_404=False):
    if response.status_code == 302:
        login = reverse(settings.LOGIN_URL)
        assert response["Location"].startswith(login), response["Location"]
    else:
        allowed = {403, 404} if allow_404 else {403}
        assert response.status_code in allowed, response.status_code


@pytest.mark.parametrize("role", ["anonymous", "mentor", "moderator", "staff_member", "superuser"])
def test_every_reports_url_refuses_people_who_are_not_leads(role, request, client, target):
    if role != "anonymous":
        verified_login(client, request.getfixturevalue(role))
    events_before = CaseEvent.objects.count()
    reference = target["case"].reference
    for name, url in build_urls(**target):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if name in OPEN_TO_STAFF and role != "anonymous":
                # The concern form: reachable, but it shows no case at all.
                assert response.status_code in {200, 302, 400, 405}, (name, method)
                assert reference not in _body(response)
                continue
            if name in TEAM_MANAGER_URL_NAMES and role == "superuser":
                # An admin appoints schools' teams: the screen names people, never a case.
                assert response.status_code in {200, 302, 400, 404}, (name, method)
                assert reference not in _body(response)
                continue
            _assert_refused(response)
            if response.status_code == 403:
                assert reference not in _body(response), (name, method)
    assert CaseEvent.objects.count() == events_before


def test_another_schools_lead_cannot_reach_this_schools_case(client, other_lead, target):
    verified_login(client, other_lead)
    case = target["case"]
    events_before = CaseEvent.objects.count()
    for name, url in build_urls(**target):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if str(case.pk) in url:
                # Exactly what the same URL answers for a case that does not exist.
                missing = getattr(client, method)(url.replace(str(case.pk), str(uuid.uuid4())))
                assert response.status_code == missing.status_code, (name, method)
                assert response.status_code in {404, 405}, (name, method, response.status_code)
            else:
                assert response.status_code in {200, 302, 400, 403, 405}, (name, method)
            body = _body(response)
            assert case.reference not in body, (name, method)
            assert "Someone keeps sending me mean messages" not in body
    assert CaseEvent.objects.count() == events_before


def test_a_case_of_another_school_answers_exactly_like_a_missing_case(client, lead, other_case):
    verified_login(client, lead)
    foreign = client.get(reverse("reporting_triage:case_detail", args=[other_case.pk]))
    missing = client.get(reverse("reporting_triage:case_detail", args=[uuid.uuid4()]))
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content


def test_the_lead_of_the_school_can_open_every_reports_url(client, lead, target):
    verified_login(client, lead)
    for name, url in build_urls(**target):
        response = client.get(url)
        assert response.status_code in {200, 302, 405}, (name, response.status_code)


def test_case_urls_use_random_uuids_not_sequential_numbers(target):
    url = reverse("reporting_triage:case_detail", args=[target["case"].pk])
    assert str(uuid.UUID(str(target["case"].pk))) in url
    assert isinstance(target["evidence"].pk, uuid.UUID)


def test_wagtail_admin_search_does_not_surface_cases(client, lead, superuser, target):
    for user in (lead, superuser):
        verified_login(client, user)
        response = client.get(reverse("wagtailadmin_pages:search"), {"q": target["case"].reference})
        # A lead without page permissions is sent back to the dashboard; a superuser searches.
        assert response.status_code == (200 if user.is_superuser else 302)
        # The query is echoed in the search box; no result links to the case.
        assert str(target["case"].pk) not in _body(response)
        assert "safeguarding/cases" not in _body(response)
    # And no search area of the admin's global search is about reports.
    from wagtail import hooks

    areas = [fn() for fn in hooks.get_hooks("register_admin_search_area")]
    assert not [area for area in areas if type(area).__module__.startswith("reporting")]


def test_no_admin_screen_can_edit_or_delete_cases_or_audit_entries():
    from django.contrib import admin
    from wagtail.admin.viewsets import viewsets as admin_viewsets
    from wagtail.snippets.models import get_snippet_models

    from reporting.models import AuditEntry, Case, CaseEvent, Report

    protected = {AuditEntry, Case, CaseEvent, Report}
    assert not protected & set(get_snippet_models())
    assert not protected & set(admin.site._registry)
    registered = {getattr(viewset, "model", None) for viewset in admin_viewsets.viewsets}
    assert not protected & registered
