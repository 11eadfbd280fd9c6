"""Child-protection file transfer: the package, its hashes, receipt, and the 5-school-day reminder."""

import base64
import datetime as dt
import hashlib
import json
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from reporting.choices import EventKind, PersonRole, Source, TransferStatus
from reporting.evidence.store import read_plaintext
from reporting.models import Case, EvidenceFile, Notification, Pupil, PupilTransfer
from reporting.notifications import deliver_notification
from reporting.pupils.selectors import cases_with_words, pupils_matching
from reporting.services import transfers
from reporting.services.cases import case_add_note
from reporting.services.pupils import pupil_link_case
from tests.triage.conftest import login, make_case, make_evidence, make_person

pytestmark = pytest.mark.django_db

PHOTO = b"\x89PNG\r\n\x1a\n" + b"pretend screenshot" * 50


@pytest.fixture
def pupil_with_file(school, lead, pupil):
    case = make_case(school=school, text="Sam was sent threats on a group chat")
    make_person(case=case, name="Sam Patel", role=PersonRole.TARGET)
    make_evidence(case=case, data=PHOTO, detected_type="image/png", extension="png")
    pupil_link_case(case=case, pupil=pupil, actor=lead, role=PersonRole.TARGET)
    case_add_note(case=case, actor=lead, body="Parents told on Monday")
    return pupil, case


def test_a_file_sent_on_this_deployment_is_imported_whole_by_the_new_school(
    pupil_with_file, lead, other_school, other_lead
):
    pupil, case = pupil_with_file
    sent = transfers.transfer_send(pupil=pupil, actor=lead, to_school=other_school)
    assert sent.passphrase == "" and sent.transfer.status == TransferStatus.SENT
    assert case.events.filter(kind=EventKind.TRANSFER_SENT).exists()

    received = transfers.transfer_receive(transfer=sent.transfer, actor=other_lead)

    assert received.school == other_school and received.full_name == "Sam Patel"
    copied = Case.objects.get(school=other_school)
    assert copied.source == Source.TRANSFER_IN and copied.reference != case.reference
    assert copied.report.what_happened == "Sam was sent threats on a group chat"
    assert copied.people.get().name == "Sam Patel"
    assert "Parents told on Monday" in [e.body for e in copied.events.all()]
    evidence = EvidenceFile.objects.get(case=copied)
    assert b"".join(read_plaintext(evidence.storage_key)) == PHOTO
    # Found by name and by the report's words at the new school, through its own index.
    assert list(
        pupils_matching(pupils=Pupil.objects.filter(school=other_school), query="patel")
    ) == [received]
    assert list(
        cases_with_words(cases=Case.objects.filter(school=other_school), query="threats")
    ) == [copied]
    # Both schools' chronologies say it arrived.
    assert case.events.filter(kind=EventKind.TRANSFER_RECEIVED).exists()
    assert copied.events.filter(kind=EventKind.TRANSFER_RECEIVED).exists()
    sent.transfer.refresh_from_db()
    assert (
        sent.transfer.status == TransferStatus.RECEIVED and sent.transfer.received_by == other_lead
    )
    assert sent.transfer.package == ""


def test_the_manifest_holds_a_sha256_for_every_case_and_piece_of_evidence(
    pupil_with_file, lead, other_school
):
    pupil, case = pupil_with_file
    transfer = transfers.transfer_send(pupil=pupil, actor=lead, to_school=other_school).transfer
    assert list(transfer.manifest["cases"]) == [case.reference]
    assert list(transfer.manifest["evidence"].values()) == [hashlib.sha256(PHOTO).hexdigest()]
    # The row keeps hashes only: no name in the manifest.
    assert "Patel" not in json.dumps(transfer.manifest)


def test_an_altered_package_is_refused_before_anything_is_saved(
    pupil_with_file, lead, other_school, other_lead
):
    pupil, _ = pupil_with_file
    transfer = transfers.transfer_send(pupil=pupil, actor=lead, to_school=other_school).transfer
    package = json.loads(base64.b64decode(transfer.package))
    package["cases"][0]["report"]["what_happened"] = "nothing happened"
    raw = json.dumps(package).encode()
    with pytest.raises(transfers.PackageError):
        transfers.package_check(raw)
    evidence = package["cases"][0]["evidence"][0]
    package = json.loads(base64.b64decode(transfer.package))
    package["cases"][0]["evidence"][0]["data"] = base64.b64encode(b"swapped").decode()
    with pytest.raises(transfers.PackageError):
        transfers.package_check(json.dumps(package).encode())
    assert evidence["sha256"] == hashlib.sha256(PHOTO).hexdigest()
    # And a row whose stored package was changed is refused on receipt.
    PupilTransfer.objects.filter(pk=transfer.pk).update(package=base64.b64encode(raw).decode())
    with pytest.raises(transfers.PackageError):
        transfers.transfer_receive(transfer=transfer, actor=other_lead)
    assert not Pupil.objects.filter(school=other_school).exists()
    assert not Case.objects.filter(school=other_school).exists()


def test_only_the_chosen_schools_lead_can_receive(pupil_with_file, lead, other_school, school):
    pupil, _ = pupil_with_file
    transfer = transfers.transfer_send(pupil=pupil, actor=lead, to_school=other_school).transfer
    with pytest.raises(PermissionDenied):
        transfers.transfer_receive(transfer=transfer, actor=lead)


def test_a_downloaded_file_opens_only_with_its_words(
    pupil_with_file, lead, other_school, other_lead
):
    pupil, _ = pupil_with_file
    sent = transfers.transfer_send(pupil=pupil, actor=lead, destination_name="Hillside High")
    assert len(sent.passphrase.split()) == 5
    sealed = transfers.transfer_sealed_file(transfer=sent.transfer, actor=lead)
    assert b"Patel" not in sealed and b"threats" not in sealed
    with pytest.raises(transfers.PackageError):
        transfers.transfer_import_file(
            sealed=sealed,
            passphrase="wrong words here too now",
            school=other_school,
            actor=other_lead,
        )
    imported = transfers.transfer_import_file(
        sealed=sealed, passphrase=sent.passphrase.upper(), school=other_school, actor=other_lead
    )
    assert imported.full_name == "Sam Patel"
    assert Case.objects.filter(school=other_school).count() == 1


def test_the_new_school_confirms_receipt_from_its_pupil_screen(
    pupil_with_file, lead, other_school, other_lead
):
    pupil, case = pupil_with_file
    client = login(lead)
    response = client.post(
        reverse("reporting_pupils:transfer", args=[pupil.pk]), {"destination": other_school.pk}
    )
    assert response.status_code == 302
    theirs = login(other_lead)
    listing = theirs.get(reverse("reporting_pupils:list"))
    (incoming,) = listing.context["incoming"]
    received = theirs.post(reverse("reporting_pupils:transfer_receive", args=[incoming.pk]))
    new_pupil = Pupil.objects.get(school=other_school)
    assert received.url == reverse("reporting_pupils:detail", args=[new_pupil.pk])
    page = client.get(reverse("reporting_pupils:detail", args=[pupil.pk])).content.decode()
    assert "Confirmed" in page
    # The sender's lead cannot import it instead.
    assert (
        client.post(reverse("reporting_pupils:transfer_receive", args=[incoming.pk])).status_code
        == 404
    )


def test_receipt_is_due_by_the_end_of_the_fifth_school_day(school):
    london = zoneinfo.ZoneInfo("Europe/London")
    friday = dt.datetime(2026, 12, 4, 10, 0, tzinfo=london)
    due = timezone.localtime(transfers.confirm_by(sent_at=friday, school=school))
    assert (due.date(), due.hour) == (dt.date(2026, 12, 11), 16)


def test_the_senders_leads_are_reminded_once_when_receipt_is_overdue(
    pupil_with_file, lead, other_school
):
    pupil, case = pupil_with_file
    transfer = transfers.transfer_send(pupil=pupil, actor=lead, to_school=other_school).transfer
    assert (
        transfers.transfers_remind_unconfirmed(now=transfer.confirm_by - dt.timedelta(minutes=1))
        == 0
    )
    mail.outbox.clear()
    assert transfers.transfers_remind_unconfirmed(now=transfer.confirm_by) == 1
    assert (
        transfers.transfers_remind_unconfirmed(now=transfer.confirm_by + dt.timedelta(days=1)) == 0
    )
    notification = Notification.objects.get(kind="transfer_unconfirmed")
    assert notification.case == case
    assert case.events.filter(kind=EventKind.TRANSFER_REMINDER).count() == 1
    # The durable worker delivers it to the sending school's leads.
    deliver_notification.call(str(notification.pk))
    assert [message.to for message in mail.outbox] == [[lead.email]]
    assert "receipt has not been confirmed" in mail.outbox[0].subject


def test_no_reminder_once_receipt_is_confirmed(pupil_with_file, lead, other_school, other_lead):
    pupil, _ = pupil_with_file
    transfer = transfers.transfer_send(pupil=pupil, actor=lead, to_school=other_school).transfer
    transfers.transfer_receive(transfer=transfer, actor=other_lead)
    assert (
        transfers.transfers_remind_unconfirmed(now=transfer.confirm_by + dt.timedelta(days=1)) == 0
    )


def test_a_hostile_file_from_another_system_cannot_put_script_on_the_leads_pages(
    pupil_with_file, lead, other_school, other_lead
):
    pupil, _ = pupil_with_file
    transfer = transfers.transfer_send(pupil=pupil, actor=lead, to_school=other_school).transfer
    package = json.loads(base64.b64decode(transfer.package))
    package["cases"][0]["events"].append(
        {
            "id": "x",
            "kind": EventKind.MESSAGE_TO_REPORTER,
            "body": '<p>Hi</p><script>alert(1)</script><img src=x onerror="alert(2)">',
            "data": {},
            "actor": "someone",
            "created_at": timezone.now().isoformat(),
        }
    )
    package["cases"][0]["events"].append(
        {
            "id": "y",
            "kind": EventKind.INTERNAL_NOTE,
            "body": '<p>Noted</p><img src=x onerror="alert(3)">',
            "data": {"format": "html"},
            "actor": "someone",
            "created_at": timezone.now().isoformat(),
        }
    )
    # Hashes prove a file is whole, not who made it: a forger recomputes them.
    package["manifest"] = transfers._manifest(package["pupil"], package["cases"])
    sealed = transfers.package_seal(json.dumps(package).encode(), passphrase="a b c d e")
    imported = transfers.transfer_import_file(
        sealed=sealed, passphrase="a b c d e", school=other_school, actor=other_lead
    )
    client = login(other_lead)
    page = client.get(reverse("reporting_pupils:detail", args=[imported.pk]))
    html = page.content.decode()
    assert "<p>Hi</p>" in html
    assert "<script>alert(1)" not in html and "onerror" not in html
    # The case page shows a note marked as HTML as HTML: it was cleaned on the way in.
    case = imported.links.first().case
    html = client.get(reverse("reporting_triage:case_detail", args=[case.pk])).content.decode()
    assert "<p>Noted</p>" in html
    assert "<script>alert(1)" not in html and "onerror" not in html


def test_the_download_journey_shows_the_words_once_and_the_file_imports_elsewhere(
    pupil_with_file, lead, other_school, other_lead
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pupil, _ = pupil_with_file
    client = login(lead)
    shown = client.post(
        reverse("reporting_pupils:transfer", args=[pupil.pk]),
        {"destination": "download", "destination_name": "Hillside High"},
    )
    assert shown.status_code == 200 and shown["Cache-Control"].startswith("no-store")
    words = shown.context["passphrase"]
    transfer = PupilTransfer.objects.get()
    assert transfer.destination_name == "Hillside High"
    download = client.get(reverse("reporting_pupils:transfer_download", args=[transfer.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert words.encode() not in download.content
    # Another school's lead cannot download it.
    assert (
        login(other_lead)
        .get(reverse("reporting_pupils:transfer_download", args=[transfer.pk]))
        .status_code
        == 404
    )
    wrong = login(other_lead).post(
        reverse("reporting_pupils:transfer_upload"),
        {
            "school": other_school.pk,
            "passphrase": "not the right words at all",
            "file": SimpleUploadedFile("file.upcp", download.content),
        },
    )
    assert wrong.status_code == 400 and "do not open this file" in wrong.content.decode()
    right = login(other_lead).post(
        reverse("reporting_pupils:transfer_upload"),
        {
            "school": other_school.pk,
            "passphrase": words,
            "file": SimpleUploadedFile("file.upcp", download.content),
        },
    )
    assert right.status_code == 302
    assert Pupil.objects.get(school=other_school).full_name == "Sam Patel"
    # The sender records the other school's confirmation: it goes in the chronology.
    client.post(reverse("reporting_pupils:transfer_confirm", args=[transfer.pk]))
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RECEIVED
    assert pupil.links.get().case.events.filter(kind=EventKind.TRANSFER_RECEIVED).exists()
