"""When will a person read a report? From the school's hours in ReportingSettings.

Who uses this: the confirmation page after a report, which must tell a pupil
honestly whether someone is at school now, and if not, when they will be.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class ReadingTime:
    open_now: bool
    # The next time the school opens, in local time; None when no school day is set.
    next_open: dt.datetime | None

    def next_open_in_words(self, now: dt.datetime) -> str:
        if self.next_open is None:
            return "when school is next open"
        today = timezone.localtime(now).date()
        day = self.next_open.date()
        clock = self.next_open.strftime("%-I:%M %p").lower().replace(":00", "")
        if day == today:
            return f"today at {clock}"
        if day == today + dt.timedelta(days=1):
            return f"tomorrow at {clock}"
        return f"on {self.next_open.strftime('%A')} at {clock}"


def school_days(raw: str) -> set[int]:
    days = set()
    for part in (raw or "").split(","):
        part = part.strip()
        if part.isdigit() and 0 <= int(part) <= 6:
            days.add(int(part))
    return days


def reading_time(*, settings, now: dt.datetime | None = None) -> ReadingTime:
    """Whether the school is open at `now`, and when it next opens (local time)."""
    local = timezone.localtime(now or timezone.now())
    days = school_days(settings.school_days)
    starts = _as_time(settings.school_day_starts)
    ends = _as_time(settings.school_day_ends)
    if local.weekday() in days and starts <= local.time() < ends:
        return ReadingTime(open_now=True, next_open=None)
    for offset in range(8):
        day = local.date() + dt.timedelta(days=offset)
        if day.weekday() not in days:
            continue
        opening = timezone.make_aware(dt.datetime.combine(day, starts), local.tzinfo)
        if opening > local:
            return ReadingTime(open_now=False, next_open=opening)
    return ReadingTime(open_now=False, next_open=None)


def _as_time(value) -> dt.time:
    if isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(str(value))
