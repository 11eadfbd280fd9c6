"""Fixtures for the security tests: a clean cache, so rate-limit counters never leak between tests."""

import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _clear_caches(settings):
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


def build_case(school, marker: str, *, evidence_bytes: bytes | None = None):
    """A case with every kind of encrypted data, each holding `marker` so a leak can be found.

    Uses the models directly (not the report service) so these tests only
    depend on what is stored, not on how the form fills it in.
    """
    from reporting.choices import EventKind, PersonRole
    from reporting.evidence import store
    from reporting.models import Case, CaseEvent, EvidenceFile, PersonInvolved, Report

    case = Case.objects.create(school=school)
    Report.objects.create(
        case=case,
        what_happened=f"{marker}-what-happened they said mean things <3",
        where_detail=f"{marker}-where",
        people_involved=f"{marker}-people",
        reporter_identity=f"{marker}-identity",
    )
    PersonInvolved.objects.create(case=case, role=PersonRole.choices[0][0], name=f"{marker}-name")
    event = CaseEvent.objects.create(
        case=case, kind=EventKind.choices[0][0], body=f"{marker}-message-body"
    )
    content = evidence_bytes or (f"{marker}-evidence-text\n".encode() * 5000)
    storage_key, info = store.write_encrypted(
        content[i : i + 10000] for i in range(0, len(content), 10000)
    )
    EvidenceFile.objects.create(
        case=case,
        event=event,
        storage_key=storage_key,
        detected_type="text/plain",
        extension="txt",
        plaintext_bytes=info.plaintext_bytes,
        stored_bytes=info.stored_bytes,
        stored_sha256=info.stored_sha256,
        key_id=info.key_id,
        cleaned=True,
        original_name=f"{marker}-file-name.txt",
    )
    return case


@pytest.fixture
def evidence_root(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT
