"""Reports, cases and everything recorded about them.

Who uses these: pupils create a Report (and so a Case) anonymously; safeguarding
leads triage the Case. What a pupil wrote is held in EncryptedTextFields; the
structured answers (category, platform, dates, risk, status) stay queryable
for the triage queue and the dashboard. Writes go through reporting.services.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .choices import (
    AuditAction,
    Category,
    EventKind,
    NotificationStatus,
    Outcome,
    PersonRole,
    Platform,
    ReporterRole,
    Risk,
    Source,
    Status,
    TeamRole,
)
from .fields import EncryptedTextField

# No 0/O or 1/I/L: a child copies the reference by hand.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_case_reference() -> str:
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{body[:4]}-{body[4:]}"


class SafeguardingLead(models.Model):
    """The safeguarding role, held per school (a Wagtail Site).

    Access to reports comes only from these rows, never from is_superuser.
    A trust-wide lead holds one row per school assigned to them.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safeguarding_roles"
    )
    school = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="safeguarding_leads"
    )
    role = models.CharField(max_length=20, choices=TeamRole.choices, default=TeamRole.DSL)
    receives_notifications = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="unique_lead_per_school")
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}, {self.school}"


class Case(models.Model):
    """A concern being handled: the school's incident-log entry.

    Printed as its reference only, so nothing a pupil wrote reaches a log or label.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(
        max_length=9, unique=True, default=new_case_reference, editable=False
    )
    school = models.ForeignKey("wagtailcore.Site", on_delete=models.PROTECT, related_name="cases")
    source = models.CharField(
        max_length=20, choices=Source.choices, default=Source.ANONYMOUS_REPORT
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    risk = models.CharField(max_length=10, choices=Risk.choices, default=Risk.MEDIUM)
    # 0 = urgent … 3 = low, so the queue sorts by seriousness with an index.
    risk_rank = models.PositiveSmallIntegerField(default=2, editable=False)
    suggested_risk = models.CharField(max_length=10, choices=Risk.choices, default=Risk.MEDIUM)
    risk_confirmed = models.BooleanField(default=False)
    category = models.CharField(max_length=30, choices=Category.choices, default=Category.OTHER)
    categories = models.JSONField(default=list, blank=True)
    platform = models.CharField(max_length=20, choices=Platform.choices, blank=True)
    reporter_role = models.CharField(max_length=20, choices=ReporterRole.choices, blank=True)
    danger_now = models.BooleanField(default=False)
    year_group = models.PositiveSmallIntegerField(null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    legal_hold = models.BooleanField(default=False)
    # Set once, by the service that creates the case, from the form's one-time token,
    # so a double click or a resend creates exactly one case.
    submission_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the leads were last reminded that this urgent case is unacknowledged,
    # so `notify_unacknowledged_urgent` sends at most one reminder per interval.
    urgent_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    triaged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["school", "risk_rank", "created_at"], name="case_queue_idx"),
            models.Index(
                fields=["school", "status", "risk_rank", "created_at"], name="case_status_queue_idx"
            ),
            models.Index(fields=["school", "category"], name="case_category_idx"),
            models.Index(fields=["school", "platform"], name="case_platform_idx"),
            models.Index(fields=["assignee", "status"], name="case_assignee_idx"),
            models.Index(fields=["created_at"], name="case_created_idx"),
            models.Index(fields=["status", "closed_at"], name="case_retention_idx"),
            # The queue's own order with its tie-breaker, so a page is read straight
            # off the index (no sort) however many cases a school has.
            models.Index(
                fields=["school", "risk_rank", "created_at", "id"], name="case_queue_order_idx"
            ),
            models.Index(fields=["school", "created_at"], name="case_school_created_idx"),
            # Unacknowledged urgent cases, for the reminder command.
            models.Index(fields=["risk_rank", "acknowledged_at"], name="case_unacknowledged_idx"),
        ]

    def __str__(self):
        return self.reference


class Report(models.Model):
    """What the reporter said, exactly as submitted. Later additions are CaseEvents."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="report", primary_key=True
    )
    what_happened = EncryptedTextField()
    when_happened = EncryptedTextField(blank=True)
    where_detail = EncryptedTextField(blank=True)
    people_involved = EncryptedTextField(blank=True)
    # Only when the reporter chose to say who they are.
    reporter_identity = EncryptedTextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Report for {self.case.reference}"


class Receipt(models.Model):
    """Lets an anonymous reporter come back: only a slow, peppered hash is kept."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="receipt", primary_key=True
    )
    passphrase_hash = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Receipt for {self.case.reference}"


class CaseEvent(models.Model):
    """One entry in a case's chronology."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    body = EncryptedTextField(blank=True)
    # Structured detail: old/new status or risk, action type, agency and reference.
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    visible_to_reporter = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["case", "created_at"], name="event_case_time_idx")]

    def __str__(self):
        return f"{self.case_id} {self.kind}"


class PersonInvolved(models.Model):
    """Someone named in a case. Names from an anonymous reporter stay unverified until a lead confirms."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=30, choices=PersonRole.choices)
    name = EncryptedTextField()
    year_group = models.PositiveSmallIntegerField(null=True, blank=True)
    verified = models.BooleanField(default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.get_role_display()} in {self.case_id}"


class EvidenceFile(models.Model):
    """A cleaned, encrypted file in the private evidence store. Never has a public URL."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    event = models.ForeignKey(
        CaseEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    storage_key = models.CharField(max_length=80, unique=True)
    detected_type = models.CharField(max_length=50)
    extension = models.CharField(max_length=8)
    plaintext_bytes = models.PositiveBigIntegerField()
    stored_bytes = models.PositiveBigIntegerField()
    stored_sha256 = models.CharField(max_length=64)
    key_id = models.CharField(max_length=40)
    cleaned = models.BooleanField(default=False)
    # What cleaning removed, in plain words for the pupil ("the place this photo was taken").
    removed_metadata = models.JSONField(default=list, blank=True)
    original_name = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Evidence {self.id}"


class EvidenceGrant(models.Model):
    """A DSL lets one pastoral colleague see one case's evidence (reporting.permissions).

    Revoked rather than deleted, so the case keeps the record of who could see what;
    both the grant and its revocation are audited.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evidence_grants"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_open_evidence_grant",
            )
        ]

    def __str__(self):
        return f"Evidence of {self.case_id} for {self.user_id}"


class AuditEntry(models.Model):
    """Who viewed, downloaded, exported or changed what, and when. Append-only.

    Kept apart from Wagtail's log entries because those appear in the admin's
    site history to every superuser, and access to cases is a safeguarding role.
    """

    id = models.BigAutoField(primary_key=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=30, choices=AuditAction.choices)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    # The reference survives the case's purge, so the log still says what was removed.
    case_reference = models.CharField(max_length=9, blank=True)
    school = models.ForeignKey(
        "wagtailcore.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["case", "created_at"], name="audit_case_time_idx")]
        default_permissions = ()

    def __str__(self):
        return f"{self.actor_name or 'system'} {self.action} {self.case_reference}"

    def save(self, *args, **kwargs):
        # Append-only: an existing entry is never rewritten.
        if not self._state.adding:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries cannot be deleted.")


class PendingUpload(models.Model):
    """A cleaned, encrypted file a pupil added before their report (or message) was sent.

    Held server-side so a form shown again (a refused file, a step back) need not
    ask for it again: the page carries only a random token, and only its SHA-256
    is stored here. Becomes an EvidenceFile in the submission's transaction;
    `cleanup_orphan_evidence` deletes what was never sent once it expires.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    token_hash = models.CharField(max_length=64, unique=True)
    storage_key = models.CharField(max_length=80, unique=True)
    detected_type = models.CharField(max_length=50)
    extension = models.CharField(max_length=8)
    plaintext_bytes = models.PositiveBigIntegerField()
    stored_bytes = models.PositiveBigIntegerField()
    stored_sha256 = models.CharField(max_length=64)
    key_id = models.CharField(max_length=40)
    removed_metadata = models.JSONField(default=list, blank=True)
    original_name = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"Pending upload {self.id}"


class Notification(models.Model):
    """Outbox for messages to the leads: written in the report's transaction, sent by a worker.

    Carries no report content: only the reference, whether it is urgent, and a link.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40, default="new_report")
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notification_due_idx")]

    def __str__(self):
        return f"{self.kind} for {self.case_id}: {self.status}"


@register_setting(icon="warning")
class ReportingSettings(BaseSiteSetting):
    """Per-school settings for the report form and triage, edited in the admin."""

    school_day_starts = models.TimeField(default="08:30")
    school_day_ends = models.TimeField(default="16:00")
    school_days = models.CharField(
        max_length=20,
        default="0,1,2,3,4",
        help_text="Weekdays the school is open: 0 is Monday, 6 is Sunday.",
    )
    urgent_contact = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who a pupil can contact urgently out of hours, e.g. the school office number.",
    )
    receipt_expiry_days = models.PositiveIntegerField(default=180)
    urgent_acknowledge_minutes = models.PositiveIntegerField(default=15)
    staff_may_log_cases = models.BooleanField(
        default=False,
        help_text="Let staff who are not safeguarding leads log a case from a disclosure.",
    )

    class Meta:
        verbose_name = "Reporting settings"
