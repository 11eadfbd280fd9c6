"""When the report form and the follow-up sign-in make someone wait, and for how long.

The rules for addresses shared by a whole school (see upstander.ratelimit):

Sending a report from one address
1. at most REPORT_RATE_PER_CLIENT an hour (sized for a school: hundreds), and
   the site as a whole at most REPORT_RATE_OVERALL;
2. within that, REPORT_BURST_PER_CLIENT at once, refilled one every
   REPORT_BURST_REFILL_SECONDS;
3. when that burst is used up, a report whose form has been open at least
   REPORT_BURST_FORM_AGE_SECONDS is still taken (reporting.form_stamps);
   any other waits until its form is that old or a token is free, whichever
   comes first, and is told exactly how long.

Signing in to follow up
- wrong receipts slow down only the client that typed them, for that reference:
  FOLLOWUP_FREE_WRONG_TRIES free, then a wait that doubles from
  FOLLOWUP_DELAY_BASE_SECONDS up to FOLLOWUP_DELAY_MAX_SECONDS. The owner, on
  another address or after the wait, always gets in with the right words;
- one address may get FOLLOWUP_RATE_PER_CLIENT receipts wrong (any reference)
  in a window, sized for a school.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django_ratelimit.core import get_usage

from upstander.ratelimit import (
    burst_take,
    delay_clear,
    delay_record_failure,
    delay_remaining,
    everyone_key,
    hashed_client_key,
)

from . import receipts
from .form_stamps import stamp_age, stamp_issue, stamp_spend


@dataclass(frozen=True)
class Wait:
    seconds: float
    # The form stamp the refused form must carry when it is sent again.
    stamp: str = ""


def _over_budget(request, *, group: str, key, rate: str, increment: bool = True) -> float:
    """Seconds until the window of `rate` ends if this request is over it, else 0."""
    usage = get_usage(request, group=group, key=key, rate=rate, method="POST", increment=increment)
    if usage is None:
        return 0.0
    over = usage["count"] > usage["limit"] if increment else usage["count"] >= usage["limit"]
    return float(max(usage["time_left"], 1)) if over else 0.0


REPORT_BUDGETS = (
    ("report-submit-client", hashed_client_key, "REPORT_RATE_PER_CLIENT"),
    ("report-submit-all", everyone_key, "REPORT_RATE_OVERALL"),
)


def report_send_wait(*, request, stamp: str, submission_token: str) -> Wait | None:
    """None when this report may be sent now (and it is counted); else how long to wait.

    Only reports taken count against the hourly budgets: a script's refused tries
    must not use up the school's hour.
    """
    for group, key, rate_setting in REPORT_BUDGETS:
        rate = getattr(settings, rate_setting)
        if wait := _over_budget(request, group=group, key=key, rate=rate, increment=False):
            return Wait(seconds=wait, stamp=stamp)
    wait = _burst_wait(request, stamp=stamp, submission_token=submission_token)
    if wait is None:
        for group, key, rate_setting in REPORT_BUDGETS:
            _over_budget(request, group=group, key=key, rate=getattr(settings, rate_setting))
    return wait


def _burst_wait(request, *, stamp: str, submission_token: str) -> Wait | None:
    age = stamp_age(stamp)
    needed = settings.REPORT_BURST_FORM_AGE_SECONDS
    if (
        age is not None
        and age >= needed
        and stamp_spend(stamp=stamp, submission_token=submission_token)
    ):
        return None  # a form open this long is what a child writing a report looks like
    token_wait = burst_take(
        scope="report-burst",
        client_key=hashed_client_key("report-burst", request),
        capacity=settings.REPORT_BURST_PER_CLIENT,
        refill_seconds=settings.REPORT_BURST_REFILL_SECONDS,
    )
    if not token_wait:
        return None
    if age is None or age >= needed:
        # Not ours, or already spent by another report: its age starts now.
        return Wait(seconds=min(token_wait, needed), stamp=stamp_issue())
    return Wait(seconds=min(token_wait, needed - age), stamp=stamp)


def _followup_parts(request, reference: str) -> tuple[str, str]:
    return (receipts.normalise_reference(reference) or "unreadable", hashed_client_key("", request))


def followup_wait(*, request, reference: str) -> float:
    """Seconds before this client may try this reference again (0: now)."""
    delay = delay_remaining(
        scope="followup",
        parts=_followup_parts(request, reference),
        free_tries=settings.FOLLOWUP_FREE_WRONG_TRIES,
        base_seconds=settings.FOLLOWUP_DELAY_BASE_SECONDS,
        max_seconds=settings.FOLLOWUP_DELAY_MAX_SECONDS,
    )
    return delay or _over_budget(
        request,
        group="followup-client",
        key=hashed_client_key,
        rate=settings.FOLLOWUP_RATE_PER_CLIENT,
        increment=False,
    )


def followup_record_wrong(*, request, reference: str) -> None:
    delay_record_failure(
        scope="followup",
        parts=_followup_parts(request, reference),
        max_seconds=settings.FOLLOWUP_DELAY_MAX_SECONDS,
    )
    _over_budget(
        request,
        group="followup-client",
        key=hashed_client_key,
        rate=settings.FOLLOWUP_RATE_PER_CLIENT,
    )


def followup_record_right(*, request, reference: str) -> None:
    delay_clear(scope="followup", parts=_followup_parts(request, reference))
