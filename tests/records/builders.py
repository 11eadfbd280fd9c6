"""Cases built with the models directly (the public form is built elsewhere), and evidence files."""

import itertools
from datetime import timedelta

from django.utils import timezone

from reporting.choices import Status
from reporting.models import Case, EvidenceFile
from tests import builders

_counter = itertools.count()


def make_case(*, school, report_text="Someone keeps sending me nasty messages.", **fields) -> Case:
    """A case reported two days ago, so records have a past to count."""
    fields.setdefault("created_at", timezone.now() - timedelta(days=2))
    fields.setdefault("last_activity_at", fields["created_at"])
    return builders.make_case(school=school, text=report_text, **fields)


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
    return builders.make_evidence(
        case=case,
        data=content,
        detected_type=detected_type,
        extension=extension,
        original_name=f"screenshot-{next(_counter)}.{extension}",
    )
