"""The evidence folder cannot be written (a lost mount, wrong permissions) or the disk is full.

The pupil is told kindly what happened and what they can do, help stays on the page,
everything they typed is still in the form, and nothing is half-saved: no case, no
evidence or held-file row, no stray file. Tests run as root, where chmod does not stop
a write: an unwritable folder is made by putting EVIDENCE_ROOT under a regular file,
and a full disk by making the write fail with ENOSPC part-way through.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path
from unittest import mock

import pytest
from django.test import Client

from reporting.models import Case, CaseEvent, EvidenceFile, PendingUpload, Receipt, Report
from tests.reporting.conftest import jpeg_with_exif, report_data, upload

pytestmark = pytest.mark.django_db

TYPED = {
    "what_happened": "They said mean things about me <3 in the group chat",
    "where_detail": "Year 8 group chat",
    "when_happened": "every night this week",
    "people_involved": "someone called Max",
}


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def hidden(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="([^"]*)"', html)


@pytest.fixture
def unwritable_store(settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the evidence folder should be")
    settings.EVIDENCE_ROOT = blocker / "evidence"
    return tmp_path


@pytest.fixture
def disk_full(settings):
    """Every evidence write fails with "No space left on device" after its first bytes."""
    from reporting import crypto

    real = crypto.encrypt_chunks

    def fill_up(chunks, destination):
        destination.write(b"the first few encrypted bytes")
        raise OSError(errno.ENOSPC, "No space left on device")

    with mock.patch.object(crypto, "encrypt_chunks", side_effect=fill_up):
        yield real


def assert_nothing_saved():
    assert Case.objects.count() == 0
    assert Report.objects.count() == 0 and Receipt.objects.count() == 0
    assert EvidenceFile.objects.count() == 0 and PendingUpload.objects.count() == 0


def assert_kind_page_with_everything_typed(response):
    html = response.content.decode()
    assert response.status_code == 400, html[:3000]
    assert "could not keep your files safe" in html
    assert "Get help now" in html and "data-quick-exit" in html
    for value in TYPED.values():
        assert value.replace("<", "&lt;") in html
    assert "Traceback" not in html
    return html


@pytest.mark.parametrize("fault", ["unwritable_store", "disk_full"])
def test_a_store_that_cannot_be_written_gives_a_kind_error_and_saves_nothing(
    request, client, school, settings, tmp_path, fault
):
    request.getfixturevalue(fault)
    data = report_data(**TYPED)
    data["evidence"] = [upload("screenshot.jpg", jpeg_with_exif())]
    response = client.post("/report/", data, follow=True)
    html = assert_kind_page_with_everything_typed(response)
    assert_nothing_saved()
    assert not files_under(Path(settings.EVIDENCE_ROOT))
    assert not list(tmp_path.rglob("*.partial"))

    # The pupil can still send the report without the file, from the same page.
    resend = report_data(**TYPED)
    resend["submission_token"] = hidden(html, "submission_token")[0]
    resend["receipt_words"] = hidden(html, "receipt_words")[0]
    sent = Client().post("/report/", resend, follow=True)
    assert sent.status_code == 200 and "Your report has been sent" in sent.content.decode()
    case = Case.objects.get()
    assert case.report.what_happened == TYPED["what_happened"]
    assert EvidenceFile.objects.count() == 0


def test_a_full_disk_during_a_follow_up_reply_keeps_the_message_and_saves_nothing(
    client, school, settings, disk_full
):
    data = report_data(**TYPED)
    client.post("/report/", data, follow=True)
    case = Case.objects.get()
    page = client.post(
        "/report/follow-up/",
        {"reference": case.reference, "passphrase": data["receipt_words"], "nav": "open"},
    ).content.decode()
    events = CaseEvent.objects.filter(case=case).count()
    response = client.post(
        "/report/follow-up/",
        {
            "followup_token": hidden(page, "followup_token")[0],
            "nav": "reply",
            "message": "It happened again today",
            "evidence": [upload("again.jpg", jpeg_with_exif())],
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "could not keep your files safe" in html and "Get help now" in html
    assert "It happened again today" in html
    assert CaseEvent.objects.filter(case=case).count() == events
    assert EvidenceFile.objects.count() == 0 and PendingUpload.objects.count() == 0
    assert not files_under(Path(settings.EVIDENCE_ROOT))
