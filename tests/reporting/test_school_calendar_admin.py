"""Settings → School calendar: an admin records a school's closures; mistakes get a clear message."""

import datetime as dt

from django.urls import reverse

from reporting.models import SchoolClosure
from tests.security.helpers import verified_login


def _admin_client(client, superuser):
    verified_login(client, superuser)
    return client


def test_an_admin_adds_a_closure_for_a_school(client, superuser, school):
    client = _admin_client(client, superuser)
    listing = client.get(reverse("school_calendar:index"))
    assert listing.status_code == 200
    response = client.post(
        reverse("school_calendar:add"),
        {
            "school": school.pk,
            "name": "Christmas holidays",
            "first_day": "2026-12-19",
            "last_day": "2027-01-04",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    closure = SchoolClosure.objects.get()
    assert (closure.school, closure.first_day, closure.last_day) == (
        school,
        dt.date(2026, 12, 19),
        dt.date(2027, 1, 4),
    )
    assert "Christmas holidays" in client.get(reverse("school_calendar:index")).content.decode()


def test_a_closure_ending_before_it_starts_is_refused_kindly(client, superuser, school):
    client = _admin_client(client, superuser)
    response = client.post(
        reverse("school_calendar:add"),
        {"school": school.pk, "name": "Oops", "first_day": "2027-01-04", "last_day": "2026-12-19"},
    )
    assert response.status_code == 200
    assert "The last day must be on or after the first day." in response.content.decode()
    assert not SchoolClosure.objects.exists()
