"""The receipt's secret words are shown once: POST, redirect, one GET; a reload says "already shown".

The attack: a pupil sends a report on a shared computer and walks away; the next
person presses reload (or Back, then Forward) and reads the words that open the
case. The POST now answers with a redirect to a one-time address; what it held is
gone after one read, and nothing about it is in a cookie.
"""

from django.core.cache import cache

from reporting.models import Case
from reporting.receipt_page import _derived

from .conftest import report_data


def test_the_report_redirects_to_a_receipt_shown_only_once(client, school):
    data = report_data()
    sent = client.post("/report/", data)
    assert sent.status_code == 303
    receipt_url = sent["Location"]
    assert receipt_url.startswith("/report/receipt/")
    assert data["receipt_words"] not in receipt_url
    assert not sent.cookies.get("sessionid")

    first = client.get(receipt_url)
    case = Case.objects.get()
    page = first.content.decode()
    assert first.status_code == 200
    assert case.reference in page and data["receipt_words"] in page
    assert first["Cache-Control"] == "no-store"
    assert b"data-quick-exit" in first.content

    reload = client.get(receipt_url)
    again = reload.content.decode()
    assert reload.status_code == 200
    assert data["receipt_words"] not in again and case.reference not in again
    assert "already shown" in again
    # Kind, with what to do and with help now.
    assert "If you didn't write them down" in again
    assert "0800 1111" in again and b"data-quick-exit" in reload.content
    assert reload["Cache-Control"] == "no-store"


def test_the_held_receipt_is_encrypted_and_keyed_by_nothing_the_server_keeps(client, school):
    data = report_data()
    token = client.post("/report/", data)["Location"].rstrip("/").rsplit("/", 1)[1]
    cache_key, _ = _derived(token)
    held = cache.get(cache_key)
    assert held is not None
    assert data["receipt_words"].encode() not in held
    assert Case.objects.get().reference.encode() not in held
    assert token not in cache_key


def test_a_made_up_receipt_address_shows_already_shown_and_nothing_else(client, school):
    response = client.get("/report/receipt/not-a-real-token-at-all/")
    assert response.status_code == 200
    assert "already shown" in response.content.decode()


def test_if_the_receipt_cannot_be_held_it_is_shown_at_once(client, school, monkeypatch):
    """A cache outage must never cost a pupil their words."""
    monkeypatch.setattr("reporting.receipt_page.cache.add", lambda *args, **kwargs: None)
    data = report_data()
    response = client.post("/report/", data)
    assert response.status_code == 200
    assert data["receipt_words"] in response.content.decode()
    assert Case.objects.get().reference in response.content.decode()
