"""When is the school open? Its hours and weekdays (ReportingSettings) and its closures.

The one place that answers "when will someone read this": the receipt after a
report tells a pupil honestly whether a person is at school now and, if not,
which day they will be (never "tomorrow at 8:30" in the holidays).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

# Looking further ahead than this for an open day means the calendar is wrong
# (every day closed); the receipt then says "when school is next open".
SEARCH_DAYS = 400


def open_weekdays(raw: str) -> frozenset[int]:
    """ReportingSettings.school_days ("0,1,2,3,4", Monday is 0) as a set of weekdays."""
    days = set()
    for part in (raw or "").split(","):
        part = part.strip()
        if part.isdigit() and 0 <= int(part) <= 6:
            days.add(int(part))
    return frozenset(days)


def _as_time(value) -> dt.time:
    if isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(str(value))


@dataclass(frozen=True)
class SchoolCalendar:
    weekdays: frozenset[int]
    opens: dt.time
    closes: dt.time
    # (first_day, last_day, name), inclusive.
    closures: tuple[tuple[dt.date, dt.date, str], ...] = field(default=())

    def closure_on(self, day: dt.date) -> str | None:
        for first, last, name in self.closures:
            if first <= day <= last:
                return name
        return None

    def is_open_day(self, day: dt.date) -> bool:
        return day.weekday() in self.weekdays and self.closure_on(day) is None

    def is_open_at(self, moment: dt.datetime) -> bool:
        local = timezone.localtime(moment)
        return self.is_open_day(local.date()) and self.opens <= local.time() < self.closes

    def next_opening(self, moment: dt.datetime) -> dt.datetime | None:
        """The next time the school opens after `moment` (local time), or None if never."""
        local = timezone.localtime(moment)
        for offset in range(SEARCH_DAYS):
            day = local.date() + dt.timedelta(days=offset)
            if not self.is_open_day(day):
                continue
            opening = timezone.make_aware(dt.datetime.combine(day, self.opens), local.tzinfo)
            if opening > local:
                return opening
        return None


def calendar_for(settings, *, closures=None, from_day: dt.date | None = None) -> SchoolCalendar:
    """The calendar of the school whose ReportingSettings these are.

    `closures` may be given as (first_day, last_day, name) tuples; otherwise the
    school's SchoolClosure rows that have not ended before `from_day` (today) are read.
    """
    if closures is None:
        from .models import SchoolClosure

        from_day = from_day or timezone.localdate()
        closures = (
            SchoolClosure.objects.filter(school_id=settings.site_id, last_day__gte=from_day)
            .order_by("first_day")
            .values_list("first_day", "last_day", "name")
        )
    return SchoolCalendar(
        weekdays=open_weekdays(settings.school_days),
        opens=_as_time(settings.school_day_starts),
        closes=_as_time(settings.school_day_ends),
        closures=tuple(tuple(row) for row in closures),
    )


@dataclass(frozen=True)
class ReadingTime:
    open_now: bool
    # The next time the school opens, in local time; None when open now or never.
    next_open: dt.datetime | None
    # Why school is shut today beyond the usual weekend, e.g. "Christmas holidays".
    closed_for: str | None = None

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
        if day < today + dt.timedelta(days=7):
            return f"on {self.next_open:%A} at {clock}"
        return f"on {self.next_open:%A} {day.day} {self.next_open:%B} at {clock}"


def reading_time(*, settings, now: dt.datetime | None = None, calendar=None) -> ReadingTime:
    """Whether the school is open at `now`, and when it next opens."""
    now = now or timezone.now()
    calendar = calendar or calendar_for(settings, from_day=timezone.localtime(now).date())
    if calendar.is_open_at(now):
        return ReadingTime(open_now=True, next_open=None)
    return ReadingTime(
        open_now=False,
        next_open=calendar.next_opening(now),
        closed_for=calendar.closure_on(timezone.localtime(now).date()),
    )
