"""Audit entries cannot be changed or removed, even past the model's save() and delete().

The database refuses (triggers, reporting.audit_guard), on SQLite and PostgreSQL:
QuerySet.update(), QuerySet.delete() and raw SQL all fail, while the retention
purge still removes a case and keeps its audit entries, with their reference.
"""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from reporting.audit import audit_record
from reporting.choices import AuditAction, Outcome, Status
from reporting.models import AuditEntry, Case
from reporting.records.retention import retention_apply


@pytest.fixture
def entry(case, lead):
    return audit_record(actor=lead, action=AuditAction.VIEW_CASE, case=case)


@pytest.mark.parametrize(
    "change",
    [
        {"action": AuditAction.EXPORT},
        {"actor_name": "someone else"},
        {"detail": {"forged": True}},
        {"created_at": timezone.now() - timedelta(days=400)},
        {"case_reference": "XXXX-XXXX"},
    ],
    ids=lambda change: next(iter(change)),
)
def test_a_queryset_update_of_an_entry_is_refused_by_the_database(entry, change):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(**change)
    kept = AuditEntry.objects.get(pk=entry.pk)
    assert (kept.action, kept.actor_name, kept.detail) == (
        AuditAction.VIEW_CASE,
        entry.actor_name,
        {},
    )


def test_pointing_an_entry_at_another_case_or_person_is_refused(entry, other_case, other_lead):
    for change in ({"case": other_case}, {"actor": other_lead}, {"school": other_case.school}):
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(**change)
    assert AuditEntry.objects.get(pk=entry.pk).case_id == entry.case_id


def test_a_queryset_delete_and_raw_sql_are_refused_by_the_database(entry):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM reporting_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_is_refused_on_postgresql(entry):
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # The entry's own foreign-key checks are deferred to commit; run them now,
        # or PostgreSQL refuses the TRUNCATE for that reason instead.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE reporting_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_retention_purge_still_removes_a_case_and_keeps_its_audit_trail(case, entry):
    reference = case.reference
    Case.objects.filter(pk=case.pk).update(
        status=Status.CLOSED,
        outcome=Outcome.NO_FURTHER_ACTION,
        closed_at=timezone.now() - timedelta(days=3650),
    )
    result = retention_apply()
    assert reference in result.purged
    assert not Case.objects.filter(pk=case.pk).exists()
    kept = AuditEntry.objects.get(pk=entry.pk)
    assert kept.case_id is None
    assert kept.case_reference == reference
    assert kept.action == AuditAction.VIEW_CASE
    assert AuditEntry.objects.filter(action=AuditAction.PURGE, case_reference=reference).exists()


def test_deleting_a_lead_account_keeps_the_entries_they_made(entry, lead):
    lead.delete()
    kept = AuditEntry.objects.get(pk=entry.pk)
    assert kept.actor_id is None
    assert kept.actor_name == "lead"
