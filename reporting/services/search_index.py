"""The blind index's write side: digests of pupils' names and of what a report says.

Who uses this: the services that create pupils and cases or add to a case
(report_submit, reporter_reply, case_log, concern_raise, pupil_create), and
`manage.py reindex_blind_index` after SEARCH_INDEX_KEY changes. The digests
are made by reporting.pupils.blindindex; nothing here stores a plaintext word.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from ..choices import EventKind
from ..models import Case, CaseWordToken, Pupil, PupilNameToken, Report
from ..pupils import blindindex


def pupil_index(*, pupil: Pupil) -> None:
    """(Re)write the digests a pupil is found by, under the current key."""
    key_id = blindindex.key_id()
    terms = blindindex.name_terms(first_name=pupil.first_name, last_name=pupil.last_name)
    PupilNameToken.objects.filter(pupil=pupil).delete()
    PupilNameToken.objects.bulk_create(
        PupilNameToken(pupil=pupil, digest=value, key_id=key_id)
        for value in blindindex.digests(terms, purpose=blindindex.NAME)
    )
    upn_digest = blindindex.upn_digest(pupil.upn or "")
    Pupil.objects.filter(pk=pupil.pk).update(upn_digest=upn_digest, index_key_id=key_id)
    pupil.upn_digest, pupil.index_key_id = upn_digest, key_id


def case_words_index(*, case: Case, texts: Iterable[str]) -> int:
    """Add the words of what was written about a case to its search digests.

    Called when a report is made and whenever the reporter or staff add to it;
    words already indexed for the case are not stored twice.
    """
    key_id = blindindex.key_id()
    terms: dict[str, None] = {}
    for text in texts:
        for word in blindindex.words(text or ""):
            terms.setdefault(word, None)
    rows = [
        CaseWordToken(case=case, digest=value, key_id=key_id)
        for value in blindindex.digests(terms, purpose=blindindex.REPORT_WORD)
    ]
    created = CaseWordToken.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created)


def case_words_reindex(*, case: Case) -> None:
    """Rebuild a case's word digests from its decrypted report and chronology."""
    CaseWordToken.objects.filter(case=case).delete()
    texts = []
    report = Report.objects.filter(case=case).first()
    if report is not None:
        texts += [report.what_happened, report.when_happened, report.where_detail]
        texts.append(report.people_involved)
    # What the reporter added later, as report_submit and reporter_reply index it;
    # staff notes and messages to the reporter are not "words in the report".
    added = case.events.filter(
        kind__in=[EventKind.REPORTER_ADDITION, EventKind.MESSAGE_FROM_REPORTER]
    )
    texts += [event.body for event in added if event.body]
    case_words_index(case=case, texts=texts)


def blind_index_rebuild(*, batch_size: int = 200) -> dict[str, int]:
    """Rebuild every digest made under a key other than the current one (after a key change),
    and index cases reported before there was an index (after the upgrade that added it).

    Safe to interrupt and run again: each pupil or case is rebuilt in its own
    transaction and then carries the new key's fingerprint.
    """
    key_id = blindindex.key_id()
    done = {"pupils": 0, "cases": 0}
    while True:
        stale = list(Pupil.objects.exclude(index_key_id=key_id).order_by("pk")[:batch_size])
        if not stale:
            break
        for pupil in stale:
            with transaction.atomic():
                pupil_index(pupil=pupil)
            done["pupils"] += 1
    while True:
        stale_ids = list(
            CaseWordToken.objects.exclude(key_id=key_id)
            .values_list("case_id", flat=True)
            .distinct()[:batch_size]
        )
        if not stale_ids:
            break
        for case in Case.objects.filter(pk__in=stale_ids):
            with transaction.atomic():
                case_words_reindex(case=case)
            done["cases"] += 1
    # Cases reported before the index existed have no digests at all: index them once.
    # (A case whose report has no word to index stays without and is looked at again.)
    unindexed = Case.objects.filter(report__isnull=False, word_tokens__isnull=True)
    for case in unindexed.order_by("pk").iterator(chunk_size=batch_size):
        with transaction.atomic():
            case_words_reindex(case=case)
        done["cases"] += 1
    return done
