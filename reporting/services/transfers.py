"""Sending a pupil's child-protection file to their new school, and receiving one.

KCSIE asks the old school to send the file to the new one within 5 school days
and to get confirmation of receipt. Who uses this: the sender's DSL (from the
pupil's page) and the receiver's DSL (from the transfers screen, or by
uploading a file from another Upstander).

The package is one JSON document: the pupil record, every case with its report,
chronology, people and evidence (base64), and a manifest of SHA-256 hashes of
each part. On this deployment it is held encrypted at rest in the transfer row
until the new school imports it; for another system it is sealed with AES-GCM
under a key derived (scrypt) from a passphrase the sender gives the receiver by
another channel, and downloaded. Importing checks every hash first, so a
damaged or altered package is refused before anything is saved.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from upstander.sanitize import clean_message

from .. import receipts
from ..audit import audit_record
from ..choices import (
    AuditAction,
    Category,
    EventKind,
    PersonRole,
    Risk,
    Source,
    Status,
    TransferStatus,
)
from ..chronology import event_add
from ..evidence import store
from ..models import (
    Case,
    CaseEvent,
    EvidenceFile,
    PersonInvolved,
    Pupil,
    PupilLink,
    PupilTransfer,
    Report,
    ReportingSettings,
)
from ..notifications import notification_enqueue
from ..pupils import blindindex
from ..roles import is_safeguarding_lead
from ..school_calendar import calendar_for
from .pupils import pupil_create
from .search_index import case_words_reindex

PACKAGE_FORMAT = "upstander-child-protection-file"
PACKAGE_VERSION = 1
SEALED_MAGIC = b"UPCPF1\n"
CONFIRM_WITHIN_SCHOOL_DAYS = 5
# scrypt at n=2**15, r=8: about 32 MiB and a tenth of a second, once per file.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


class PackageError(ValidationError):
    """A package that is damaged, altered, sealed with other words, or not a package at all."""


def _require_lead_of(actor, school_id: int) -> None:
    if not is_safeguarding_lead(actor, school_id):
        raise PermissionDenied("Only a safeguarding lead for this school may do that.")


def _canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- Dates ---------------------------------------------------------------------------------


def confirm_by(*, sent_at: dt.datetime, school: Site) -> dt.datetime:
    """The end of the fifth school day after `sent_at`, in the sending school's calendar
    (its open weekdays, less its holidays and closures)."""
    settings = ReportingSettings.for_site(school)
    local = timezone.localtime(sent_at)
    calendar = calendar_for(settings, from_day=local.date())
    day, counted = local.date(), 0
    while counted < CONFIRM_WITHIN_SCHOOL_DAYS:
        day += dt.timedelta(days=1)
        if calendar.is_open_day(day):
            counted += 1
    ends = settings.school_day_ends
    if not isinstance(ends, dt.time):
        ends = dt.time.fromisoformat(str(ends))
    return timezone.make_aware(dt.datetime.combine(day, ends), local.tzinfo)


# --- Building a package ----------------------------------------------------------------------


def _evidence_payload(evidence: EvidenceFile) -> dict:
    data = b"".join(store.read_plaintext(evidence.storage_key))
    return {
        "id": str(evidence.pk),
        "detected_type": evidence.detected_type,
        "extension": evidence.extension,
        "sha256": _sha256(data),
        "removed_metadata": evidence.removed_metadata,
        "created_at": evidence.created_at.isoformat(),
        "event": str(evidence.event_id) if evidence.event_id else "",
        "data": base64.b64encode(data).decode(),
    }


def _case_payload(case: Case, role: str) -> dict:
    report = Report.objects.filter(case=case).first()
    return {
        "reference": case.reference,
        "role": role,
        "created_at": case.created_at.isoformat(),
        "source": case.source,
        "status": case.status,
        "risk": case.risk,
        "category": case.category,
        "categories": case.categories,
        "platform": case.platform,
        "outcome": case.outcome,
        "year_group": case.year_group,
        "report": (
            {
                "what_happened": report.what_happened,
                "when_happened": report.when_happened,
                "where_detail": report.where_detail,
                "people_involved": report.people_involved,
                "reporter_identity": report.reporter_identity,
                "submitted_at": report.submitted_at.isoformat(),
            }
            if report
            else None
        ),
        "events": [
            {
                "id": str(event.pk),
                "kind": event.kind,
                "body": event.body,
                "data": event.data,
                "actor": event.actor.get_username() if event.actor else "",
                "created_at": event.created_at.isoformat(),
            }
            for event in case.events.select_related("actor").order_by("created_at")
        ],
        "people": [
            {
                "role": person.role,
                "name": person.name,
                "year_group": person.year_group,
                "verified": person.verified,
            }
            for person in case.people.order_by("created_at")
        ],
        "evidence": [_evidence_payload(item) for item in case.evidence.order_by("created_at")],
    }


def _pupil_payload(pupil: Pupil) -> dict:
    return {
        "first_name": pupil.first_name,
        "last_name": pupil.last_name,
        "year_group": pupil.year_group,
        "date_of_birth": pupil.date_of_birth,
        "upn": pupil.upn,
    }


def _manifest(pupil: dict, cases: list[dict]) -> dict:
    return {
        "pupil": _sha256(_canonical(pupil)),
        "cases": {
            case["reference"]: _sha256(_canonical({**case, "evidence": None})) for case in cases
        },
        "evidence": {item["id"]: item["sha256"] for case in cases for item in case["evidence"]},
    }


def package_build(*, pupil: Pupil, from_school: Site, sent_at: dt.datetime) -> tuple[bytes, dict]:
    links = PupilLink.objects.filter(pupil=pupil).select_related("case").order_by("linked_at")
    cases = [_case_payload(link.case, link.role) for link in links]
    pupil_data = _pupil_payload(pupil)
    manifest = _manifest(pupil_data, cases)
    package = {
        "format": PACKAGE_FORMAT,
        "version": PACKAGE_VERSION,
        "from_school": from_school.site_name or from_school.hostname,
        "sent_at": sent_at.isoformat(),
        "pupil": pupil_data,
        "cases": cases,
        "manifest": manifest,
    }
    return _canonical(package), manifest


def package_check(raw: bytes) -> dict:
    """The package, after checking its format and every hash in its manifest."""
    try:
        package = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackageError("This is not a child-protection file from Upstander.") from error
    if not isinstance(package, dict) or package.get("format") != PACKAGE_FORMAT:
        raise PackageError("This is not a child-protection file from Upstander.")
    if package.get("version") != PACKAGE_VERSION:
        raise PackageError("This file was made by a newer Upstander: update this one first.")
    manifest = package.get("manifest") or {}
    cases = package.get("cases") or []
    for case in cases:
        for item in case.get("evidence", []):
            data = base64.b64decode(item.get("data", ""))
            if _sha256(data) != item.get("sha256"):
                raise PackageError("A piece of evidence in the file does not match its hash.")
    if _manifest(package.get("pupil") or {}, cases) != manifest:
        raise PackageError("The file has been changed since it was sent: ask for it again.")
    return package


# --- Sealing for another system ------------------------------------------------------------


def _sealing_key(passphrase: str, salt: bytes) -> bytes:
    words = receipts.normalise_passphrase(passphrase).encode()
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(words)


def package_seal(raw: bytes, *, passphrase: str) -> bytes:
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_sealing_key(passphrase, salt)).encrypt(nonce, raw, SEALED_MAGIC)
    return SEALED_MAGIC + salt + nonce + sealed


def package_unseal(sealed: bytes, *, passphrase: str) -> bytes:
    if not sealed.startswith(SEALED_MAGIC) or len(sealed) < len(SEALED_MAGIC) + 28 + 16:
        raise PackageError("This is not a child-protection file from Upstander.")
    body = sealed[len(SEALED_MAGIC) :]
    salt, nonce, ciphertext = body[:16], body[16:28], body[28:]
    try:
        return AESGCM(_sealing_key(passphrase, salt)).decrypt(nonce, ciphertext, SEALED_MAGIC)
    except Exception as error:
        raise PackageError(
            "The words do not open this file, or it was damaged: check them with the "
            "previous school."
        ) from error


# --- Sending ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentTransfer:
    transfer: PupilTransfer
    # Only for a file to download: shown once to the sender, never stored.
    passphrase: str = ""


def _note_on_cases(*, pupil: Pupil, kind: str, data: dict, actor) -> None:
    for link in PupilLink.objects.filter(pupil=pupil).select_related("case"):
        event_add(case=link.case, kind=kind, data=data, actor=actor)


@transaction.atomic
def transfer_send(
    *, pupil: Pupil, actor, to_school: Site | None = None, destination_name: str = ""
) -> SentTransfer:
    """Record and package a pupil's file for their new school."""
    _require_lead_of(actor, pupil.school_id)
    if to_school is not None and to_school.pk == pupil.school_id:
        raise ValidationError("Choose the pupil's new school, not this one.")
    if not PupilLink.objects.filter(pupil=pupil).exists():
        raise ValidationError("This pupil has no cases yet, so there is no file to send.")
    now = timezone.now()
    raw, manifest = package_build(pupil=pupil, from_school=pupil.school, sent_at=now)
    passphrase = ""
    if to_school is None:
        passphrase = receipts.generate_passphrase()
        stored = base64.b64encode(package_seal(raw, passphrase=passphrase)).decode()
        status = TransferStatus.DOWNLOADED
    else:
        stored = base64.b64encode(raw).decode()
        status = TransferStatus.SENT
    transfer = PupilTransfer.objects.create(
        pupil=pupil,
        from_school=pupil.school,
        to_school=to_school,
        destination_name=(to_school.site_name if to_school else destination_name.strip())[:200],
        status=status,
        package=stored,
        package_sha256=_sha256(raw),
        manifest={"cases": manifest["cases"], "evidence": manifest["evidence"]},
        sent_by=actor,
        sent_at=now,
        confirm_by=confirm_by(sent_at=now, school=pupil.school),
    )
    data = {
        "transfer": str(transfer.pk),
        "to": transfer.destination_name,
        "package_sha256": transfer.package_sha256,
        "confirm_by": transfer.confirm_by.isoformat(),
    }
    _note_on_cases(pupil=pupil, kind=EventKind.TRANSFER_SENT, data=data, actor=actor)
    audit_record(actor=actor, action=AuditAction.TRANSFER, school=pupil.school, detail=data)
    return SentTransfer(transfer=transfer, passphrase=passphrase)


def transfer_sealed_file(*, transfer: PupilTransfer, actor) -> bytes:
    """The sealed file to download, for a new school on another system (audited)."""
    _require_lead_of(actor, transfer.from_school_id)
    if transfer.to_school_id is not None or not transfer.package:
        raise ValidationError("This file was sent within Upstander: there is nothing to download.")
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        school=transfer.from_school,
        detail={"transfer": str(transfer.pk), "downloaded": True},
    )
    return base64.b64decode(transfer.package)


# --- Receiving -------------------------------------------------------------------------------


def _parse_time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def _import_case(*, data: dict, school: Site, pupil: Pupil, actor, from_school: str) -> Case:
    if (
        data.get("status") not in Status.values
        or data.get("category") not in Category.values
        or data.get("role") not in PersonRole.values
        or any(event.get("kind") not in EventKind.values for event in data.get("events", []))
    ):
        raise PackageError("This file uses words this Upstander does not know: update it first.")
    risk = data.get("risk") if data.get("risk") in Risk.values else Risk.MEDIUM
    case = Case.objects.create(
        school=school,
        source=Source.TRANSFER_IN,
        status=data["status"],
        risk=risk,
        suggested_risk=risk,
        risk_confirmed=True,
        category=data["category"],
        categories=data.get("categories") or [data["category"]],
        platform=data.get("platform") or "",
        outcome=data.get("outcome") or "",
        year_group=data.get("year_group"),
        created_at=_parse_time(data["created_at"]),
        acknowledged_at=timezone.now(),
        acknowledged_by=actor,
    )
    report = data.get("report")
    if report:
        Report.objects.create(
            case=case,
            what_happened=report["what_happened"],
            when_happened=report["when_happened"],
            where_detail=report["where_detail"],
            people_involved=report["people_involved"],
            reporter_identity=report["reporter_identity"],
            submitted_at=_parse_time(report["submitted_at"]),
        )
    event_ids = {}
    for event in data.get("events", []):
        copied = CaseEvent.objects.create(
            case=case,
            kind=event["kind"],
            # Messages to the reporter, and any event whose data says its body is HTML
            # (notes), are shown as HTML: cleaned again here, since a file from another
            # system is only as trustworthy as that system.
            body=(
                clean_message(event["body"])
                if event["kind"] == EventKind.MESSAGE_TO_REPORTER
                or (event.get("data") or {}).get("format") == "html"
                else event["body"]
            ),
            data={**event["data"], "recorded_by_previous_school": event["actor"]},
            created_at=_parse_time(event["created_at"]),
        )
        event_ids[event["id"]] = copied
    for person in data.get("people", []):
        PersonInvolved.objects.create(
            case=case,
            role=PersonRole(person["role"]),
            name=person["name"],
            year_group=person.get("year_group"),
            verified=bool(person.get("verified")),
        )
    for item in data.get("evidence", []):
        storage_key, info = store.write_encrypted([base64.b64decode(item["data"])])
        EvidenceFile.objects.create(
            case=case,
            event=event_ids.get(item.get("event")),
            storage_key=storage_key,
            detected_type=item["detected_type"],
            extension=item["extension"],
            plaintext_bytes=info.plaintext_bytes,
            stored_bytes=info.stored_bytes,
            stored_sha256=info.stored_sha256,
            key_id=info.key_id,
            cleaned=True,
            removed_metadata=item.get("removed_metadata") or [],
            created_at=_parse_time(item["created_at"]),
        )
    # After the events are copied: the reporter's later additions are words of the report too.
    case_words_reindex(case=case)
    PupilLink.objects.create(pupil=pupil, case=case, role=data["role"], linked_by=actor)
    event_add(
        case=case,
        kind=EventKind.TRANSFER_RECEIVED,
        data={"from": from_school, "previous_reference": data["reference"]},
        actor=actor,
    )
    return case


def _pupil_for(*, school: Site, actor, data: dict) -> Pupil:
    """The receiving school's own record of the pupil: found by UPN, or made from the file."""
    existing = None
    if data.get("upn"):
        existing = Pupil.objects.filter(
            school=school, upn_digest=blindindex.upn_digest(data["upn"])
        ).first()
    birth = dt.date.fromisoformat(data["date_of_birth"]) if data.get("date_of_birth") else None
    fields = {
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "year_group": data.get("year_group"),
        "date_of_birth": birth,
        "upn": data.get("upn") or "",
    }
    if existing is not None:
        return existing
    return pupil_create(school=school, actor=actor, **fields)


def _package_import(*, raw: bytes, school: Site, actor, transfer: PupilTransfer | None) -> Pupil:
    package = package_check(raw)
    pupil = _pupil_for(school=school, actor=actor, data=package["pupil"])
    if transfer is not None:
        Pupil.objects.filter(pk=pupil.pk).update(arrived_with=transfer)
    for case in package["cases"]:
        _import_case(
            data=case, school=school, pupil=pupil, actor=actor, from_school=package["from_school"]
        )
    return pupil


@transaction.atomic
def transfer_receive(*, transfer: PupilTransfer, actor) -> Pupil:
    """The new school imports a file sent to it on this deployment and confirms receipt."""
    transfer = PupilTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.to_school_id is None:
        raise ValidationError("This file was not sent to a school on this Upstander.")
    _require_lead_of(actor, transfer.to_school_id)
    if transfer.status != TransferStatus.SENT:
        raise ValidationError("This file has already been received.")
    raw = base64.b64decode(transfer.package)
    if _sha256(raw) != transfer.package_sha256:
        raise PackageError("The file has been changed since it was sent: ask for it again.")
    pupil = _package_import(raw=raw, school=transfer.to_school, actor=actor, transfer=transfer)
    now = timezone.now()
    transfer.status = TransferStatus.RECEIVED
    transfer.received_at = now
    transfer.received_by = actor
    transfer.package = ""
    transfer.save(update_fields=["status", "received_at", "received_by", "package"])
    data = {
        "transfer": str(transfer.pk),
        "received_by_school": transfer.to_school.site_name,
        "received_at": now.isoformat(),
    }
    if transfer.pupil is not None:
        _note_on_cases(
            pupil=transfer.pupil, kind=EventKind.TRANSFER_RECEIVED, data=data, actor=None
        )
    audit_record(actor=actor, action=AuditAction.TRANSFER, school=transfer.to_school, detail=data)
    audit_record(actor=None, action=AuditAction.TRANSFER, school=transfer.from_school, detail=data)
    return pupil


@transaction.atomic
def transfer_import_file(*, sealed: bytes, passphrase: str, school: Site, actor) -> Pupil:
    """A DSL imports a file downloaded from another Upstander, with the words sent separately."""
    _require_lead_of(actor, school.pk)
    raw = package_unseal(sealed, passphrase=passphrase)
    pupil = _package_import(raw=raw, school=school, actor=actor, transfer=None)
    audit_record(
        actor=actor,
        action=AuditAction.TRANSFER,
        school=school,
        detail={"imported_file_sha256": _sha256(raw), "pupil": str(pupil.pk)},
    )
    return pupil


@transaction.atomic
def transfer_confirm_receipt(*, transfer: PupilTransfer, actor) -> PupilTransfer:
    """The sender records that a school on another system confirmed it has the file."""
    _require_lead_of(actor, transfer.from_school_id)
    if transfer.to_school_id is not None:
        raise ValidationError("The new school confirms this one itself, by importing it.")
    if transfer.received_at is not None:
        return transfer
    now = timezone.now()
    PupilTransfer.objects.filter(pk=transfer.pk).update(
        received_at=now, received_by=actor, status=TransferStatus.RECEIVED
    )
    transfer.refresh_from_db()
    data = {
        "transfer": str(transfer.pk),
        "received_at": now.isoformat(),
        "recorded_by_sender": True,
    }
    if transfer.pupil is not None:
        _note_on_cases(
            pupil=transfer.pupil, kind=EventKind.TRANSFER_RECEIVED, data=data, actor=actor
        )
    audit_record(actor=actor, action=AuditAction.TRANSFER, school=transfer.from_school, detail=data)
    return transfer


# --- Reminders -------------------------------------------------------------------------------


def transfers_remind_unconfirmed(*, now: dt.datetime | None = None) -> int:
    """Alert the sender's DSLs once about each file whose receipt is overdue (5 school days)."""
    now = now or timezone.now()
    reminded = 0
    due = PupilTransfer.objects.filter(
        received_at__isnull=True, reminded_at__isnull=True, confirm_by__lte=now
    ).select_related("pupil")
    for transfer in due:
        with transaction.atomic():
            claimed = PupilTransfer.objects.filter(pk=transfer.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed or transfer.pupil is None:
                continue
            latest = (
                Case.objects.filter(pupil_links__pupil=transfer.pupil)
                .order_by("-created_at")
                .first()
            )
            if latest is None:
                continue
            data = {"transfer": str(transfer.pk), "to": transfer.destination_name}
            _note_on_cases(
                pupil=transfer.pupil, kind=EventKind.TRANSFER_REMINDER, data=data, actor=None
            )
            notification_enqueue(case=latest, kind="transfer_unconfirmed")
            reminded += 1
    return reminded
