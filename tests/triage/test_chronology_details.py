"""Every chronology entry reads the same on the case page, the pupil's page and the case file.

One function (reporting.chronology.event_details) says what an event's data means;
an alert says whom it reached, in which role and by which channel, and a file
transfer where it went, in words, wherever the event is shown.
"""

import re

import pytest
from django.urls import reverse

from reporting.choices import EventKind
from reporting.chronology import event_details
from reporting.models import CaseEvent

from .conftest import login, make_case

pytestmark = pytest.mark.django_db

ALERTED = [
    {"name": "Joan Hughes", "role": "dsl", "channels": ["email", "sms"]},
    {"name": "Priya Khan", "role": "deputy", "channels": ["webhook"]},
]
ALERTED_WORDS = (
    "Joan Hughes (Designated safeguarding lead) by email, text message (sms); "
    "Priya Khan (Deputy designated safeguarding lead) by microsoft teams or slack"
)


def test_a_reminder_says_which_reminder_and_whom_it_reached_everywhere(school, lead):
    case = make_case(school=school)
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.REMINDER,
        data={"reminder": 2, "roles": ["dsl", "deputy"], "alerted": ALERTED, "notification": "x"},
    )
    client = login(lead)
    page = client.get(reverse("reporting_triage:case_detail", args=[case.pk])).content.decode()
    case_file = client.get(reverse("reporting_records:case_file", args=[case.pk])).content.decode()
    for html in (page, case_file):
        html = re.sub(r"<[^>]+>", "", html)  # the words as read, whatever wraps them
        assert "Reminder: number 2, not yet acknowledged" in html
        assert f"Alerted: {ALERTED_WORDS}" in html
        assert '"notification"' not in html and "roles" not in html


def test_an_alert_nobody_could_receive_says_so():
    event = CaseEvent(kind=EventKind.ALERT_SENT, data={"alerted": []})
    assert event_details(event) == [
        ("Alerted", "nobody could be alerted: check the safeguarding team")
    ]


def test_a_file_transfer_says_where_it_went_and_when_receipt_is_due():
    event = CaseEvent(
        kind=EventKind.TRANSFER_SENT,
        data={"to": "Brook Lane Primary", "confirm_by": "2031-01-13T09:00:00+00:00"},
    )
    assert event_details(event) == [("To", "Brook Lane Primary"), ("Receipt due by", "13 Jan 2031")]
