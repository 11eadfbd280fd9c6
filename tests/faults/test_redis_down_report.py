"""Redis unreachable in the production profile: a pupil can still SEND a report and follow it up.

tests/security/test_redis_down.py shows public pages and the empty form answering and
rate limits failing open; it never posts a report. Here the whole write path runs
with every cache call failing: the report (with a file) is saved, the receipt shown,
the receipt opens the follow-up page and a reply is saved.
"""

from __future__ import annotations

import re

import pytest

from reporting.models import Case, CaseEvent, EvidenceFile
from tests.reporting.conftest import jpeg_with_exif, report_data, upload
from tests.security.test_redis_down import DEAD_REDIS

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": DEAD_REDIS, "pages": {**DEAD_REDIS, "KEY_PREFIX": "pages"}}
    assert settings.RATELIMIT_FAIL_OPEN is True
    return settings


def test_a_report_with_evidence_is_sent_and_followed_up_with_redis_down(client, school, redis_down):
    data = report_data(what_happened="sent while Redis was down")
    data["evidence"] = [upload("shot.jpg", jpeg_with_exif())]
    response = client.post("/report/", data, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and "Your report has been sent" in html
    case = Case.objects.get()
    assert case.reference in html and "Get help now" in html
    assert case.report.what_happened == "sent while Redis was down"
    assert EvidenceFile.objects.filter(case=case).count() == 1

    page = client.post(
        "/report/follow-up/",
        {"reference": case.reference, "passphrase": data["receipt_words"], "nav": "open"},
    ).content.decode()
    assert "We have your report" in page
    token = re.search(r'name="followup_token" value="([^"]+)"', page).group(1)
    reply = client.post(
        "/report/follow-up/", {"followup_token": token, "nav": "reply", "message": "and again"}
    )
    assert reply.status_code == 200 and "Sent." in reply.content.decode()
    assert "and again" in [event.body for event in CaseEvent.objects.filter(case=case)]
