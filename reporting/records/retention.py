"""Retention of closed cases: legal hold, and the purge run by `manage.py apply_retention`.

Who uses this: a safeguarding lead puts a case on legal hold from the case page
(`case_set_legal_hold`); the nightly job (`apply_retention` command or the
`apply_retention_task`) calls `retention_apply`. Periods come from settings
(RETENTION_DAYS per outcome); child-protection records are never purged here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ..audit import audit_record
from ..choices import AuditAction, CaseAction, EventKind, Outcome, Status
from ..chronology import event_add
from ..evidence import store
from ..models import Case
from ..permissions import case_policy

logger = logging.getLogger(__name__)

# Whatever the settings say: these records move with the pupil and are only ever deleted
# by a person (see RETENTION_CHILD_PROTECTION_YEARS in settings).
NEVER_PURGED_OUTCOMES = frozenset({Outcome.CHILD_PROTECTION})
LEGAL_HOLD_REASON_MAX = 500


# --- Legal hold ---------------------------------------------------------------------------


@transaction.atomic
def case_set_legal_hold(*, case: Case, user, on: bool, reason: str) -> bool:
    """Put a case on legal hold (or lift it), so retention never deletes it meanwhile.

    Returns False when the case was already in that state (nothing recorded).
    The reason goes into the chronology event's encrypted body, not into the
    plain-text audit detail, as it may name an investigation or a pupil.
    """
    if not case_policy.user_has_permission_for_instance(user, CaseAction.LEGAL_HOLD, case):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why the legal hold is being changed.")
    if len(reason) > LEGAL_HOLD_REASON_MAX:
        raise ValidationError(f"Keep the reason under {LEGAL_HOLD_REASON_MAX} characters.")
    # Lock the row so a purge running now either sees the hold or has already finished.
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.legal_hold == on:
        case.legal_hold = on
        return False
    Case.objects.filter(pk=case.pk).update(legal_hold=on)
    case.legal_hold = on
    event_add(
        case=case,
        kind=EventKind.LEGAL_HOLD,
        body=reason,
        data={"legal_hold": on},
        actor=user,
    )
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        case=case,
        detail={"field": "legal_hold", "legal_hold": on},
    )
    return True


# --- Purge --------------------------------------------------------------------------------


@dataclass
class RetentionResult:
    """What a retention run did (or, in a dry run, would do)."""

    dry_run: bool
    purged: list[str] = field(default_factory=list)
    files_deleted: int = 0
    files_missing: int = 0
    held: list[str] = field(default_factory=list)
    child_protection_due_for_review: list[str] = field(default_factory=list)
    by_outcome: dict[str, int] = field(default_factory=dict)

    def summary_lines(self) -> list[str]:
        verb = "Would purge" if self.dry_run else "Purged"
        lines = [f"{verb} {len(self.purged)} case(s)."]
        for outcome, count in sorted(self.by_outcome.items()):
            lines.append(f"  {outcome}: {count}")
        if self.purged:
            lines.append("  References: " + ", ".join(sorted(self.purged)))
        if not self.dry_run:
            lines.append(f"Evidence files deleted: {self.files_deleted}")
            if self.files_missing:
                lines.append(f"Evidence files already missing: {self.files_missing}")
        if self.held:
            lines.append(
                f"Kept because of a legal hold (period passed): {len(self.held)} — "
                + ", ".join(sorted(self.held))
            )
        if self.child_protection_due_for_review:
            lines.append(
                f"Child-protection records past {settings.RETENTION_CHILD_PROTECTION_YEARS} "
                "years, for a person to review (never purged automatically): "
                + ", ".join(sorted(self.child_protection_due_for_review))
            )
        return lines


def retention_periods() -> dict[str, timedelta]:
    """Outcome → period after closure, only for outcomes that may be purged at all."""
    periods = {}
    for outcome, days in settings.RETENTION_DAYS.items():
        if days is None or outcome in NEVER_PURGED_OUTCOMES:
            continue
        periods[outcome] = timedelta(days=days)
    return periods


def _expired_filter(now: datetime) -> Q:
    condition = Q(pk__in=[])
    for outcome, period in retention_periods().items():
        condition |= Q(outcome=outcome, closed_at__lte=now - period)
    return condition


def cases_due_for_purge(*, now: datetime | None = None) -> QuerySet[Case]:
    """Closed, not on hold, outcome with a period, period since closure passed."""
    now = now or timezone.now()
    return (
        Case.objects.filter(status=Status.CLOSED, legal_hold=False, closed_at__isnull=False)
        .exclude(outcome__in=NEVER_PURGED_OUTCOMES)
        .filter(_expired_filter(now))
    )


def _still_due(case: Case, now: datetime) -> bool:
    period = retention_periods().get(case.outcome)
    return (
        period is not None
        and case.status == Status.CLOSED
        and not case.legal_hold
        and case.closed_at is not None
        and case.closed_at <= now - period
        and case.outcome not in NEVER_PURGED_OUTCOMES
    )


def case_purge(*, case_id, now: datetime) -> tuple[str, list[str]] | None:
    """Delete one case and everything recorded about it; return its reference and file keys.

    The conditions are checked again on the locked row, so a lead who puts the case
    on hold (or reopens it) while the job runs always wins. Files are deleted only
    once the rows are gone for good (after commit): a failed transaction leaves
    both in place, never rows pointing at deleted files.
    """
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("school").filter(pk=case_id).first()
        if case is None or not _still_due(case, now):
            return None
        storage_keys = list(case.evidence.values_list("storage_key", flat=True))
        reference = case.reference
        audit_record(
            actor=None,
            action=AuditAction.PURGE,
            case=case,
            detail={
                "reference": reference,
                "outcome": case.outcome,
                "closed_at": case.closed_at.isoformat(),
                "evidence_files": len(storage_keys),
                "retention_days": retention_periods()[case.outcome].days,
            },
        )
        # Cascades to the report, receipt, chronology, people, evidence rows and
        # notifications; audit entries keep the reference (case set to NULL).
        case.delete()
    return reference, storage_keys


def retention_apply(*, dry_run: bool = False, now: datetime | None = None) -> RetentionResult:
    """Purge every case whose retention period has passed. With dry_run, change nothing."""
    now = now or timezone.now()
    result = RetentionResult(dry_run=dry_run)

    due = list(cases_due_for_purge(now=now).values_list("pk", "reference", "outcome"))
    result.held = list(
        Case.objects.filter(status=Status.CLOSED, legal_hold=True, closed_at__isnull=False)
        .exclude(outcome__in=NEVER_PURGED_OUTCOMES)
        .filter(_expired_filter(now))
        .values_list("reference", flat=True)
    )
    cp_cutoff = now - timedelta(days=365.25 * settings.RETENTION_CHILD_PROTECTION_YEARS)
    result.child_protection_due_for_review = list(
        Case.objects.filter(
            status=Status.CLOSED, outcome=Outcome.CHILD_PROTECTION, closed_at__lte=cp_cutoff
        ).values_list("reference", flat=True)
    )

    for case_id, reference, outcome in due:
        if dry_run:
            result.purged.append(reference)
            result.by_outcome[outcome] = result.by_outcome.get(outcome, 0) + 1
            continue
        done = case_purge(case_id=case_id, now=now)
        if done is None:
            continue
        reference, storage_keys = done
        result.purged.append(reference)
        result.by_outcome[outcome] = result.by_outcome.get(outcome, 0) + 1
        for key in storage_keys:
            if store.exists(key):
                store.delete(key)
                result.files_deleted += 1
            else:
                result.files_missing += 1
    if not dry_run and result.purged:
        logger.info("Retention purged %d case(s).", len(result.purged))
    return result
