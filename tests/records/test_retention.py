"""Retention: what apply_retention purges (rows and files), what it never touches, and legal hold."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reporting.choices import AuditAction, EventKind, Outcome, Status
from reporting.evidence import store
from reporting.models import AuditEntry, Case, CaseEvent, EvidenceFile, Report
from reporting.records.retention import case_set_legal_hold, retention_apply
from reporting.records.tasks import apply_retention_task
from tests.security.helpers import verified_login

from .builders import add_evidence, make_case, make_closed_case

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_spam_closed_31_days_ago_is_purged_with_its_evidence_file(school):
    case = make_closed_case(school=school, outcome=Outcome.SPAM, closed_days_ago=31)
    evidence = add_evidence(case)
    CaseEvent.objects.create(case=case, kind=EventKind.INTERNAL_NOTE, body="spam")
    path = store.evidence_path(evidence.storage_key)
    assert path.exists()
    reference = case.reference

    output = _run()

    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Report.objects.filter(case_id=case.pk).exists()
    assert not CaseEvent.objects.filter(case_id=case.pk).exists()
    assert not EvidenceFile.objects.filter(pk=evidence.pk).exists()
    assert not path.exists()
    assert "Purged 1 case(s)." in output and reference in output
    assert "Evidence files deleted: 1" in output


def test_purge_leaves_one_audit_entry_per_case_with_its_reference(school):
    first = make_closed_case(school=school, outcome=Outcome.SPAM, closed_days_ago=31)
    second = make_closed_case(school=school, outcome=Outcome.DUPLICATE, closed_days_ago=90)
    add_evidence(second)
    _run()
    entries = AuditEntry.objects.filter(action=AuditAction.PURGE)
    assert sorted(entries.values_list("case_reference", flat=True)) == sorted(
        [first.reference, second.reference]
    )
    entry = entries.get(case_reference=second.reference)
    assert entry.case_id is None  # the case is gone; its reference stays
    assert entry.school_id == school.pk
    assert entry.actor is None
    assert entry.detail["outcome"] == "duplicate"
    assert entry.detail["evidence_files"] == 1


def test_spam_closed_29_days_ago_is_kept(school):
    case = make_closed_case(school=school, outcome=Outcome.SPAM, closed_days_ago=29)
    _run()
    assert Case.objects.filter(pk=case.pk).exists()


def test_child_protection_record_is_never_purged_even_if_settings_say_so(school, settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "child_protection": 1}
    case = make_closed_case(
        school=school, outcome=Outcome.CHILD_PROTECTION, closed_days_ago=365 * 30
    )
    evidence = add_evidence(case)
    output = _run()
    assert Case.objects.filter(pk=case.pk).exists()
    assert store.evidence_path(evidence.storage_key).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.PURGE).exists()
    # Past the configured years it is listed for a person to review, not deleted.
    assert "review" in output and case.reference in output


def test_case_on_legal_hold_is_never_purged(school):
    case = make_closed_case(
        school=school, outcome=Outcome.SPAM, closed_days_ago=400, legal_hold=True
    )
    evidence = add_evidence(case)
    output = _run()
    assert Case.objects.filter(pk=case.pk).exists()
    assert store.evidence_path(evidence.storage_key).exists()
    assert "legal hold" in output and case.reference in output


def test_the_purge_query_leaves_out_a_case_on_legal_hold(school):
    """The hold is kept by the query itself, not only by the re-check on the locked row.

    A dry run (what a DPO reads before the first real run) trusts the query alone.
    """
    from reporting.records.retention import cases_due_for_purge

    held = make_closed_case(
        school=school, outcome=Outcome.SPAM, closed_days_ago=400, legal_hold=True
    )
    due = make_closed_case(school=school, outcome=Outcome.SPAM, closed_days_ago=400)

    assert list(cases_due_for_purge()) == [due]
    preview = retention_apply(dry_run=True)
    assert preview.purged == [due.reference]
    assert preview.held == [held.reference]
    result = retention_apply()
    assert result.purged == [due.reference]
    assert list(Case.objects.all()) == [held]


@pytest.mark.parametrize("status", [Status.NEW, Status.TRIAGED, Status.IN_PROGRESS])
def test_open_cases_are_never_purged(school, status):
    # Reopened after being closed as spam long ago: open now, so kept.
    long_ago = timezone.now() - timedelta(days=400)
    case = make_case(
        school=school,
        status=status,
        outcome=Outcome.SPAM,
        closed_at=long_ago,
        created_at=long_ago,
    )
    _run()
    assert Case.objects.filter(pk=case.pk).exists()


def test_closed_case_without_an_outcome_or_with_a_kept_outcome_stays(school):
    no_outcome = make_closed_case(school=school, outcome="", closed_days_ago=4000)
    referred = make_closed_case(school=school, outcome=Outcome.REFERRED, closed_days_ago=4000)
    _run()
    assert Case.objects.filter(pk__in=[no_outcome.pk, referred.pk]).count() == 2


def test_retention_periods_come_from_settings(school, settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "no_further_action": 10}
    case = make_closed_case(school=school, outcome=Outcome.NO_FURTHER_ACTION, closed_days_ago=11)
    _run()
    assert not Case.objects.filter(pk=case.pk).exists()


def test_dry_run_deletes_nothing_and_says_what_it_would_do(school):
    case = make_closed_case(school=school, outcome=Outcome.SPAM, closed_days_ago=31)
    evidence = add_evidence(case)
    output = _run("--dry-run")
    assert Case.objects.filter(pk=case.pk).exists()
    assert EvidenceFile.objects.filter(pk=evidence.pk).exists()
    assert store.evidence_path(evidence.storage_key).exists()
    assert not AuditEntry.objects.exists()
    assert "Dry run" in output and "Would purge 1 case(s)." in output
    assert case.reference in output


def test_a_hold_placed_after_the_run_started_wins(school):
    """The purge re-checks each case on its locked row before deleting it."""
    from reporting.records import retention

    case = make_closed_case(school=school, outcome=Outcome.SPAM, closed_days_ago=31)
    Case.objects.filter(pk=case.pk).update(legal_hold=True)
    assert retention.case_purge(case_id=case.pk, now=timezone.now()) is None
    assert Case.objects.filter(pk=case.pk).exists()


def test_scheduled_task_runs_the_same_purge(school):
    case = make_closed_case(school=school, outcome=Outcome.SPAM, closed_days_ago=31)
    result = apply_retention_task.call()
    assert result["purged"] == [case.reference]
    assert not Case.objects.filter(pk=case.pk).exists()


def test_retention_apply_reports_missing_files_without_failing(school):
    case = make_closed_case(school=school, outcome=Outcome.SPAM, closed_days_ago=31)
    evidence = add_evidence(case)
    store.delete(evidence.storage_key)
    result = retention_apply()
    assert result.purged == [case.reference]
    assert result.files_missing == 1


# --- Legal hold ---------------------------------------------------------------------------


def test_lead_puts_a_case_on_legal_hold_with_an_event_and_an_audit_entry(school, lead):
    case = make_closed_case(school=school, outcome=Outcome.SPAM, closed_days_ago=31)
    assert case_set_legal_hold(case=case, user=lead, on=True, reason="Police asked us to keep it")
    case.refresh_from_db()
    assert case.legal_hold is True
    event = CaseEvent.objects.get(case=case, kind=EventKind.LEGAL_HOLD)
    assert event.actor == lead
    assert event.data == {"legal_hold": True}
    assert event.body == "Police asked us to keep it"
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE, case=case)
    assert entry.detail == {"field": "legal_hold", "legal_hold": True}
    assert "Police" not in str(entry.detail)
    _run()
    assert Case.objects.filter(pk=case.pk).exists()
    # Lifting the hold lets retention go ahead.
    assert case_set_legal_hold(case=case, user=lead, on=False, reason="Investigation closed")
    _run()
    assert not Case.objects.filter(pk=case.pk).exists()


def test_legal_hold_needs_a_reason_and_a_lead_of_that_school(school, other_lead):
    case = make_case(school=school)
    with pytest.raises(PermissionDenied):
        case_set_legal_hold(case=case, user=other_lead, on=True, reason="mine now")
    from reporting.models import SafeguardingLead

    SafeguardingLead.objects.create(user=other_lead, school=school)
    from reporting.permissions import case_policy

    case_policy.forget(other_lead)
    with pytest.raises(ValidationError):
        case_set_legal_hold(case=case, user=other_lead, on=True, reason="   ")
    assert not Case.objects.get(pk=case.pk).legal_hold


def test_setting_the_same_hold_twice_records_it_once(school, lead):
    case = make_case(school=school)
    assert case_set_legal_hold(case=case, user=lead, on=True, reason="keep")
    assert not case_set_legal_hold(case=case, user=lead, on=True, reason="keep again")
    assert CaseEvent.objects.filter(case=case, kind=EventKind.LEGAL_HOLD).count() == 1


def test_legal_hold_view_sets_the_hold_and_returns_to_the_case_page(client, school, lead):
    case = make_case(school=school)
    verified_login(client, lead)
    back = f"/admin/safeguarding/cases/{case.pk}/"
    response = client.post(
        reverse("reporting_records:legal_hold", args=[case.pk]),
        {"on": "1", "reason": "Parents' solicitor letter", "next": back},
    )
    assert response.status_code == 302
    assert response["Location"] == back
    assert Case.objects.get(pk=case.pk).legal_hold is True


def test_legal_hold_view_ignores_an_offsite_next(client, school, lead):
    case = make_case(school=school)
    verified_login(client, lead)
    response = client.post(
        reverse("reporting_records:legal_hold", args=[case.pk]),
        {"on": "1", "reason": "keep", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("reporting_records:dashboard")


def test_legal_hold_view_404s_for_another_schools_case_and_refuses_get(
    client, school, other_school, lead
):
    theirs = make_case(school=other_school)
    verified_login(client, lead)
    url = reverse("reporting_records:legal_hold", args=[theirs.pk])
    assert client.post(url, {"on": "1", "reason": "x"}).status_code == 404
    assert Case.objects.get(pk=theirs.pk).legal_hold is False
    mine = make_case(school=school)
    assert client.get(reverse("reporting_records:legal_hold", args=[mine.pk])).status_code == 405


def test_legal_hold_form_for_the_case_page_posts_the_opposite_state(rf, school, lead):
    from django.template.loader import render_to_string

    case = make_case(school=school)
    request = rf.get(f"/admin/safeguarding/cases/{case.pk}/")
    request.user = lead
    html = render_to_string(
        "reporting/records/_legal_hold_form.html", {"case": case}, request=request
    )
    assert f'action="{reverse("reporting_records:legal_hold", args=[case.pk])}"' in html
    assert 'name="on" value="1"' in html and "Put on legal hold" in html
    assert 'name="csrfmiddlewaretoken"' in html
    case.legal_hold = True
    html = render_to_string(
        "reporting/records/_legal_hold_form.html", {"case": case}, request=request
    )
    assert 'name="on" value="0"' in html and "Lift legal hold" in html
