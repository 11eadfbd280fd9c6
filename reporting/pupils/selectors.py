"""Reads of pupil records and the blind-index searches, always scoped to what the user may see."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from ..choices import TransferStatus
from ..models import Case, CaseEvent, CaseWordToken, Pupil, PupilNameToken, PupilTransfer
from ..receipts import normalise_reference
from ..roles import schools_led_by
from ..selectors import cases_visible_to
from . import blindindex


def pupils_visible_to(*, user) -> QuerySet[Pupil]:
    """Pupils of the schools whose cases this user may see; none for anyone else."""
    school_ids = schools_led_by(user)
    if not school_ids:
        return Pupil.objects.none()
    return Pupil.objects.filter(school_id__in=school_ids)


def pupils_matching(*, pupils: QuerySet[Pupil], query: str) -> QuerySet[Pupil]:
    """Pupils whose whole name is `query`, or who have every word of it in their name.

    So "patel", "Sam Patel", "patel, sam" and "SAM  PATEL" all find Sam Patel.
    Only digests under the current key are compared.
    """
    whole, each = blindindex.name_query(query)
    if not each:
        return pupils.none()
    key_id = blindindex.key_id()
    tokens = PupilNameToken.objects.filter(key_id=key_id)
    by_whole = tokens.filter(digest=whole).values("pupil_id")
    by_words = (
        tokens.filter(digest__in=each)
        .values("pupil_id")
        .annotate(found=Count("digest", distinct=True))
        .filter(found=len(set(each)))
        .values("pupil_id")
    )
    return pupils.filter(Q(pk__in=by_whole) | Q(pk__in=by_words))


def cases_with_words(*, cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    """Cases whose report (or the reporter's additions) contains every word of `query`."""
    each = sorted(set(blindindex.digests(blindindex.words(query), purpose=blindindex.REPORT_WORD)))
    if not each:
        return cases.none()
    matching = (
        CaseWordToken.objects.filter(key_id=blindindex.key_id(), digest__in=each)
        .values("case_id")
        .annotate(found=Count("digest", distinct=True))
        .filter(found=len(each))
        .values("case_id")
    )
    return cases.filter(pk__in=matching)


def cases_of_pupils(*, cases: QuerySet[Case], pupils: QuerySet[Pupil]) -> QuerySet[Case]:
    return cases.filter(pupil_links__pupil__in=pupils).distinct()


def pupil_cases(*, user, pupil: Pupil) -> QuerySet[Case]:
    """The pupil's cases, most recent first: the cases of their child-protection file."""
    return (
        cases_visible_to(user=user)
        .filter(pupil_links__pupil=pupil)
        .select_related("assignee")
        .order_by("-created_at", "-id")
        .distinct()
    )


def pupil_chronology(*, user, pupil: Pupil) -> QuerySet[CaseEvent]:
    """Every event of every case of this pupil, most recent first."""
    return (
        CaseEvent.objects.filter(case__in=pupil_cases(user=user, pupil=pupil).values("pk"))
        .select_related("actor", "case")
        .order_by("-created_at", "-id")
    )


def transfers_to_confirm(*, user) -> QuerySet[PupilTransfer]:
    """Files sent to one of this user's schools, waiting for that school to import them."""
    return (
        PupilTransfer.objects.filter(
            to_school_id__in=schools_led_by(user), status=TransferStatus.SENT
        )
        .select_related("from_school", "to_school")
        .order_by("sent_at")
    )


def transfers_sent_by_schools_of(*, user) -> QuerySet[PupilTransfer]:
    return (
        PupilTransfer.objects.filter(from_school_id__in=schools_led_by(user))
        .select_related("from_school", "to_school")
        .order_by("-sent_at")
    )


def case_search(*, cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    """The queue's search box: a case reference, a linked pupil's name, or words in the report."""
    by_reference = Q(reference=normalise_reference(query))
    pupils = pupils_matching(pupils=Pupil.objects.all(), query=query)
    by_pupil = Q(pk__in=cases.filter(pupil_links__pupil__in=pupils).values("pk"))
    by_words = Q(pk__in=cases_with_words(cases=cases, query=query).values("pk"))
    return cases.filter(by_reference | by_pupil | by_words)
