"""The suggested risk of a new report, from its answers and its words.

Who uses this: report_submit sets Case.suggested_risk (and Case.risk until a
lead confirms it). It only suggests: a safeguarding lead always decides.
Urgent when someone is in danger now, when self-harm or suicide is mentioned
(upstander.crisis), for a nude or sexual image, or for threats of violence;
otherwise by the most serious category ticked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from upstander.crisis import mentions_crisis

from .choices import RISK_ORDER, Category, Risk

CATEGORY_RISK = {
    Category.SEXUAL_IMAGE: Risk.URGENT,
    Category.SELF_HARM: Risk.URGENT,
    Category.THREATS: Risk.URGENT,
    Category.PRIVATE_THINGS: Risk.HIGH,
    Category.HATE_GROUPS: Risk.HIGH,
    Category.IMPERSONATION: Risk.HIGH,
    Category.PICTURES_VIDEOS: Risk.MEDIUM,
    Category.NASTY_MESSAGES: Risk.MEDIUM,
    Category.CALLS: Risk.MEDIUM,
    Category.CHAT_SOCIAL_GAMING: Risk.MEDIUM,
    Category.OTHER: Risk.MEDIUM,
    Category.LEFT_OUT: Risk.LOW,
}

# Threats of violence in a pupil's own words. Whole words only, after folding
# punctuation, so "skill" never matches "kill".
VIOLENCE_WORDS = (
    "kill you",
    "kill him",
    "kill her",
    "kill them",
    "kill me",
    "going to kill",
    "gonna kill",
    "stab",
    "stabbed",
    "knife",
    "gun",
    "shoot",
    "shot",
    "beat you up",
    "beat him up",
    "beat her up",
    "beat me up",
    "jump you",
    "hurt you",
    "burn your",
    "bomb",
    "weapon",
    "machete",
)
_FOLD = re.compile(r"[^a-z0-9]+")


def _fold(text: str) -> str:
    return f" {_FOLD.sub(' ', (text or '').lower()).strip()} "


_FOLDED_VIOLENCE = tuple(_fold(phrase) for phrase in VIOLENCE_WORDS)


def mentions_violence(text: str) -> bool:
    folded = _fold(text)
    return any(phrase in folded for phrase in _FOLDED_VIOLENCE)


def suggest_risk(
    *,
    danger_now: bool,
    categories: Iterable[str],
    texts: Iterable[str] = (),
    danger_unsure: bool = False,
) -> str:
    categories = list(categories)
    texts = [text for text in texts if text]
    if danger_now:
        return Risk.URGENT
    if any(mentions_crisis(text) or mentions_violence(text) for text in texts):
        return Risk.URGENT
    risks = [CATEGORY_RISK.get(category, Risk.MEDIUM) for category in categories]
    if danger_unsure:
        # "I'm not sure if anyone is in danger" is never low: a lead looks soon.
        risks.append(Risk.HIGH)
    if not risks:
        return Risk.MEDIUM
    return min(risks, key=lambda risk: RISK_ORDER[risk])


def risk_rank(risk: str) -> int:
    """0 urgent … 3 low: the triage queue's sort key."""
    return RISK_ORDER[Risk(risk)]
