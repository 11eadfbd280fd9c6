"""Write paths of the public report flow and the reporter's anonymous follow-up.

Who uses this: reporting.views (the /report/ pages) and the cleanup command.
Each function is keyword-only. Nothing here ever sees the client's address,
user agent or referrer: the views do not pass them, and nothing is logged.

- pending_uploads_add / _held / _discard: files checked by the evidence pipeline
  and held encrypted until the report is sent (so a refused file, or a step
  back, never makes the pupil upload the others again).
- report_submit: ONE transaction creates the case, its report, evidence rows,
  receipt hash, chronology event, audit entry and the leads' notification.
- followup_check / followup_token_*: the receipt check and the short-lived,
  signed token that keeps a reporter "signed in" through POSTed forms only.
- reporter_reply: a message or more evidence from the reporter.
- orphan_evidence_cleanup: files left by a request that died before its commit,
  and raw uploads a killed worker left in the spool.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Site

from upstander import danger

from .. import receipts, sealed
from ..audit import audit_record
from ..choices import AuditAction, Category, EventKind, Platform, ReporterRole, Risk, Source
from ..chronology import event_add
from ..evidence import store
from ..evidence.pipeline import display_name, process_upload
from ..evidence.spool import spool_sweep
from ..evidence.validate import Refused, check_report_totals, max_files, max_report_bytes
from ..keyrotation import owned_storage_keys
from ..models import (
    Case,
    CaseEvent,
    EvidenceFile,
    PendingUpload,
    Receipt,
    Report,
    ReportingSettings,
)
from ..notifications import notification_enqueue
from ..risk import suggest_risk
from .links import conversation_home
from .search_index import case_words_index

logger = logging.getLogger(__name__)

# How long accepted files wait for the report to be sent.
PENDING_UPLOAD_HOURS = 6
# A file in the evidence store younger than this may belong to a transaction
# still running, so the orphan sweep leaves it alone.
ORPHAN_GRACE = timedelta(hours=1)
FOLLOWUP_TOKEN_SALT = "upstander.reporting.followup"  # noqa: S105 - a namespace, not a secret
FOLLOWUP_TOKEN_MAX_AGE = 30 * 60


# --- Held files -----------------------------------------------------------------------


@dataclass(frozen=True)
class HeldFile:
    """A file accepted into a form that has not been sent yet, as the page shows it."""

    token: str
    name: str
    mime: str
    size: int
    removed: list[str]


@dataclass(frozen=True)
class FileProblem:
    name: str
    message: str


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def pending_uploads_held(*, tokens: Iterable[str], now=None) -> list[HeldFile]:
    """The files these tokens hold, in the order given; unknown or expired tokens are skipped."""
    now = now or timezone.now()
    tokens = [token for token in dict.fromkeys(tokens) if token and len(token) <= 100]
    rows = {
        row.token_hash: row
        for row in PendingUpload.objects.filter(
            token_hash__in=[_token_hash(token) for token in tokens], expires_at__gt=now
        )
    }
    held = []
    for token in tokens:
        row = rows.get(_token_hash(token))
        if row is not None:
            held.append(
                HeldFile(
                    token=token,
                    name=row.original_name,
                    mime=row.detected_type,
                    size=row.plaintext_bytes,
                    removed=list(row.removed_metadata),
                )
            )
    return held


def pending_uploads_add(
    *, files: Sequence[UploadedFile], already_held: Sequence[HeldFile], now=None
) -> tuple[list[HeldFile], list[FileProblem]]:
    """Run each file through the evidence pipeline and hold the accepted ones.

    Returns every held file (old and new) and a problem, in plain words, for each
    refused one. The limits count the files already held.
    """
    now = now or timezone.now()
    held = list(already_held)
    problems: list[FileProblem] = []
    for upload in files:
        name = display_name(upload.name)
        try:
            check_report_totals(
                count=len(held) + 1,
                total_bytes=sum(item.size for item in held) + (upload.size or 0),
            )
            stored = process_upload(upload)
        except Refused as refusal:
            problems.append(FileProblem(name=name, message=refusal.message))
            continue
        except OSError as error:
            # The evidence folder cannot be written (full disk, lost mount): a kind
            # message instead of a server error, so the pupil keeps their words and
            # can send without the file. store.write_encrypted left no partial file.
            logger.error("Evidence store could not be written: %s", type(error).__name__)
            problems.append(FileProblem(name=name, message=Refused("store_failed").message))
            continue
        token = secrets.token_urlsafe(32)
        try:
            PendingUpload.objects.create(
                token_hash=_token_hash(token),
                storage_key=stored.storage_key,
                detected_type=stored.mime,
                extension=stored.extension,
                plaintext_bytes=stored.info.plaintext_bytes,
                stored_bytes=stored.info.stored_bytes,
                stored_sha256=stored.info.stored_sha256,
                key_id=stored.info.key_id,
                removed_metadata=stored.removed,
                original_name=name,
                expires_at=now + timedelta(hours=PENDING_UPLOAD_HOURS),
            )
        except BaseException:
            store.delete(stored.storage_key)
            raise
        held.append(
            HeldFile(
                token=token,
                name=name,
                mime=stored.mime,
                size=stored.info.plaintext_bytes,
                removed=stored.removed,
            )
        )
    return held, problems


def pending_uploads_discard(*, tokens: Iterable[str]) -> int:
    """Delete held files (the pupil removed them, or chose the nude-image path)."""
    rows = list(PendingUpload.objects.filter(token_hash__in=[_token_hash(t) for t in tokens if t]))
    for row in rows:
        store.delete(row.storage_key)
    PendingUpload.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def _claim_pending(
    *, tokens: Iterable[str], case: Case, event: CaseEvent, now
) -> list[EvidenceFile]:
    """Turn held files into the case's evidence rows. Runs inside the caller's transaction."""
    hashes = [_token_hash(token) for token in dict.fromkeys(tokens) if token]
    rows = list(
        PendingUpload.objects.select_for_update()
        .filter(token_hash__in=hashes, expires_at__gt=now)
        .order_by("created_at")[: max_files()]
    )
    evidence = []
    total = 0
    for row in rows:
        total += row.plaintext_bytes
        if total > max_report_bytes():
            break
        evidence.append(
            EvidenceFile.objects.create(
                case=case,
                event=event,
                storage_key=row.storage_key,
                detected_type=row.detected_type,
                extension=row.extension,
                plaintext_bytes=row.plaintext_bytes,
                stored_bytes=row.stored_bytes,
                stored_sha256=row.stored_sha256,
                key_id=row.key_id,
                cleaned=True,
                removed_metadata=row.removed_metadata,
                original_name=row.original_name,
                created_at=now,
            )
        )
    PendingUpload.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return evidence


# --- A new report -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportAnswers:
    """What the pupil answered, exactly as typed (text is never trimmed or rewritten)."""

    reporter_role: str
    danger_now: bool
    categories: list[str]
    what_happened: str
    danger_unsure: bool = False
    platform: str = ""
    where_detail: str = ""
    when_happened: str = ""
    people_involved: str = ""
    reporter_identity: str = ""
    # The interface language the pupil used (a code of settings.LANGUAGES), or "".
    interface_language: str = ""

    @property
    def sexual_image(self) -> bool:
        return Category.SEXUAL_IMAGE in self.categories

    def texts(self) -> list[str]:
        return [self.what_happened, self.people_involved, self.where_detail, self.when_happened]


@dataclass
class SubmissionResult:
    case: Case
    created: bool
    evidence: list[EvidenceFile] = field(default_factory=list)


def submission_key_for(token: str) -> str:
    """The one-time form token as stored: an HMAC, so the column alone cannot replay a form."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"submission:{token}".encode(), hashlib.sha256
    ).hexdigest()


def _ordered_categories(categories: Iterable[str]) -> list[str]:
    chosen = set(categories)
    return [value for value in Category.values if value in chosen]


def report_submit(
    *,
    school: Site,
    answers: ReportAnswers,
    submission_token: str,
    passphrase: str,
    pending_tokens: Sequence[str] = (),
    now=None,
) -> SubmissionResult:
    """Create the case and everything with it, once per form token.

    A second call with the same token (a double click, a resend) returns the
    first case with created=False and changes nothing.
    """
    now = now or timezone.now()
    key = submission_key_for(submission_token)
    existing = Case.objects.filter(submission_key=key).first()
    if existing is not None:
        return SubmissionResult(case=existing, created=False)
    if answers.sexual_image:
        # Never keep an image with a nude-image report, even one added earlier.
        pending_uploads_discard(tokens=pending_tokens)
        pending_tokens = ()
    # The slow hash runs before the transaction, so the write lock is held briefly.
    passphrase_hash = receipts.hash_passphrase(passphrase)
    recognition = danger.recognise(*answers.texts())
    risk = suggest_risk(
        danger_now=answers.danger_now,
        danger_unsure=answers.danger_unsure,
        categories=answers.categories,
        recognition=recognition,
    )
    for _attempt in range(3):
        try:
            return _create_report(
                school=school,
                answers=answers,
                key=key,
                passphrase_hash=passphrase_hash,
                risk=risk,
                recognition=recognition,
                pending_tokens=pending_tokens,
                now=now,
            )
        except IntegrityError:
            existing = Case.objects.filter(submission_key=key).first()
            if existing is not None:
                return SubmissionResult(case=existing, created=False)
            # Otherwise the random case reference collided: try another.
    raise IntegrityError("Could not create a case with a unique reference.")


@transaction.atomic
def _create_report(
    *,
    school,
    answers: ReportAnswers,
    key,
    passphrase_hash,
    risk,
    recognition: danger.Recognition,
    pending_tokens,
    now,
) -> SubmissionResult:
    categories = _ordered_categories(answers.categories) or [Category.OTHER]
    case = Case.objects.create(
        school=school,
        source=Source.ANONYMOUS_REPORT,
        risk=risk,
        suggested_risk=risk,
        risk_confirmed=False,
        category=categories[0],
        categories=categories,
        platform=Platform(answers.platform).value if answers.platform else "",
        reporter_role=ReporterRole(answers.reporter_role).value if answers.reporter_role else "",
        danger_now=answers.danger_now,
        danger_signals=recognition.as_data(),
        submission_key=key,
        created_at=now,
        last_activity_at=now,
    )
    Report.objects.create(
        case=case,
        what_happened=answers.what_happened,
        when_happened=answers.when_happened,
        where_detail=answers.where_detail,
        people_involved=answers.people_involved,
        reporter_identity=answers.reporter_identity,
        submitted_at=now,
        interface_language=(
            answers.interface_language
            if answers.interface_language in dict(settings.LANGUAGES)
            else ""
        ),
    )
    Receipt.objects.create(
        case=case, passphrase_hash=passphrase_hash, created_at=now, last_used_at=now
    )
    case_words_index(
        case=case,
        texts=[answers.what_happened, answers.when_happened, answers.where_detail],
    )
    event = event_add(
        case=case,
        kind=EventKind.REPORT,
        data={
            "source": Source.ANONYMOUS_REPORT,
            "danger_now": answers.danger_now,
            "danger_unsure": answers.danger_unsure,
            "sexual_image_path": answers.sexual_image,
            "suggested_risk": risk,
            "danger_kinds": list(recognition.kinds),
        },
    )
    evidence = _claim_pending(tokens=pending_tokens, case=case, event=event, now=now)
    if evidence:
        CaseEvent.objects.filter(pk=event.pk).update(
            data={**event.data, "evidence_files": len(evidence)}
        )
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        case=case,
        detail={"source": Source.ANONYMOUS_REPORT, "evidence_files": len(evidence)},
    )
    notification_enqueue(case=case, kind="new_report")
    return SubmissionResult(case=case, created=True, evidence=evidence)


def receipt_matches(*, case: Case, passphrase: str) -> bool:
    """For a resent form: show the receipt again only to whoever holds its words."""
    receipt = Receipt.objects.filter(case=case).first()
    return receipt is not None and receipts.verify_passphrase(receipt.passphrase_hash, passphrase)


# --- Follow-up ------------------------------------------------------------------------------


class CheckOutcome(Enum):
    OPEN = "open"
    WRONG = "wrong"
    EXPIRED = "expired"


@dataclass(frozen=True)
class FollowUpCheck:
    outcome: CheckOutcome
    case: Case | None = None


def followup_check(*, school: Site, reference: str, passphrase: str, now=None) -> FollowUpCheck:
    """Check a receipt for this school's site.

    Wrong reference and wrong words look the same: an unknown reference still
    runs one full hash (receipts.burn_dummy_check) and Argon2 compares in
    constant time. A receipt unused for longer than the school's
    receipt_expiry_days is deleted when its holder next comes; the case stays.
    """
    now = now or timezone.now()
    normalised = receipts.normalise_reference(reference)
    receipt = (
        Receipt.objects.select_related("case", "case__school")
        .filter(case__reference=normalised, case__school=school)
        .first()
        if normalised
        else None
    )
    if receipt is None:
        receipts.burn_dummy_check(passphrase)
        return FollowUpCheck(CheckOutcome.WRONG)
    if not receipts.verify_passphrase(receipt.passphrase_hash, passphrase):
        return FollowUpCheck(CheckOutcome.WRONG)
    expiry_days = ReportingSettings.for_site(school).receipt_expiry_days
    if receipt.last_used_at < now - timedelta(days=expiry_days):
        case = receipt.case
        receipt.delete()
        return FollowUpCheck(CheckOutcome.EXPIRED, case=case)
    Receipt.objects.filter(pk=receipt.pk).update(last_used_at=now)
    return FollowUpCheck(CheckOutcome.OPEN, case=receipt.case)


def _receipt_fingerprint(receipt: Receipt) -> str:
    return hashlib.sha256(receipt.passphrase_hash.encode()).hexdigest()[:16]


def followup_token_make(*, case: Case) -> str:
    """An encrypted, 30-minute token for the follow-up page's hidden field (never a cookie or URL).

    It names the case and a fingerprint of its receipt, so it stops working
    the moment the receipt expires or is removed. Encrypted, not only signed: the
    page's source (or a saved copy) must not show which case it is.
    """
    receipt = Receipt.objects.get(case=case)
    return sealed.seal(
        {"c": str(case.pk), "r": _receipt_fingerprint(receipt)}, purpose=FOLLOWUP_TOKEN_SALT
    )


def followup_token_open(*, token: str, school: Site) -> Case | None:
    data = sealed.unseal(token, purpose=FOLLOWUP_TOKEN_SALT, max_age=FOLLOWUP_TOKEN_MAX_AGE)
    if data is None:
        return None
    receipt = (
        Receipt.objects.select_related("case", "case__school")
        .filter(case_id=data.get("c"), case__school=school)
        .first()
    )
    if receipt is None or not hmac.compare_digest(
        _receipt_fingerprint(receipt), str(data.get("r"))
    ):
        return None
    return receipt.case


def reporter_reply(
    *, case: Case, message: str, pending_tokens: Sequence[str] = (), now=None
) -> CaseEvent:
    """The reporter writes back or adds information; the leads are told (no content in the email).

    Files make it a REPORTER_ADDITION, words alone a MESSAGE_FROM_REPORTER. Words
    that show danger (upstander.danger) raise the suggested risk to urgent, and the
    case's risk too unless a lead has confirmed it, and join the case's reasons.
    """
    now = now or timezone.now()
    if Category.SEXUAL_IMAGE in (case.categories or []):
        pending_uploads_discard(tokens=pending_tokens)
        pending_tokens = ()
    # Once a lead has merged this report into another case, the pupil's words go to
    # that case, still marked as theirs, so the whole story stays in one place.
    home = conversation_home(case)
    with transaction.atomic():
        recognition = danger.recognise(message)
        worrying = bool(recognition)
        kind = EventKind.REPORTER_ADDITION if pending_tokens else EventKind.MESSAGE_FROM_REPORTER
        event = event_add(
            case=home,
            kind=kind,
            body=message,
            data={"suggests_urgent": worrying, "danger_kinds": list(recognition.kinds)},
            visible_to_reporter=True,
            reporter_case=case,
        )
        evidence = _claim_pending(tokens=pending_tokens, case=home, event=event, now=now)
        if evidence:
            CaseEvent.objects.filter(pk=event.pk).update(
                data={**event.data, "evidence_files": len(evidence)}
            )
        case_words_index(case=home, texts=[message])
        if worrying:
            signals = danger.Recognition.from_data(home.danger_signals).merged(recognition)
            updates = {"danger_signals": signals.as_data()}
            if home.risk != Risk.URGENT:
                updates["suggested_risk"] = Risk.URGENT
                if not home.risk_confirmed:
                    updates["risk"] = Risk.URGENT
            Case.objects.filter(pk=home.pk).update(**updates)
            for name, value in updates.items():
                setattr(home, name, value)
        Receipt.objects.filter(case=case).update(last_used_at=now)
        audit_record(
            actor=None,
            action=AuditAction.CHANGE,
            case=home,
            detail={"added": kind, "evidence_files": len(evidence)},
        )
        notification_enqueue(case=home, kind="reporter_message")
    return event


# --- Housekeeping ------------------------------------------------------------------------------


@dataclass
class CleanupResult:
    expired_pending: int = 0
    orphan_files: int = 0
    partial_files: int = 0
    spool_files: int = 0


def orphan_evidence_cleanup(*, now=None, dry_run: bool = False) -> CleanupResult:
    """Delete held files nobody sent, and stored files no row points to.

    A request killed between writing a file and committing its transaction
    leaves such a file; it is encrypted, but it should not linger.
    """
    now = now or timezone.now()
    result = CleanupResult()
    for row in PendingUpload.objects.filter(expires_at__lte=now):
        result.expired_pending += 1
        if not dry_run:
            store.delete(row.storage_key)
            row.delete()
    known = owned_storage_keys()
    cutoff = now - ORPHAN_GRACE
    for key, modified in list(store.stored_files(include_partial=True)):
        if modified > cutoff:
            continue
        if key.endswith(store.PARTIAL_SUFFIX):
            result.partial_files += 1
        elif key not in known:
            result.orphan_files += 1
        else:
            continue
        if not dry_run:
            store.delete(key)
    # Raw uploads (unencrypted, metadata and all) left by a worker killed mid-request.
    result.spool_files = spool_sweep(now=now.timestamp(), dry_run=dry_run)
    return result
