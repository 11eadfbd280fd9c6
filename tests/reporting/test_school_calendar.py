"""When a person will read a report: the school's hours, weekdays and closures."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from reporting.models import ReportingSettings, SchoolClosure
from reporting.school_calendar import calendar_for, reading_time

LONDON = ZoneInfo("Europe/London")
HOURS = SimpleNamespace(
    site_id=None,
    school_day_starts=dt.time(8, 30),
    school_day_ends=dt.time(16),
    school_days="0,1,2,3,4",
)
CHRISTMAS = (dt.date(2026, 12, 19), dt.date(2027, 1, 4), "Christmas holidays")


def at(*args):
    return dt.datetime(*args, tzinfo=LONDON)


def read(now, closures=()):
    return reading_time(settings=HOURS, now=now, calendar=calendar_for(HOURS, closures=closures))


def test_open_during_a_school_day():
    assert read(at(2025, 3, 5, 10, 0)).open_now  # a Wednesday


def test_friday_evening_means_monday_morning():
    now = at(2025, 3, 7, 18, 0)
    reading = read(now)
    assert not reading.open_now
    assert reading.next_open == at(2025, 3, 10, 8, 30)
    assert reading.next_open_in_words(now) == "on Monday at 8:30 am"


def test_early_morning_means_today():
    now = at(2025, 3, 5, 7, 0)
    assert read(now).next_open_in_words(now) == "today at 8:30 am"


def test_a_weekday_in_the_holidays_is_closed_and_names_the_first_day_of_term():
    now = at(2026, 12, 22, 10, 0)  # a Tuesday, in school hours, in the holidays
    reading = read(now, [CHRISTMAS])
    assert not reading.open_now
    assert reading.closed_for == "Christmas holidays"
    assert reading.next_open == at(2027, 1, 5, 8, 30)
    assert reading.next_open_in_words(now) == "on Tuesday 5 January at 8:30 am"


def test_the_evening_before_the_holidays_does_not_promise_tomorrow():
    now = at(2026, 12, 18, 17, 0)  # the last Friday of term, after school
    assert read(now, [CHRISTMAS]).next_open_in_words(now) == "on Tuesday 5 January at 8:30 am"
    # Without the closure it would have been Monday.
    assert read(now).next_open_in_words(now) == "on Monday at 8:30 am"


def test_a_single_closure_day_mid_week_is_skipped():
    inset = (dt.date(2025, 3, 6), dt.date(2025, 3, 6), "Staff training day")
    now = at(2025, 3, 5, 17, 0)  # Wednesday evening; Thursday is a training day
    assert read(now, [inset]).next_open_in_words(now) == "on Friday at 8:30 am"


def test_a_school_with_every_day_closed_says_so_honestly():
    always = (dt.date(2000, 1, 1), dt.date(2100, 1, 1), "Closed")
    now = at(2025, 3, 5, 10, 0)
    assert read(now, [always]).next_open_in_words(now) == "when school is next open"


@pytest.mark.django_db
def test_the_schools_own_closures_are_read_and_not_another_schools(school, other_school):
    SchoolClosure.objects.create(
        school=school, name=CHRISTMAS[2], first_day=CHRISTMAS[0], last_day=CHRISTMAS[1]
    )
    SchoolClosure.objects.create(
        school=other_school,
        name="Other",
        first_day=dt.date(2027, 1, 5),
        last_day=dt.date(2027, 1, 30),
    )
    now = at(2026, 12, 22, 10, 0)
    mine = reading_time(settings=ReportingSettings.for_site(school), now=now)
    assert mine.next_open_in_words(now) == "on Tuesday 5 January at 8:30 am"
    theirs = reading_time(settings=ReportingSettings.for_site(other_school), now=now)
    assert theirs.open_now
