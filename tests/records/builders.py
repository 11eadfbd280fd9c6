"""Cases built with the models directly (the public form is built elsewhere), and evidence files."""

import itertools
from datetime import timedelta

from django.utils import timezone

from reporting.choices import Status
from reporting.evidence import store
from reporting.models import Case, EvidenceFile, Report

_counter = itertools.count()


def make_case(*, school, report_text="Someone keeps sending me nasty messages.", **fields) -> Case:
    fields.setdefault("created_at", timezone.now() - timedelta(days=2))
    fields.setdefault("last_activity_at", fields["created_at"])
    case = Case.objects.create(school=school, **fields)
    Report.objects.create(case=case, what_happened=report_text, submitted_at=case.created_at)
    return case


def make_closed_case(*, school, outcome, closed_days_ago, **fields) -> Case:
    closed_at = timezone.now() - timedelta(days=closed_days_ago)
    return make_case(
        school=school,
        status=Status.CLOSED,
        outcome=outcome,
        closed_at=closed_at,
        created_at=closed_at - timedelta(days=3),
        **fields,
    )


def add_evidence(
    case: Case,
    content: bytes = b"\x89PNG fake screenshot bytes",
    *,
    detected_type: str = "image/png",
    extension: str = "png",
) -> EvidenceFile:
    storage_key, info = store.write_encrypted([content])
    return EvidenceFile.objects.create(
        case=case,
        storage_key=storage_key,
        detected_type=detected_type,
        extension=extension,
        plaintext_bytes=info.plaintext_bytes,
        stored_bytes=info.stored_bytes,
        stored_sha256=info.stored_sha256,
        key_id=info.key_id,
        cleaned=True,
        removed_metadata=["the place this photo was taken"],
        original_name=f"screenshot-{next(_counter)}.{extension}",
    )
