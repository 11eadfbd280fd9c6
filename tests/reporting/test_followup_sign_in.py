"""The follow-up sign-in page: errors a pupil can act on, and "Show my words"."""

import re

import pytest

from tests.reporting.test_followup import sign_in, submit

pytestmark = pytest.mark.django_db


def error_summary(html: str) -> str:
    found = re.search(
        r'<div class="error-summary" role="alert" tabindex="-1"[^>]*>(.*?)</div>', html, re.S
    )
    assert found, "no error summary"
    return found.group(1)


def passphrase_input(html: str) -> str:
    return re.search(r'<input[^>]*name="passphrase"[^>]*>', html).group(0)


def test_an_empty_submit_shows_an_error_summary_linking_to_each_box(client, school):
    response = client.post("/report/follow-up/", {"reference": "", "passphrase": "", "nav": "open"})
    html = response.content.decode()

    assert response.status_code == 400
    summary = error_summary(html)
    assert re.search(r'<a href="#id_reference">Type your report number[^<]*</a>', summary)
    assert re.search(r'<a href="#id_passphrase">Type the secret words[^<]*</a>', summary)
    assert "This field is required" not in html
    assert "<title>Error: " in html
    # The script that moves focus to the summary (and follows its links to the box) is on the page.
    assert "reporting/report-form" in html


def test_words_are_hidden_as_typed_and_never_sent_back_unless_asked(client, school):
    case, _ = submit(client)
    html = sign_in(client, case.reference, "apple tiger moon river cake").content.decode()

    box = passphrase_input(html)
    assert 'type="password"' in box
    assert "apple" not in html
    assert re.search(
        r'<input type="checkbox" name="show_words"[^>]*data-show-words="id_passphrase"', html
    )


def test_show_my_words_brings_the_words_back_in_a_plain_box_on_a_page_never_stored(client, school):
    case, _ = submit(client)
    response = client.post(
        "/report/follow-up/",
        {
            "reference": case.reference,
            "passphrase": "apple tiger moon river cake",
            "show_words": "on",
            "nav": "open",
        },
    )
    html = response.content.decode()

    box = passphrase_input(html)
    assert 'type="text"' in box
    assert 'value="apple tiger moon river cake"' in box
    assert re.search(r'<input type="checkbox" name="show_words"[^>]*checked', html)
    assert "no-store" in response["Cache-Control"]


def test_show_my_words_on_an_empty_try_keeps_the_plain_box(client, school):
    html = client.post(
        "/report/follow-up/", {"reference": "", "passphrase": "", "show_words": "on"}
    ).content.decode()
    assert 'type="text"' in passphrase_input(html)


@pytest.mark.parametrize(
    "typed",
    [
        lambda words: words.upper(),
        lambda words: "  " + words.title().replace(" ", "   ") + "\t",
        lambda words: words.replace(" ", "\n"),
    ],
    ids=["capitals", "title case and extra spaces", "one word a line"],
)
def test_words_are_accepted_in_any_case_and_spacing(client, school, typed):
    case, words = submit(client)
    assert "We have your report" in sign_in(client, case.reference, typed(words)).content.decode()
