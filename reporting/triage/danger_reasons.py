"""Why a case was suggested urgent, in words for the lead: each kind of danger and the words.

Used by the triage queue's "Why" column and the case page, from Case.danger_signals
(written by the services that create and update cases, through upstander.danger).
"""

from __future__ import annotations

from upstander import danger

from ..choices import Category


def danger_reasons(case) -> list[str]:
    """["Threat of violence or a weapon: “going to stab me”", …], most pressing first."""
    labels = {key: kind.label for key, kind in danger.kinds().items()}
    reasons = []
    for signal in case.danger_signals or ():
        label = labels.get(signal.get("kind"), signal.get("label") or signal.get("kind", ""))
        words = " ".join(signal.get("words") or ())
        reasons.append(f"{label}: “{words}”" if words else label)
    return reasons


def danger_category(case) -> str:
    """The category the most pressing kind found suggests, as the lead reads it; "" if none."""
    kinds = danger.kinds()
    for signal in case.danger_signals or ():
        kind = kinds.get(signal.get("kind"))
        if kind is not None:
            return str(Category(kind.category).label)
    return ""
