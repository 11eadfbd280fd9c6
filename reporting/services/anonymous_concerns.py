"""Concerns that reach the school's queue from somewhere other than the report form.

Who uses this: pupil voice (content/voice/services.py) calls survey_concern_raise when a free-text
answer shows danger, so a safeguarding lead sees it as a case. It is the one function of
reporting that content may call.
"""

from __future__ import annotations

import logging

from django.db import transaction
from wagtail.models import Site

from upstander import danger

from ..audit import audit_record
from ..choices import AuditAction, Category, Risk, Source
from ..models import Case
from ..notifications import notification_enqueue
from .cases import _create_case

logger = logging.getLogger(__name__)


@transaction.atomic
def survey_concern_raise(
    *, school: Site | None, survey_title: str, question: str, answer: str
) -> Case | None:
    """An anonymous case from one survey answer whose words show danger; None when they don't.

    The case holds the answer, its question and the survey's title, and nothing else: no
    year group, no link to the survey response or to the pupil's other answers (none of
    which identify anyone either), so the case cannot be joined back to them.
    """
    recognition = danger.recognise(answer)
    if not recognition:
        return None
    if school is None:
        # A survey page outside every school's tree has no leads to tell; the pupil
        # still sees help at once. Logged without a word of the answer.
        logger.warning("A survey answer showed danger but its page belongs to no school.")
        return None
    case = _create_case(
        school=school,
        source=Source.SURVEY_ANSWER,
        risk=Risk(recognition.suggested_risk or Risk.URGENT),
        risk_confirmed=False,
        category=recognition.suggested_category or Category.OTHER,
        platform="",
        what_happened=f"Answer to “{question}” in the survey “{survey_title}”:\n\n{answer}",
        danger_signals=recognition.as_data(),
    )
    notification_enqueue(case=case, kind="new_concern")
    audit_record(actor=None, action=AuditAction.CREATE, case=case, detail={"source": case.source})
    return case
