"""Every role × every action on a case × both schools, through the real URL and the service.

The expected table is written out here by hand (not read from reporting.permissions), so
a change to the policy that this table does not also make turns a test red. "Allowed"
means the page or the service did its job (an audit entry or a change); "refused" means
a 403 or a 404 and nothing changed. A case the person may not open answers 404, exactly
like a case that does not exist.
"""

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from reporting.choices import CaseAction
from reporting.models import AuditEntry, Case, CaseEvent
from reporting.records.retention import case_set_legal_hold
from reporting.selectors import cases_visible_to
from reporting.services import cases as services
from reporting.services.categories import case_set_categories, school_categories
from reporting.services.links import case_link
from reporting.services.tasks import task_add
from tests.security.helpers import verified_login

A = CaseAction
EVERYTHING = set(CaseAction)
OUT_OF_HOURS = {A.VIEW, A.ACKNOWLEDGE, A.NOTE, A.RECORD_ACTION, A.ESCALATE}
PASTORAL = {A.VIEW, A.NOTE, A.MESSAGE, A.RECORD_ACTION}

# (role, urgent or routine case) -> what they may do to it.
EXPECTED = {
    ("dsl", "urgent"): EVERYTHING,
    ("dsl", "routine"): EVERYTHING,
    ("deputy", "urgent"): EVERYTHING,
    ("deputy", "routine"): EVERYTHING,
    ("out_of_hours", "urgent"): OUT_OF_HOURS,
    ("out_of_hours", "routine"): set(),
    ("pastoral", "urgent"): PASTORAL,
    ("pastoral", "routine"): PASTORAL,
    ("pastoral_granted", "urgent"): PASTORAL | {A.VIEW_EVIDENCE},
    ("pastoral_granted", "routine"): PASTORAL | {A.VIEW_EVIDENCE},
    ("pastoral_unassigned", "urgent"): set(),
    ("pastoral_unassigned", "routine"): set(),
    ("governor", "urgent"): set(),
    ("governor", "routine"): set(),
    ("other_school_dsl", "urgent"): set(),
    ("other_school_dsl", "routine"): set(),
    ("removed", "urgent"): set(),
    ("removed", "routine"): set(),
    ("superuser", "urgent"): set(),
    ("superuser", "routine"): set(),
}
ROLES = sorted({role for role, _ in EXPECTED})
KINDS = ("urgent", "routine")
ACTIONS = [action for action in CaseAction if action != A.GRANT_EVIDENCE]


def the_case(cases, role, kind) -> Case:
    return cases[(kind, "pastoral_granted" if role == "pastoral_granted" else "pastoral")]


def _sibling(case) -> Case:
    """Another case of the same school, to link to."""
    return Case.objects.create(school=case.school, risk=case.risk)


def request_for(action, case, team):
    """The real URL, method and form data that performs `action` on `case`."""
    evidence = case.evidence.get()
    person = case.people.get()
    url = lambda name, *args: reverse(name, args=[case.pk, *args])  # noqa: E731
    return {
        A.VIEW: ("get", url("reporting_triage:case_detail"), {}),
        A.ACKNOWLEDGE: ("post", url("reporting_triage:case_acknowledge"), {}),
        A.NOTE: ("post", url("reporting_triage:case_note"), {"note": "Spoke to the form tutor."}),
        A.MESSAGE: ("post", url("reporting_triage:case_message"), {"message": "Thank you."}),
        A.RECORD_ACTION: (
            "post",
            url("reporting_triage:case_action"),
            {"action_type": "support_offered", "action_details": "Met at lunch."},
        ),
        A.ESCALATE: (
            "post",
            url("reporting_triage:case_escalate"),
            {"agency": "police_101", "agency_reference": "PC-1", "escalation_details": "Called."},
        ),
        A.CHANGE_STATUS: ("post", url("reporting_triage:case_status"), {"to_status": "triaged"}),
        A.CHANGE_RISK: (
            "post",
            url("reporting_triage:case_risk"),
            {"risk": "high", "risk_reason": "Threats repeated."},
        ),
        A.ASSIGN: ("post", url("reporting_triage:case_assign"), {"assignee": team["deputy"].pk}),
        A.RECORD_PERSON: (
            "post",
            url("reporting_triage:person_verify", person.pk),
            {},
        ),
        A.VIEW_EVIDENCE: ("get", url("reporting_triage:evidence_download", evidence.pk), {}),
        A.EXPORT: ("get", url("reporting_records:case_file"), {}),
        A.CATEGORISE: (
            "post",
            url("reporting_triage:case_categories"),
            {"categories": [school_categories(school=case.school).first().pk]},
        ),
        A.ADD_TASK: (
            "post",
            url("reporting_triage:case_task"),
            {
                "what": "Check in at lunch",
                "assignee": team["deputy"].pk,
                "due_at": "2031-01-06T09:00",
            },
        ),
        A.LINK: (
            "post",
            url("reporting_triage:case_link"),
            {"other_reference": _sibling(case).reference, "how": "related"},
        ),
        A.LEGAL_HOLD: (
            "post",
            url("reporting_records:legal_hold"),
            {"on": "1", "reason": "Police investigation."},
        ),
    }[action]


def run_service(action, case, user, team):
    """The service (or, for reads, the selector) behind `action`. Raises PermissionDenied
    when refused; for reads, returns whether the case was there."""
    person = case.people.get()
    calls = {
        A.ACKNOWLEDGE: lambda: services.case_acknowledge(case=case, actor=user),
        A.NOTE: lambda: services.case_add_note(case=case, actor=user, body="A note."),
        A.MESSAGE: lambda: services.message_send(case=case, actor=user, body="<p>Hello</p>"),
        A.RECORD_ACTION: lambda: services.case_record_action(
            case=case, actor=user, action_type="monitoring"
        ),
        A.ESCALATE: lambda: services.case_escalate(case=case, actor=user, agency="ceop"),
        A.CHANGE_STATUS: lambda: services.case_transition(
            case=case, actor=user, to_status="triaged"
        ),
        A.CHANGE_RISK: lambda: services.case_set_risk(
            case=case, actor=user, risk="low", reason="Resolved online."
        ),
        A.ASSIGN: lambda: services.case_assign(case=case, actor=user, assignee=team["dsl"]),
        A.RECORD_PERSON: lambda: services.person_verify(person=person, actor=user),
        A.LEGAL_HOLD: lambda: case_set_legal_hold(case=case, user=user, on=True, reason="Court."),
        A.CATEGORISE: lambda: case_set_categories(
            case=case, actor=user, categories=[school_categories(school=case.school).first()]
        ),
        A.ADD_TASK: lambda: task_add(
            case=case,
            actor=user,
            what="Check in at lunch",
            assignee=team["deputy"],
            due_at=case.created_at,
        ),
        A.LINK: lambda: case_link(case=case, other=_sibling(case), actor=user),
    }
    if action in calls:
        calls[action]()
        return True
    return cases_visible_to(user=user, action=action).filter(pk=case.pk).exists()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.value)
@pytest.mark.parametrize("role", ROLES)
def test_each_action_through_its_url(client, team, cases, role, action, kind):
    case = the_case(cases, role, kind)
    user = team[role]
    verified_login(client, user)
    allowed = action in EXPECTED[(role, kind)]
    may_open = A.VIEW in EXPECTED[(role, kind)]
    method, url, data = request_for(action, case, team)
    audit_before = AuditEntry.objects.filter(actor=user).count()
    events_before = CaseEvent.objects.filter(case=case).count()
    response = getattr(client, method)(url, data)

    if allowed:
        assert response.status_code in {200, 302}, (response.status_code, url)
        if response.status_code == 302:
            assert "/safeguarding/" in response["Location"], response["Location"]
        assert AuditEntry.objects.filter(actor=user).count() > audit_before
    elif role == "removed":
        # No longer in any team, so no longer let into the admin at all.
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    elif role == "superuser":
        # In no school's team: refused at the door, before any case is looked up.
        assert response.status_code == 403
        assert case.reference not in response.content.decode()
    else:
        assert response.status_code == (403 if may_open else 404), response.status_code
    if not allowed:
        assert CaseEvent.objects.filter(case=case).count() == events_before
        fresh = Case.objects.get(pk=case.pk)
        assert (fresh.status, fresh.risk, fresh.assignee_id, fresh.legal_hold) == (
            case.status,
            case.risk,
            case.assignee_id,
            case.legal_hold,
        )
        if response.status_code == 404:
            missing = getattr(client, method)(url.replace(str(case.pk), str(uuid.uuid4())), data)
            assert missing.status_code == 404


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.value)
@pytest.mark.parametrize("role", ROLES)
def test_each_action_through_its_service(team, cases, role, action, kind):
    case = the_case(cases, role, kind)
    user = team[role]
    allowed = action in EXPECTED[(role, kind)]
    events_before = CaseEvent.objects.filter(case=case).count()
    if allowed:
        assert run_service(action, case, user, team) is True
    else:
        try:
            outcome = run_service(action, case, user, team)
        except PermissionDenied:
            outcome = False
        assert outcome is False
        assert CaseEvent.objects.filter(case=case).count() == events_before


SCHOOL_URLS = {
    "queue": "reporting_triage:queue",
    "dashboard": "reporting_records:dashboard",
    "incident_log": "reporting_records:incident_log_csv",
    "audit": "reporting_triage:audit",
    "notifications": "reporting_triage:notifications",
    "log_case": "reporting_triage:case_log",
    "team": "reporting_triage:team_schools",
}
LEADS = set(SCHOOL_URLS)
SCHOOL_EXPECTED = {
    "dsl": LEADS,
    "deputy": LEADS - {"team"},
    "out_of_hours": {"queue", "log_case"},
    "pastoral": {"queue", "log_case"},
    "governor": {"dashboard"},
    "other_school_dsl": LEADS,
    "removed": set(),
    "superuser": {"team"},
}


@pytest.mark.parametrize("page", sorted(SCHOOL_URLS))
@pytest.mark.parametrize("role", sorted(SCHOOL_EXPECTED))
def test_each_school_wide_page_by_role(client, team, cases, role, page):
    user = team[role]
    every_case = cases.every_one()
    verified_login(client, user)
    response = client.get(reverse(SCHOOL_URLS[page]))
    if page in SCHOOL_EXPECTED[role]:
        assert response.status_code in {200, 302}, response.status_code
        if response.status_code == 302:
            assert "/safeguarding/team/" in response["Location"]
        body = b"".join(response.streaming_content) if response.streaming else response.content
        references = [case.reference.encode() for case in every_case]
        if role in {"other_school_dsl", "governor"}:
            # Let in to their own school's pages (or the figures), never to these cases.
            assert not [ref for ref in references if ref in body]
        if (role, page) == ("dsl", "queue"):
            assert all(ref in body for ref in references)
    elif role == "removed":
        assert response.status_code == 302 and "login" in response["Location"]
    else:
        assert response.status_code == 403, response.status_code
