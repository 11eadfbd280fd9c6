"""The suggested risk of a new report, from its answers and its words.

Who uses this: report_submit sets Case.suggested_risk (and Case.risk until a
lead confirms it). It only suggests: a safeguarding lead always decides.
Urgent when someone is in danger now or when the words show danger
(upstander.danger, which also says which kind and which words); otherwise by
the most serious category ticked.
"""

from __future__ import annotations

from collections.abc import Iterable

from upstander import danger

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


def suggest_risk(
    *,
    danger_now: bool,
    categories: Iterable[str],
    recognition: danger.Recognition | None = None,
    danger_unsure: bool = False,
) -> str:
    categories = list(categories)
    if danger_now:
        return Risk.URGENT
    if recognition and recognition.suggested_risk:
        return Risk(recognition.suggested_risk)
    risks = [CATEGORY_RISK.get(category, Risk.MEDIUM) for category in categories]
    if danger_unsure:
        # "I'm not sure if anyone is in danger" is never low: a lead looks soon.
        risks.append(Risk.HIGH)
    if not risks:
        return Risk.MEDIUM
    return min(risks, key=lambda risk: RISK_ORDER[risk])
