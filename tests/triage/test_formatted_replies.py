"""Replies to the pupil and internal notes are written in Wagtail's rich-text editor.

The editor posts Draft.js content as JSON; what is stored is clean HTML with real link
addresses, limited to paragraphs, lists, bold, italics and links, whatever the editor
or a forged post sends.
"""

import json

import pytest
from django.urls import reverse

from reporting.choices import EventKind
from reporting.models import CaseEvent

from .conftest import login

pytestmark = pytest.mark.django_db


def block(key, text, kind="unstyled", *, styles=(), links=()):
    return {
        "key": key,
        "text": text,
        "type": kind,
        "depth": 0,
        "inlineStyleRanges": [
            {"offset": offset, "length": length, "style": style} for offset, length, style in styles
        ],
        "entityRanges": [
            {"offset": offset, "length": length, "key": entity} for offset, length, entity in links
        ],
        "data": {},
    }


def contentstate(blocks, links=()):
    return json.dumps(
        {
            "blocks": blocks,
            "entityMap": {
                str(index): {"type": "LINK", "mutability": "MUTABLE", "data": data}
                for index, data in enumerate(links)
            },
        }
    )


def test_a_formatted_reply_is_stored_as_clean_html_the_pupil_can_read(case, lead):
    posted = contentstate(
        [
            block("a", "Thank you for telling us.", styles=[(0, 5, "BOLD")]),
            block("b", "Block them", "unordered-list-item"),
            block("c", "Childline is there too", "unordered-list-item", links=[(0, 9, 0)]),
            block("d", "Do not click this", links=[(0, 17, 1)]),
        ],
        links=[{"url": "https://www.childline.org.uk/"}, {"url": "javascript:steal()"}],
    )
    response = login(lead).post(
        reverse("reporting_triage:case_message", args=[case.pk]), {"message": posted}
    )
    assert response.status_code == 302
    body = CaseEvent.objects.get(case=case, kind=EventKind.MESSAGE_TO_REPORTER).body
    assert "<b>Thank</b> you for telling us." in body or "<strong>Thank</strong>" in body
    assert "<ul><li>Block them</li>" in body
    assert '<a href="https://www.childline.org.uk/">Childline</a>' in body
    # The words stay; the dangerous address does not.
    assert "Do not click this" in body and "javascript" not in body
    assert "{" not in body and "entityMap" not in body


def test_a_link_to_one_of_the_schools_pages_is_stored_with_its_address(case, lead, school):
    home_page = school.root_page
    posted = contentstate(
        [block("a", "Read our guide", links=[(5, 9, 0)])],
        links=[{"id": home_page.pk, "url": home_page.url, "parentId": None}],
    )
    login(lead).post(reverse("reporting_triage:case_message", args=[case.pk]), {"message": posted})
    body = CaseEvent.objects.get(case=case, kind=EventKind.MESSAGE_TO_REPORTER).body
    assert f'<a href="{home_page.url}">our guide</a>' in body
    assert "linktype" not in body


def test_a_formatted_note_is_kept_and_a_plain_one_is_kept_as_typed(case, lead):
    client = login(lead)
    note_url = reverse("reporting_triage:case_note", args=[case.pk])
    client.post(
        note_url, {"note": contentstate([block("a", "Spoke to Year 8", "ordered-list-item")])}
    )
    client.post(note_url, {"note": "About <script> tags\n\nsecond paragraph"})
    bodies = set(
        CaseEvent.objects.filter(case=case, kind=EventKind.INTERNAL_NOTE).values_list(
            "body", flat=True
        )
    )
    assert bodies == {
        "<ol><li>Spoke to Year 8</li></ol>",
        "<p>About &lt;script&gt; tags</p><p>second paragraph</p>",
    }
