"""The "Safeguarding team" screen: appointments and removals, who may make them, and that
they take effect on the person's next request; evidence shown to one pastoral colleague."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from reporting.choices import AuditAction, Risk, TeamRole
from reporting.models import AuditEntry, EvidenceGrant, SafeguardingLead
from reporting.roles import SAFEGUARDING_GROUP
from reporting.triage.escalation import recipients_for
from tests.builders import make_user
from tests.security.helpers import verified_login
from tests.triage.conftest import make_case, make_evidence

from .conftest import appoint


def team_url(school):
    return reverse("reporting_triage:team", args=[school.pk])


def test_a_dsl_appoints_a_deputy_who_can_open_the_queue_on_their_next_request(client, school, team):
    dsl = team["dsl"]
    newcomer = make_user(username="newdeputy", email="nd@school.example", first_name="Nia")
    newcomer_client = type(client)()
    verified_login(newcomer_client, newcomer)
    assert newcomer_client.get(reverse("reporting_triage:queue")).status_code in {302, 403}

    verified_login(client, dsl)
    response = client.post(
        team_url(school),
        {"user": newcomer.pk, "role": TeamRole.DEPUTY, "receives_notifications": "on"},
    )
    assert response.status_code == 302
    member = SafeguardingLead.objects.get(user=newcomer, school=school)
    assert member.role == TeamRole.DEPUTY
    entry = AuditEntry.objects.get(action=AuditAction.APPOINT, detail__member="newdeputy")
    assert entry.school_id == school.pk and entry.actor == dsl
    assert entry.detail["role"] == "deputy"

    # Same session, no restart: the next request sees the new role.
    queue = newcomer_client.get(reverse("reporting_triage:queue"))
    assert queue.status_code == 200
    assert "Safeguarding cases" in queue.content.decode()


def test_a_removed_member_loses_every_case_on_their_next_request(client, school, team):
    case = make_case(school=school)
    deputy = team["deputy"]
    deputy_client = type(client)()
    verified_login(deputy_client, deputy)
    case_url = reverse("reporting_triage:case_detail", args=[case.pk])
    assert deputy_client.get(case_url).status_code == 200

    verified_login(client, team["dsl"])
    member = SafeguardingLead.objects.get(user=deputy, school=school)
    response = client.post(reverse("reporting_triage:team_remove", args=[school.pk, member.pk]))
    assert response.status_code == 302
    assert not SafeguardingLead.objects.filter(user=deputy).exists()
    entry = AuditEntry.objects.get(action=AuditAction.REMOVE_MEMBER)
    assert entry.school_id == school.pk and entry.detail == {"member": "deputy", "role": "deputy"}
    # Out of the group too, so out of the admin: sent to the login page, never the case.
    refused = deputy_client.get(case_url)
    assert refused.status_code == 302 and "login" in refused["Location"]
    assert not deputy.groups.filter(name=SAFEGUARDING_GROUP).exists()


def test_a_removed_member_with_other_admin_access_sees_no_case(client, school, team):
    case = make_case(school=school)
    deputy = team["deputy"]
    deputy.groups.add(Group.objects.get(name="Moderators"))
    verified_login(client, team["dsl"])
    member = SafeguardingLead.objects.get(user=deputy, school=school)
    client.post(reverse("reporting_triage:team_remove", args=[school.pk, member.pk]))

    verified_login(client, deputy)
    assert client.get(reverse("reporting_triage:case_detail", args=[case.pk])).status_code == 403
    assert client.get(reverse("reporting_triage:queue")).status_code == 403


@pytest.mark.parametrize("who", ["deputy", "pastoral", "governor", "other_school_dsl"])
def test_only_the_dsl_or_an_admin_may_change_the_team(client, school, team, who):
    target = make_user(username="someone", email="s@school.example")
    verified_login(client, team[who])
    assert client.get(team_url(school)).status_code == 403
    response = client.post(team_url(school), {"user": target.pk, "role": TeamRole.DSL})
    assert response.status_code == 403
    member = SafeguardingLead.objects.get(user=team["dsl"])
    client.post(reverse("reporting_triage:team_remove", args=[school.pk, member.pk]))
    assert SafeguardingLead.objects.filter(pk=member.pk).exists()
    assert not SafeguardingLead.objects.filter(user=target).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.APPOINT, detail__member="someone")


def test_an_admin_appoints_in_any_school_and_it_is_audited_with_that_school(
    client, other_school, superuser
):
    person = make_user(username="gov", email="gov@trust.example")
    verified_login(client, superuser)
    page = client.get(team_url(other_school))
    assert page.status_code == 200 and "Appoint someone" in page.content.decode()
    client.post(team_url(other_school), {"user": person.pk, "role": TeamRole.GOVERNOR})
    assert SafeguardingLead.objects.get(user=person).role == TeamRole.GOVERNOR
    assert AuditEntry.objects.get(action=AuditAction.APPOINT).school_id == other_school.pk


def test_refusals_say_why_and_keep_what_was_chosen(client, school, team, mentor):
    verified_login(client, team["dsl"])
    no_email = make_user(username="noemail")
    response = client.post(
        team_url(school),
        {"user": no_email.pk, "role": TeamRole.DEPUTY, "receives_notifications": "on"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "has no email address" in body
    assert f'<option value="{no_email.pk}" selected>' in body
    # A pupil mentor is not even offered.
    assert f'value="{mentor.pk}"' not in client.get(team_url(school)).content.decode()
    # The only DSL stays until another is appointed.
    member = SafeguardingLead.objects.get(user=team["dsl"])
    client.post(reverse("reporting_triage:team_remove", args=[school.pk, member.pk]))
    assert SafeguardingLead.objects.filter(pk=member.pk).exists()


def test_the_safeguarding_leads_group_alone_gives_a_refusal_that_says_what_to_do(client, school):
    case = make_case(school=school)
    user = make_user(username="grouponly", groups=[SAFEGUARDING_GROUP], email="g@school.example")
    verified_login(client, user)
    response = client.get(reverse("reporting_triage:case_detail", args=[case.pk]))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Safeguarding team" in body and "not enough on its own" in body
    assert case.reference not in body


def test_alerts_go_to_the_dsl_deputy_and_out_of_hours_contact_only(school, team):
    for role in ("dsl", "deputy", "out_of_hours", "pastoral", "governor", "other_school_dsl"):
        team[role]
    # The whole escalation order: everyone an urgent case can reach, and no one else.
    reached = recipients_for(
        school_id=school.pk, roles=[TeamRole.DSL, TeamRole.DEPUTY, TeamRole.OUT_OF_HOURS]
    )
    assert sorted(person.name for person in reached) == sorted(
        team[role].get_full_name() or team[role].get_username()
        for role in ("dsl", "deputy", "out_of_hours")
    )
    # Asked for a role that is never alerted, the order falls back to its first step.
    for role in ("pastoral", "governor"):
        assert {person.role for person in recipients_for(school_id=school.pk, roles=[role])} == {
            TeamRole.DSL
        }


def test_the_queue_shows_each_role_only_its_cases(client, school, team):
    urgent = make_case(school=school, risk=Risk.URGENT)
    mine = make_case(school=school, assignee=team["pastoral"])
    routine = make_case(school=school)
    shown = {
        "dsl": {urgent, mine, routine},
        "out_of_hours": {urgent},
        "pastoral": {mine},
    }
    for role, expected in shown.items():
        verified_login(client, team[role])
        body = client.get(reverse("reporting_triage:queue")).content.decode()
        for case in (urgent, mine, routine):
            assert (case.reference in body) == (case in expected), (role, case)
    verified_login(client, team["governor"])
    assert client.get(reverse("reporting_triage:queue")).status_code == 403


def test_a_dsl_lets_one_pastoral_colleague_see_the_evidence_and_can_stop_it(client, school, team):
    case = make_case(school=school, assignee=team["pastoral"])
    evidence = make_evidence(
        case=case, data=b"%PDF-1.4 x", detected_type="application/pdf", extension="pdf"
    )
    download = reverse("reporting_triage:evidence_download", args=[case.pk, evidence.pk])
    pastoral_client = type(client)()
    verified_login(pastoral_client, team["pastoral"])
    assert pastoral_client.get(download).status_code == 403
    page = pastoral_client.get(reverse("reporting_triage:case_detail", args=[case.pk]))
    assert "Your role does not show evidence" in page.content.decode()
    assert download not in page.content.decode()

    verified_login(client, team["dsl"])
    grant = reverse("reporting_triage:evidence_access", args=[case.pk])
    client.post(grant, {"user": team["pastoral"].pk, "allow": "1"})
    assert EvidenceGrant.objects.filter(case=case, revoked_at__isnull=True).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.GRANT_EVIDENCE, case=case).exists()
    response = pastoral_client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"

    client.post(grant, {"user": team["pastoral"].pk, "allow": "0"})
    assert AuditEntry.objects.filter(action=AuditAction.REVOKE_EVIDENCE, case=case).exists()
    assert pastoral_client.get(download).status_code == 403


def test_evidence_cannot_be_granted_to_someone_outside_the_pastoral_role(client, school, team):
    case = make_case(school=school)
    verified_login(client, team["dsl"])
    client.post(
        reverse("reporting_triage:evidence_access", args=[case.pk]),
        {"user": team["governor"].pk, "allow": "1"},
    )
    assert not EvidenceGrant.objects.exists()


def test_the_governors_dashboard_hides_small_numbers_and_offers_no_case_data(client, school, team):
    for _ in range(9):
        make_case(school=school, category="nasty_messages", platform="snapchat")
    for _ in range(2):
        make_case(school=school, category="threats", platform="snapchat")
    url = reverse("reporting_records:dashboard")

    verified_login(client, team["dsl"])
    lead_view = client.get(url).content.decode()
    assert "Threats to hurt someone</th><td>2</td>" in lead_view
    assert "incident-log.csv" in lead_view

    verified_login(client, team["governor"])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Threats to hurt someone</th><td>Hidden (small number)</td>" in body
    # Complementary suppression: the larger group is hidden too, or 11 - 9 gives it away.
    assert "Nasty messages or texts</th><td>Hidden (small number)</td>" in body
    assert "Snapchat</th><td>11</td>" in body
    assert "incident-log.csv" not in body
    assert client.get(reverse("reporting_records:incident_log_csv")).status_code == 403
    assert AuditEntry.objects.filter(actor=team["governor"], action="view_dashboard").exists()


def test_appointing_through_the_service_puts_a_reviewer_in_the_workflow_group(school, team):
    appoint(username="newdsl", school=school, role=TeamRole.DSL, by=team["superuser"])
    assert Group.objects.get(name=SAFEGUARDING_GROUP).user_set.filter(username="newdsl").exists()


def test_the_safeguarding_leads_group_page_says_the_team_screen_decides(client, superuser):
    group = Group.objects.get(name=SAFEGUARDING_GROUP)
    verified_login(client, superuser)
    page = client.get(reverse("wagtailusers_groups:edit", args=[group.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "gives them no access to reports" in body
    assert reverse("reporting_triage:team_schools") in body
    other = client.get(
        reverse("wagtailusers_groups:edit", args=[Group.objects.get(name="Moderators").pk])
    )
    assert "gives them no access to reports" not in other.content.decode()
