"""A whole school behind one address: every pupil gets through, a script from the same address does not.

A school's network shows every pupil to the site as one address. These tests play
an hour of a school's reports on a clock that moves only when the test moves it,
and measure what a flooding script pays in refusals and required waits, never in
wall-clock time.
"""

import re

import pytest
from django.test import Client

from reporting.models import Case
from tests.reporting.conftest import report_data

pytestmark = pytest.mark.django_db

SCHOOL_ADDRESS = "203.0.113.10"


def hidden(html: str, name: str) -> str:
    return re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html).group(1)


def open_form(client) -> dict:
    html = client.get("/report/").content.decode()
    return {
        name: hidden(html, name) for name in ("submission_token", "receipt_words", "form_stamp")
    }


def is_receipt(response, words: str) -> bool:
    return response.status_code == 200 and words in response.content.decode()


@pytest.fixture
def school_rules(settings):
    # The shipped defaults, stated so the sums below are visible.
    settings.REPORT_RATE_PER_CLIENT = "300/h"
    settings.REPORT_BURST_PER_CLIENT = 20
    settings.REPORT_BURST_REFILL_SECONDS = 30
    settings.REPORT_BURST_FORM_AGE_SECONDS = 60


def test_sixty_pupils_behind_one_address_all_get_receipts_while_a_flood_from_it_is_slowed(
    school, clock, school_rules
):
    # 25 pupils arrive in the five minutes after an assembly, 35 more across the hour;
    # each writes for two to six minutes before sending.
    arrivals = [i * 12 for i in range(25)] + [300 + i * 94 for i in range(35)]
    pupils = [
        {
            "client": Client(REMOTE_ADDR=SCHOOL_ADDRESS),
            "opens": t,
            "sends": t + 120 + (i * 37) % 240,
        }
        for i, t in enumerate(arrivals)
    ]
    flooder = Client(REMOTE_ADDR=SCHOOL_ADDRESS)
    flood = {"sent": 0, "taken": 0, "told_to_wait": []}
    receipts, retries, waits_told = 0, 0, []
    for second in range(0, 3600 + 600, 10):
        clock.moment = 1_800_000_000.0 + second
        if second < 3600:
            # The script sends two reports every ten seconds, each from a fresh form,
            # and goes first: whatever the burst allowance holds, it takes.
            for _ in range(2):
                form = open_form(flooder)
                response = flooder.post(
                    "/report/", follow=True, data=report_data(**form, what_happened="spam")
                )
                flood["sent"] += 1
                if is_receipt(response, form["receipt_words"]):
                    flood["taken"] += 1
                else:
                    assert response.status_code == 429
                    flood["told_to_wait"].append(int(response["Retry-After"]))
        for pupil in pupils:
            if pupil["opens"] <= second and "form" not in pupil:
                pupil["form"] = open_form(pupil["client"])
            if pupil["sends"] <= second and not pupil.get("done"):
                words = pupil["form"]["receipt_words"]
                response = pupil["client"].post(
                    "/report/", follow=True, data=report_data(**pupil["form"])
                )
                if is_receipt(response, words):
                    pupil["done"] = True
                    receipts += 1
                else:
                    assert response.status_code == 429
                    assert "They keep sending me mean messages." in response.content.decode()
                    retries += 1
                    waits_told.append(int(response["Retry-After"]))
                    pupil["form"]["form_stamp"] = hidden(response.content.decode(), "form_stamp")
                    pupil["sends"] = second + int(response["Retry-After"])
    assert receipts == 60 and all(pupil.get("done") for pupil in pupils)
    assert Case.objects.count() == 60 + flood["taken"]
    # No child was made to wait: each had spent minutes on the form, which is the cost.
    assert retries == 0, waits_told
    # The script got its burst and then one report per refill, nothing like what it sent.
    assert flood["sent"] == 720
    assert flood["taken"] <= 20 + 3600 // 30
    assert len(flood["told_to_wait"]) >= 0.8 * flood["sent"]
    assert all(wait > 0 for wait in flood["told_to_wait"])
    print(
        f"pupils: 60 receipts, {retries} waited (longest {max(waits_told, default=0)} s); "
        f"script: {flood['taken']} of {flood['sent']} taken"
    )


def test_a_form_sent_too_soon_in_a_burst_is_told_the_real_wait_and_goes_through_after_it(
    client, school, clock, settings
):
    settings.REPORT_BURST_PER_CLIENT = 1
    settings.REPORT_BURST_REFILL_SECONDS = 30
    settings.REPORT_BURST_FORM_AGE_SECONDS = 60
    first, second = open_form(client), open_form(client)
    assert is_receipt(
        client.post("/report/", follow=True, data=report_data(**first)), first["receipt_words"]
    )
    clock.advance(20)
    refused = client.post(
        "/report/", follow=True, data=report_data(**second, what_happened="kept <3 words")
    )
    body = refused.content.decode()
    assert refused.status_code == 429 and refused["Retry-After"] == "10"
    assert "Wait <strong>10 seconds</strong>" in body
    assert "kept &lt;3 words" in body  # nothing typed is lost
    assert "0800 1111" in body and "999" in body
    clock.advance(10)
    again = client.post(
        "/report/",
        follow=True,
        data=report_data(**{**second, "form_stamp": hidden(body, "form_stamp")}),
    )
    assert is_receipt(again, second["receipt_words"])


def test_an_old_form_pays_for_one_report_only(client, school, clock, settings):
    settings.REPORT_BURST_PER_CLIENT = 0  # no free burst: only a form's age lets a report in
    settings.REPORT_BURST_FORM_AGE_SECONDS = 60
    form = open_form(client)
    clock.advance(61)
    assert is_receipt(
        client.post("/report/", follow=True, data=report_data(**form)), form["receipt_words"]
    )
    # Sending the same report again (a double click) still shows its receipt.
    assert is_receipt(
        client.post("/report/", follow=True, data=report_data(**form)), form["receipt_words"]
    )
    # Another report carrying the same stamp waits as if its form had just opened.
    reused = client.post(
        "/report/",
        follow=True,
        data=report_data(form_stamp=form["form_stamp"], what_happened="copied"),
    )
    assert reused.status_code == 429 and reused["Retry-After"] == "30"
    assert hidden(reused.content.decode(), "form_stamp") != form["form_stamp"]
    assert Case.objects.count() == 1


def test_a_forged_stamp_buys_nothing(client, school, clock, settings):
    settings.REPORT_BURST_PER_CLIENT = 0
    settings.REPORT_BURST_FORM_AGE_SECONDS = 60
    form = open_form(client)
    issued, rest = form["form_stamp"].split(".", 1)
    forged = f"{int(issued) - 3600}.{rest}"  # claims to be an hour old
    refused = client.post(
        "/report/", follow=True, data=report_data(**{**form, "form_stamp": forged})
    )
    assert refused.status_code == 429
    assert Case.objects.count() == 0


def test_the_hourly_budget_page_says_how_long_is_really_left(client, school, settings):
    settings.REPORT_RATE_PER_CLIENT = "2/h"
    for _ in range(2):
        assert client.post("/report/", follow=True, data=report_data()).status_code == 200
    limited = client.post("/report/", follow=True, data=report_data())
    assert limited.status_code == 429
    minutes = -(-int(limited["Retry-After"]) // 60)
    unit = "minute" if minutes == 1 else "minutes"
    assert f"Wait <strong>{minutes} {unit}</strong>" in limited.content.decode()
