"""The receipt tells the truth about when someone will read a report, and puts urgent help first."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from reporting.models import ReportingSettings, SchoolClosure

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def christmas(school):
    SchoolClosure.objects.create(
        school=school,
        name="Christmas holidays",
        first_day=dt.date(2026, 12, 19),
        last_day=dt.date(2027, 1, 4),
    )
    settings = ReportingSettings.for_site(school)
    settings.urgent_contact = "the duty lead on 07700 900123"
    settings.save()


@pytest.fixture
def clock(monkeypatch):
    """The request sees `now` as this moment (the receipt reads the clock itself)."""

    def set_to(*args):
        moment = dt.datetime(*args, tzinfo=LONDON)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


def _main(body):
    return body[body.index("<main") :]


def test_a_holiday_receipt_names_the_first_day_back_not_tomorrow(post_report, christmas, clock):
    clock(2026, 12, 22, 10, 0)  # a Tuesday morning in the holidays
    body = _main(post_report().content.decode())
    assert "School is closed right now for the Christmas holidays" in body
    assert "will read your report on Tuesday 5 January at 8:30 am" in body
    assert "tomorrow" not in body and "today at" not in body


def test_danger_now_in_the_holidays_says_nobody_may_read_it_first_then_what_to_do(
    post_report, christmas, clock
):
    clock(2026, 12, 23, 21, 30)
    body = _main(post_report(danger_now="yes").content.decode())
    first = body.index('data-testid="act-now-first"')
    assert first < body.index("Write these down now")
    panel = body[first : body.index("</div>", first)]
    assert "<h1>Your report has been sent, but nobody at school may read it tonight</h1>" in panel
    assert "on Tuesday 5 January at 8:30 am" in panel
    assert 'href="tel:999"' in panel and 'href="tel:08001111"' in panel
    assert "07700 900123" in panel


def test_urgent_words_in_term_time_evening_also_put_help_first(post_report, christmas, clock):
    clock(2026, 12, 4, 17, 13)  # a Friday in term, after school
    body = _main(
        post_report(
            categories=["other"],
            what_happened="my friend said she wants to kill herself and self harm",
        ).content.decode()
    )
    panel = body[body.index('data-testid="act-now-first"') :]
    assert "nobody at school may read it tonight" in panel
    assert "on Monday at 8:30 am" in panel
    assert 'href="tel:999"' in panel


def test_an_ordinary_report_in_school_hours_gets_the_ordinary_receipt(post_report, clock):
    clock(2026, 12, 2, 11, 0)  # a Wednesday in term
    body = _main(post_report().content.decode())
    assert "<h1>Your report has been sent</h1>" in body
    assert "A member of staff who keeps pupils safe will read your report today." in body
    assert 'data-testid="act-now-first"' not in body
