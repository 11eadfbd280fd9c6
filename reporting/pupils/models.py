"""Pupils, their link to cases, the blind index and child-protection file transfers.

Who uses these: a school's safeguarding leads, once they know who a child is.
A Pupil's name, date of birth and UPN are encrypted at rest; they are found
through digest rows (PupilNameToken, Pupil.upn_digest) made by
reporting.pupils.blindindex, never through a plaintext column. Report words are
indexed the same way (CaseWordToken) for the staff search over cases.
Imported by reporting.models, so these are ordinary models of the reporting app.
Writes go through reporting.services.pupils.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..choices import PersonRole, TransferStatus, YearGroup
from ..fields import EncryptedTextField


class Pupil(models.Model):
    """A child on the school's roll: the child-protection file is their cases' chronology."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("wagtailcore.Site", on_delete=models.PROTECT, related_name="pupils")
    first_name = EncryptedTextField()
    last_name = EncryptedTextField()
    year_group = models.PositiveSmallIntegerField(choices=YearGroup.choices, null=True, blank=True)
    # ISO date (YYYY-MM-DD), encrypted like the name: with a name it identifies a child.
    date_of_birth = EncryptedTextField(blank=True)
    upn = EncryptedTextField(blank=True)
    # So a re-import from the MIS finds the same pupil, and a UPN is never held twice.
    upn_digest = models.CharField(max_length=64, blank=True, editable=False)
    index_key_id = models.CharField(max_length=16, blank=True, editable=False)
    # The transfer a pupil's file arrived with, when it came from their previous school.
    arrived_with = models.ForeignKey(
        "reporting.PupilTransfer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "upn_digest"],
                condition=~models.Q(upn_digest=""),
                name="unique_pupil_upn_per_school",
            )
        ]
        indexes = [models.Index(fields=["school", "year_group"], name="pupil_school_year_idx")]

    def __str__(self):
        # Never the name: a str() can end up in a log line.
        return f"Pupil {str(self.pk)[:8]}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class PupilNameToken(models.Model):
    """One digest a pupil's name is found by (a word of it, or the whole name)."""

    id = models.BigAutoField(primary_key=True)
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="name_tokens")
    digest = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pupil", "digest"], name="unique_pupil_name_token")
        ]
        indexes = [models.Index(fields=["digest", "pupil"], name="pupil_name_token_idx")]

    def __str__(self):
        return f"Name token of {self.pupil_id}"


class CaseWordToken(models.Model):
    """One digest of a word the reporter (or staff logging the case) wrote."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey("reporting.Case", on_delete=models.CASCADE, related_name="word_tokens")
    digest = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "digest"], name="unique_case_word_token")
        ]
        indexes = [models.Index(fields=["digest", "case"], name="case_word_token_idx")]

    def __str__(self):
        return f"Word token of {self.case_id}"


class PupilLink(models.Model):
    """A lead's confirmation that this pupil is someone in this case."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="links")
    case = models.ForeignKey("reporting.Case", on_delete=models.CASCADE, related_name="pupil_links")
    # The unverified name from the report that this link confirmed, if any.
    person = models.ForeignKey(
        "reporting.PersonInvolved",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pupil_links",
    )
    role = models.CharField(max_length=30, choices=PersonRole.choices)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pupil", "case"], name="unique_pupil_case_link")
        ]

    def __str__(self):
        return f"{self.pupil} in {self.case_id}"


class PupilTransfer(models.Model):
    """A pupil's child-protection file sent to their new school (KCSIE: within 5 school days).

    The package (pupil record, cases, chronology, evidence) is held encrypted
    until the new school imports it; the manifest keeps the SHA-256 of every
    part (no names), with who sent it and when receipt was confirmed.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pupil = models.ForeignKey(
        Pupil, null=True, blank=True, on_delete=models.SET_NULL, related_name="transfers"
    )
    from_school = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.PROTECT, related_name="transfers_sent"
    )
    # A school on this deployment; empty when the file was downloaded for another system.
    to_school = models.ForeignKey(
        "wagtailcore.Site",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_received",
    )
    destination_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=12, choices=TransferStatus.choices, default=TransferStatus.SENT
    )
    # The package: JSON for a school on this deployment, or the passphrase-sealed file
    # for another system. Encrypted at rest like report text (and re-encrypted by
    # key rotation); emptied once the new school has imported it.
    package = EncryptedTextField(blank=True)
    package_sha256 = models.CharField(max_length=64)
    manifest = models.JSONField(default=dict)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    confirm_by = models.DateTimeField()
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["status", "confirm_by"], name="transfer_due_idx")]

    def __str__(self):
        return f"Transfer {str(self.pk)[:8]}"
