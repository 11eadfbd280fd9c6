"""A lead's message is cleaned again when the pupil's page shows it, not only when it is sent.

A message already in the database, whatever put it there (an older version, a restore,
a bug or a change made past message_send), must not run on a pupil's follow-up page.
"""

import pytest

from reporting.choices import EventKind
from reporting.chronology import event_add

from .helpers import assert_inert, body_of, sign_in, submit_report

pytestmark = pytest.mark.django_db

STORED_UNCLEANED = (
    "<p>Thank you for telling us. <strong>You did the right thing.</strong></p>"
    '<script>fetch("/steal")</script>'
    '<img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(2)">tap here</a>'
    '<a href="https://www.childline.org.uk/">Childline</a>'
)


def test_a_stored_message_with_live_markup_is_shown_cleaned(client, school):
    case, words, _ = submit_report(client)
    event_add(
        case=case,
        kind=EventKind.MESSAGE_TO_REPORTER,
        body=STORED_UNCLEANED,
        data={"format": "html"},
        visible_to_reporter=True,
    )
    html = body_of(sign_in(client, case.reference, words))
    assert_inert(html, "follow-up page")
    assert "javascript:" not in html
    # The allowed part still reads as the lead wrote it.
    assert "<strong>You did the right thing.</strong>" in html
    assert '<a rel="noreferrer noopener" href="https://www.childline.org.uk/">Childline</a>' in html
