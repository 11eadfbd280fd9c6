"""When a person will read a report, from the school's hours."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from reporting.school_hours import reading_time

LONDON = ZoneInfo("Europe/London")
HOURS = SimpleNamespace(
    school_day_starts=dt.time(8, 30), school_day_ends=dt.time(16), school_days="0,1,2,3,4"
)


def at(*args):
    return dt.datetime(*args, tzinfo=LONDON)


def test_open_during_a_school_day():
    assert reading_time(settings=HOURS, now=at(2025, 3, 5, 10, 0)).open_now  # a Wednesday


def test_friday_evening_means_monday_morning():
    now = at(2025, 3, 7, 18, 0)
    reading = reading_time(settings=HOURS, now=now)
    assert not reading.open_now
    assert reading.next_open == at(2025, 3, 10, 8, 30)
    assert reading.next_open_in_words(now) == "on Monday at 8:30 am"


def test_early_morning_means_today():
    now = at(2025, 3, 5, 7, 0)
    assert reading_time(settings=HOURS, now=now).next_open_in_words(now) == "today at 8:30 am"
