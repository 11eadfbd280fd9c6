"""Replies to the pupil and internal notes are written in Wagtail's rich-text editor
(paragraphs, lists, bold, italics, links) and cleaned before they are stored."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from reporting.choices import EventKind
from tests.reporting.test_followup import sign_in, submit

pytestmark = pytest.mark.django_db


def _contentstate(url="https://www.childline.org.uk/"):
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1",
                    "type": "unstyled",
                    "text": "Thank you for telling us. Childline can help too.",
                    "depth": 0,
                    "inlineStyleRanges": [{"offset": 0, "length": 9, "style": "BOLD"}],
                    "entityRanges": [{"offset": 26, "length": 9, "key": 0}],
                },
                {
                    "key": "b2",
                    "type": "unordered-list-item",
                    "text": "We will talk to the others involved",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                },
            ],
            "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}},
        }
    )


def test_the_case_page_offers_the_rich_text_editor_not_raw_html(school, lead_client):
    case, _ = submit(Client())
    html = lead_client.get(reverse("reporting_triage:case_detail", args=[case.pk])).content.decode()
    assert "data-draftail-input" in html or "w-draftail" in html
    assert "&lt;p&gt;, &lt;ul&gt;" not in html


def test_a_formatted_reply_reaches_the_pupil_cleaned(school, lead_client):
    pupil = Client()
    case, words = submit(pupil)
    response = lead_client.post(
        reverse("reporting_triage:case_message", args=[case.pk]), {"message": _contentstate()}
    )
    assert response.status_code == 302
    stored = case.events.get(kind=EventKind.MESSAGE_TO_REPORTER).body
    assert stored.startswith("<p>") and "data-block-key" not in stored
    page = sign_in(pupil, case.reference, words).content.decode()
    assert "<b>Thank you</b>" in page
    assert '<a rel="noreferrer noopener" href="https://www.childline.org.uk/">Childline</a>' in page
    assert "<li>We will talk to the others involved</li>" in page


def test_a_script_link_in_a_reply_is_removed(school, lead_client):
    pupil = Client()
    case, words = submit(pupil)
    lead_client.post(
        reverse("reporting_triage:case_message", args=[case.pk]),
        {"message": _contentstate(url="javascript:alert(document.cookie)")},
    )
    stored = case.events.get(kind=EventKind.MESSAGE_TO_REPORTER).body
    assert "javascript" not in stored
    page = sign_in(pupil, case.reference, words).content.decode()
    assert "Thank you" in page and "javascript:alert" not in page


def test_an_internal_note_is_formatted_and_never_reaches_the_pupil(school, lead_client):
    pupil = Client()
    case, words = submit(pupil)
    lead_client.post(
        reverse("reporting_triage:case_note", args=[case.pk]), {"note": _contentstate()}
    )
    note = case.events.get(kind=EventKind.INTERNAL_NOTE)
    assert "<b>Thank you</b>" in note.body and note.data["format"] == "html"
    case_page = lead_client.get(reverse("reporting_triage:case_detail", args=[case.pk]))
    assert "<b>Thank you</b> for telling us" in case_page.content.decode()
    assert (
        "We will talk to the others involved"
        not in sign_in(pupil, case.reference, words).content.decode()
    )
