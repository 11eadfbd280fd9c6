"""Reports, cases and everything recorded about them.

Who uses these: pupils create a Report (and so a Case) anonymously; safeguarding
leads triage the Case. What a pupil wrote is held in EncryptedTextFields; the
structured answers (category, platform, dates, risk, status) stay queryable
for the triage queue and the dashboard. Writes go through reporting.services.
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .choices import (
    RISK_ORDER,
    AuditAction,
    Category,
    EventKind,
    NotificationStatus,
    Outcome,
    PersonRole,
    Platform,
    PrejudiceType,
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
    # 0 = urgent … 3 = low, so the queue sorts by seriousness with an index. Computed by
    # the database from `risk`, so no write path can let the two disagree.
    risk_rank = models.GeneratedField(
        expression=models.Case(
            *(models.When(risk=risk, then=models.Value(rank)) for risk, rank in RISK_ORDER.items()),
            default=models.Value(RISK_ORDER[Risk.MEDIUM]),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    suggested_risk = models.CharField(max_length=10, choices=Risk.choices, default=Risk.MEDIUM)
    risk_confirmed = models.BooleanField(default=False)
    category = models.CharField(max_length=30, choices=Category.choices, default=Category.OTHER)
    # What the reporter ticked on the form, in its fixed pupil-facing words.
    categories = models.JSONField(default=list, blank=True)
    # What the school records, in its own categories (CaseCategory), chosen by a lead.
    recorded_categories = models.ManyToManyField("CaseCategory", blank=True, related_name="cases")
    platform = models.CharField(max_length=20, choices=Platform.choices, blank=True)
    reporter_role = models.CharField(max_length=20, choices=ReporterRole.choices, blank=True)
    danger_now = models.BooleanField(default=False)
    # What upstander.danger found in the words, shown to the lead as the reason for an
    # urgent suggestion: [{"kind", "label", "words"}], the words being only those that
    # met a pattern (never the pupil's other words, which stay encrypted in Report).
    danger_signals = models.JSONField(default=list, blank=True, editable=False)
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
    # A duplicate merged into another case: its chronology, evidence and people moved
    # there; it stays (closed) so its reporter's receipt keeps working.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        editable=False,
    )
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
    # How many reminders have gone out: the claim token of the conditional update
    # that stops two schedulers sending the same reminder.
    urgent_reminders_sent = models.PositiveSmallIntegerField(default=0, editable=False)
    triaged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
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
    # The language of the form the pupil used ("cy" for /cy/report/), from settings.LANGUAGES,
    # so the lead can reply in it. A choice of the interface, never who the pupil is; the
    # text itself is kept exactly as written, in whatever language it was written.
    interface_language = models.CharField(max_length=10, blank=True, default="")

    def __str__(self):
        return f"Report for {self.case.reference}"

    @property
    def interface_language_name(self) -> str:
        """The language's name in English, for staff ("Welsh"); "" when not recorded."""
        from django.utils.translation import get_language_info

        if not self.interface_language:
            return ""
        return get_language_info(self.interface_language)["name"]


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
    # Whose conversation this is, when it is not the case's own reporter's: an event that
    # came with a merged duplicate stays with that duplicate's reporter, and no other.
    reporter_case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
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
    # Who it is for: the team roles (TeamRole values) it reaches, in escalation
    # order. Empty means the designated lead(s), as for every first alert.
    roles = models.JSONField(default=list, blank=True)
    # Or the one person it is for (a task's assignee, by their own channels): then
    # `roles` is not used.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
    )
    # Deliveries already made ("email", "sms:<lead id>", "webhook:<lead id>"), so a
    # retry after one channel failed does not send the others twice.
    delivered = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notification_due_idx")]

    def __str__(self):
        return f"{self.kind} for {self.case_id}: {self.status}"

    @property
    def audience(self) -> str:
        """Whom it is for, in the team's words ("Designated safeguarding lead, Deputy …")."""
        labels = dict(TeamRole.choices)
        return ", ".join(labels.get(role, role) for role in self.roles) or labels[TeamRole.DSL]

    @property
    def delivered_summary(self) -> str:
        """Which channels have gone out so far, e.g. "email, 2 text messages"."""
        channels = [key.split(":")[0] for key in self.delivered]
        parts = ["email"] if "email" in channels else []
        for channel, one, many in (
            ("sms", "text message", "text messages"),
            ("webhook", "Teams/Slack post", "Teams/Slack posts"),
        ):
            count = channels.count(channel)
            if count:
                parts.append(f"{count} {one if count == 1 else many}")
        return ", ".join(parts) or "—"


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
    urgent_acknowledge_minutes = models.PositiveIntegerField(
        default=15,
        validators=[MinValueValidator(1)],
        help_text=(
            "An urgent case nobody has acknowledged is alerted again this many real minutes "
            "apart, day and night, until a lead acknowledges it."
        ),
    )
    escalate_to_deputies_after_minutes = models.PositiveIntegerField(
        default=30,
        help_text="Minutes after an urgent report before its reminders also go to the deputies.",
    )
    escalate_to_out_of_hours_after_minutes = models.PositiveIntegerField(
        default=45,
        help_text=(
            "Minutes after an urgent report before its reminders also go to the "
            "out-of-hours contact."
        ),
    )
    staff_may_log_cases = models.BooleanField(
        default=False,
        help_text="Let staff who are not safeguarding leads log a case from a disclosure.",
    )

    class Meta:
        verbose_name = "Reporting settings"


class CaseCategory(models.Model):
    """A category a school records its cases under, edited by its safeguarding leads.

    Each school names its own, but each maps to a common kind (`standard`, the form's
    vocabulary) and, for prejudice-related bullying, to a prejudice type, so a trust's
    figures stay comparable across its schools.
    """

    school = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="case_categories"
    )
    name = models.CharField(max_length=100)
    standard = models.CharField(
        max_length=30,
        choices=Category.choices,
        default=Category.OTHER,
        help_text="The common kind this maps to, so a trust can compare its schools.",
    )
    prejudice = models.CharField(
        max_length=20,
        choices=PrejudiceType.choices,
        blank=True,
        help_text="For prejudice-related bullying: which kind.",
    )
    active = models.BooleanField(
        default=True, help_text="Inactive categories stay on old cases but are not offered."
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="unique_category_per_school")
        ]
        verbose_name_plural = "case categories"

    def __str__(self):
        return self.name


class CaseTask(models.Model):
    """Something a member of the safeguarding team has to do about a case, by a date.

    What to do is encrypted like everything else written about a case ("ring Sam's
    mum" names a child). Reminders go to the person it is assigned to.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    what = EncryptedTextField()
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_tasks"
    )
    due_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the assignee was reminded that it is due, so a reminder goes once.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["completed_at", "due_at"]
        indexes = [
            models.Index(
                fields=["assignee", "completed_at", "due_at"], name="task_assignee_due_idx"
            ),
            models.Index(fields=["case", "completed_at"], name="task_case_open_idx"),
        ]

    def __str__(self):
        return f"Task on {self.case_id}"

    @property
    def is_overdue(self) -> bool:
        return self.completed_at is None and self.due_at <= timezone.now()


class CaseLink(models.Model):
    """Two cases of one school that a lead says are about the same children or events."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_from")
    other = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_to")
    reason = EncryptedTextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "other"], name="unique_case_link"),
            models.CheckConstraint(
                condition=~models.Q(case=models.F("other")), name="link_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.case_id} ↔ {self.other_id}"


class SchoolClosure(models.Model):
    """A day or run of days the school is shut: holidays between terms, bank holidays, training days.

    Used by every "when will someone read this" answer (reporting.school_calendar),
    so a pupil is never promised "tomorrow at 8:30" in the holidays.
    """

    school = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="closures"
    )
    name = models.CharField(max_length=100, help_text="For example “Christmas holidays”.")
    first_day = models.DateField()
    last_day = models.DateField(help_text="The last day the school is closed (inclusive).")

    class Meta:
        ordering = ["school", "first_day"]
        indexes = [models.Index(fields=["school", "last_day"], name="closure_school_end_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="closure_ends_after_it_starts",
                violation_error_message="The last day must be on or after the first day.",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.first_day:%-d %b %Y} – {self.last_day:%-d %b %Y})"


class AlertProfile(models.Model):
    """How one member of staff wants safeguarding alerts: email, text message, Teams/Slack.

    Edited by the person in their own account settings. The mobile number and the
    webhook address are personal or secret, so they are encrypted at rest.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_profile"
    )
    by_email = models.BooleanField("Email me", default=True)
    by_sms = models.BooleanField("Text my mobile", default=False)
    mobile_number = EncryptedTextField(blank=True)
    by_webhook = models.BooleanField("Post to Microsoft Teams or Slack", default=False)
    webhook_url = EncryptedTextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Alert profile of {self.user}"


class WorkerHeartbeat(models.Model):
    """One row per alert worker process, touched every few seconds while it runs.

    `/healthz` and the periodic jobs read the newest `last_seen_at` to tell a
    stopped worker (alerts silently waiting) from a quiet one. Holds nothing
    about any case.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"Alert worker {self.worker_id}"


class PeriodicJobLease(models.Model):
    """When a periodic job may next run, and which scheduler holds it right now.

    Several servers may each run `run_periodic_jobs`; a conditional UPDATE of
    this row is what lets exactly one of them run a job per interval. It is in
    the database, not the cache, because an evicted or flushed cache key would
    let a job run twice.
    """

    name = models.CharField(max_length=80, primary_key=True)
    next_run_at = models.DateTimeField(default=timezone.now)
    held_by = models.CharField(max_length=80, blank=True)
    held_until = models.DateTimeField(null=True, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_failed = models.BooleanField(default=False)

    def __str__(self):
        return f"Periodic job {self.name}"


# --- Pupils and their records --------------------------------------------------------------
# Pupil records, the blind index and child-protection file transfers live in their own module.
from .pupils.models import (  # noqa: E402, F401 - models of this app, defined there
    CaseWordToken,
    Pupil,
    PupilLink,
    PupilNameToken,
    PupilTransfer,
)
