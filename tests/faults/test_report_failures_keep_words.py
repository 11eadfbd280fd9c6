"""A failure below the view never loses what the pupil typed, and never a committed receipt.

The database fails before the report is sent, while its case is being written,
or just after the case has committed; the disk holding the upload spool fills up;
the evidence store fills up while held files are moved in. Each time the pupil
sees help (999, Childline, quick exit) and gets back every word they typed, or,
once the case is safe, their receipt.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import caches
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client

from reporting import views
from reporting.choices import EventKind
from reporting.models import Case, CaseEvent, EvidenceFile, PendingUpload
from tests.faults.database import DatabaseFault, database_fault
from tests.reporting.conftest import jpeg_with_exif, report_data, upload

pytestmark = pytest.mark.django_db

TYPED = {
    "what_happened": "They said mean things about me <3 in the group chat",
    "where_detail": "Year 8 group chat",
    "when_happened": "every night this week",
    "people_involved": "someone called Max",
}


def hidden(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="([^"]*)"', html)


def assert_help_and_every_word(response, *, status: int, words=None):
    html = response.content.decode()
    assert response.status_code == status, html[:3000]
    assert "Get help now" in html and "data-quick-exit" in html
    assert "0800 1111" in html and 'href="tel:999"' in html
    for value in TYPED.values() if words is None else words:
        assert value.replace("<", "&lt;") in html, value
    assert "Traceback" not in html
    return html


def _fail_all_queries_from_the_start(fault):
    fault.on = True


@pytest.fixture
def warm_site(client, school):
    """The school's page has been served once, so its Site is in the fragment cache."""
    assert client.get("/report/").status_code == 200


@pytest.mark.parametrize("site_cached", [True, False])
def test_while_the_database_is_down_the_report_form_still_opens_and_says_so(
    client, school, site_cached
):
    if site_cached:
        client.get("/report/")
    else:
        for alias in caches:
            caches[alias].clear()
    with database_fault(DatabaseFault()) as fault:
        fault.on = True
        response = client.get("/report/")
    assert fault.refused  # the database really was asked, and failed
    # With its Site cached the form renders as usual; without, from the fallback (503).
    html = assert_help_and_every_word(response, status=200 if site_cached else 503, words=())
    assert "We can't take reports this minute" in html
    assert 'name="danger_now"' in html  # the form itself, ready to fill in
    assert hidden(html, "submission_token") and hidden(html, "receipt_words")


@pytest.mark.parametrize(
    "stage",
    [
        "before the case is written",
        "while the case is written",
    ],
)
def test_a_database_failure_before_the_case_commits_gives_back_every_word(
    client, school, warm_site, stage
):
    data = report_data(**TYPED)
    pattern = "" if stage == "before the case is written" else r'INSERT INTO "reporting_report"'
    with database_fault(DatabaseFault(pattern)) as fault:
        fault.on = True
        response = client.post("/report/", follow=True, data=data)
    assert fault.refused
    html = assert_help_and_every_word(response, status=503)
    assert "We can't take reports this minute" in html
    assert Case.objects.count() == 0
    # The same submission and words come back, so sending again makes one case, once.
    assert hidden(html, "submission_token") == [data["submission_token"]]
    assert hidden(html, "receipt_words") == [data["receipt_words"]]
    again = Client().post("/report/", follow=True, data=data)
    assert again.status_code == 200 and data["receipt_words"] in again.content.decode()
    assert Case.objects.count() == 1
    assert Case.objects.get().report.what_happened == TYPED["what_happened"]


def test_a_database_failure_just_after_the_case_commits_still_shows_the_receipt(
    client, school, warm_site
):
    fault = DatabaseFault()
    real_submit = views.report_submit

    def submit_then_lose_the_database(**kwargs):
        result = real_submit(**kwargs)
        fault.on = True  # committed; from now on every query fails
        return result

    data = report_data(**TYPED)
    with (
        database_fault(fault),
        mock.patch.object(views, "report_submit", side_effect=submit_then_lose_the_database),
    ):
        response = client.post("/report/", follow=True, data=data)
    html = response.content.decode()
    assert response.status_code == 200, html[:3000]
    case = Case.objects.get()
    assert case.reference in html and data["receipt_words"] in html
    assert "Get help now" in html
    # Nothing was asked of the database between the commit and the receipt.
    assert fault.refused == []


def test_a_full_upload_spool_keeps_every_word_and_keeps_no_file(client, school, settings, tmp_path):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1  # every upload goes to the spool on disk
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "spool")
    Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir()
    calls = []

    def fill_up(self, raw_data, start):
        calls.append(start)
        assert list(Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir())  # the spool file was begun
        raise OSError(errno.ENOSPC, "No space left on device")

    data = report_data(**TYPED, step="2", nav="next")
    data["evidence"] = [upload("screenshot.jpg", jpeg_with_exif())]
    with mock.patch.object(TemporaryFileUploadHandler, "receive_data_chunk", fill_up):
        response = client.post("/report/", follow=True, data=data)
    assert calls, "the upload never reached the spool"
    html = assert_help_and_every_word(response, status=400)
    assert "None of them was kept" in html
    assert PendingUpload.objects.count() == 0 and EvidenceFile.objects.count() == 0
    assert list(Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir()) == []  # no partial spool left


def test_a_full_evidence_store_while_held_files_move_in_keeps_words_and_files(
    client, school, warm_site
):
    first = client.post(
        "/report/",
        {
            **report_data(**TYPED, step="2", nav="next"),
            "evidence": [upload("screenshot.jpg", jpeg_with_exif())],
        },
    )
    held = hidden(first.content.decode(), "held_files")
    assert held
    data = report_data(**TYPED)
    data["held_files"] = held
    with mock.patch.object(
        views, "report_submit", side_effect=OSError(errno.ENOSPC, "No space left on device")
    ):
        response = client.post("/report/", follow=True, data=data)
    html = assert_help_and_every_word(response, status=503)
    assert hidden(html, "held_files") == held  # still held, with the pupil's consent
    assert Case.objects.count() == 0


def test_a_database_failure_during_a_follow_up_reply_keeps_the_message(client, school):
    data = report_data(**TYPED)
    client.post("/report/", follow=True, data=data)
    case = Case.objects.get()
    page = client.post(
        "/report/follow-up/",
        {"reference": case.reference, "passphrase": data["receipt_words"], "nav": "open"},
    ).content.decode()
    # The pupil's own messages: each also alerts the team, which the chronology records.
    reporter_events = CaseEvent.objects.filter(case=case).exclude(kind=EventKind.ALERT_SENT)
    events = reporter_events.count()
    token = hidden(page, "followup_token")[0]
    message = "It happened again today <3, and Max joined in"
    with database_fault(DatabaseFault()) as fault:
        fault.on = True
        response = client.post(
            "/report/follow-up/", {"followup_token": token, "nav": "reply", "message": message}
        )
    html = assert_help_and_every_word(response, status=503, words=[message])
    assert "We can't take messages this minute" in html
    assert hidden(html, "followup_token") == [token]
    assert reporter_events.count() == events
    # Pressing send again once the database is back sends it.
    sent = client.post(
        "/report/follow-up/", {"followup_token": token, "nav": "reply", "message": message}
    )
    assert sent.status_code == 200
    assert reporter_events.count() == events + 1


def test_a_database_failure_while_signing_in_keeps_the_reference(client, school):
    data = report_data(**TYPED)
    client.post("/report/", follow=True, data=data)
    case = Case.objects.get()
    with database_fault(DatabaseFault()) as fault:
        fault.on = True
        response = client.post(
            "/report/follow-up/",
            {"reference": case.reference, "passphrase": data["receipt_words"], "nav": "open"},
        )
    html = assert_help_and_every_word(response, status=503, words=[case.reference])
    assert hidden(html, "passphrase") == [data["receipt_words"]]
