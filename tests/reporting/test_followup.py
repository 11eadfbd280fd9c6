"""/report/follow-up/: the receipt opens its own case only; guessing is throttled; messages both ways."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from reporting.choices import EventKind, Risk, Status
from reporting.chronology import event_add
from reporting.models import Case, CaseEvent, EvidenceFile, Notification, Receipt, ReportingSettings
from reporting.services.cases import message_send
from tests.builders import followup_sign_in as sign_in
from tests.reporting.conftest import jpeg_with_exif, report_data, upload

pytestmark = pytest.mark.django_db


def submit(client, **overrides):
    data = report_data(**overrides)
    client.post("/report/", data, follow=True)
    case = Case.objects.get(
        submission_key__isnull=False,
        report__submitted_at__isnull=False,
        pk__in=Case.objects.order_by("-created_at").values("pk")[:1],
    )
    return case, data["receipt_words"]


def token_of(html: str) -> str:
    return re.search(r'name="followup_token" value="([^"]+)"', html).group(1)


def test_the_receipt_opens_its_own_case_and_only_its_own(client, school):
    first, first_words = submit(client, what_happened="first report text")
    second, second_words = submit(client, what_happened="second report text")
    body = sign_in(client, first.reference, first_words).content.decode()
    assert "first report text" in body and "second report text" not in body
    assert first.reference in body and second.reference not in body
    crossed = sign_in(client, second.reference, first_words)
    assert "second report text" not in crossed.content.decode()
    assert "could not open a report" in crossed.content.decode()


def test_reference_is_forgiving_about_case_and_spaces(client, school):
    case, words = submit(client)
    messy = case.reference.lower().replace("-", " ")
    assert (
        "We have your report"
        in sign_in(client, messy, words.upper().replace(" ", ", ")).content.decode()
    )


def test_wrong_reference_and_wrong_words_get_the_same_answer(client, school):
    case, words = submit(client)
    wrong_words = sign_in(client, case.reference, "apple tiger moon river cake")
    cache.clear()
    wrong_reference = sign_in(client, "ZZZZ-ZZZZ", words)

    def strip(response):
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return body.replace("ZZZZ-ZZZZ", case.reference)

    assert wrong_words.status_code == wrong_reference.status_code
    assert strip(wrong_words) == strip(wrong_reference)


def test_an_unknown_reference_still_runs_one_hash(client, school):
    with mock.patch("reporting.receipts.verify_passphrase", return_value=False) as verify:
        sign_in(client, "ZZZZ-ZZZZ", "apple tiger moon river cake")
    assert verify.call_count == 1


def test_wrong_passphrases_slow_down_that_client_with_a_growing_wait_never_the_reporter(
    client, school, clock, settings
):
    settings.FOLLOWUP_FREE_WRONG_TRIES = 5
    settings.FOLLOWUP_DELAY_BASE_SECONDS = 5
    case, words = submit(client)
    guesser = Client(REMOTE_ADDR="198.51.100.66")
    statuses = [
        sign_in(guesser, case.reference, f"wrong words number {i} x").status_code for i in range(5)
    ]
    assert statuses == [400] * 5
    paused = sign_in(guesser, case.reference, "wrong words number 6 x")
    assert paused.status_code == 429 and paused["Retry-After"] == "5"
    assert "Please wait <strong>5 seconds</strong>" in paused.content.decode()
    assert "999" in paused.content.decode() and "0800 1111" in paused.content.decode()
    # The reporter, on their own device, gets in at once with the right words.
    assert "We have your report" in sign_in(client, case.reference, words).content.decode()
    # Each further wrong try doubles the guesser's wait; what it says is the real wait.
    for expected in (10, 20, 40):
        clock.advance(expected / 2)
        assert sign_in(guesser, case.reference, "still wrong words x y").status_code == 400
        paused = sign_in(guesser, case.reference, "still wrong words x y")
        assert paused["Retry-After"] == str(expected)
        clock.advance(expected - 1)
        assert sign_in(guesser, case.reference, words).status_code == 429  # not checked yet
        clock.advance(1)
    # The wait is a delay, not a lock: once it is over, the right words open the case.
    assert "We have your report" in sign_in(guesser, case.reference, words).content.decode()


def test_a_mistyped_receipt_on_a_shared_address_does_not_hold_up_other_pupils(client, school):
    # Thirty pupils of one school (one address) each mistype once and then get it right.
    cases = [submit(client) for _ in range(3)]
    for attempt in range(30):
        case, words = cases[attempt % 3]
        assert sign_in(client, case.reference, "mistyped words here x").status_code == 400
        assert "We have your report" in sign_in(client, case.reference, words).content.decode()


def test_one_client_guessing_many_references_is_throttled(client, school, settings):
    settings.FOLLOWUP_RATE_PER_CLIENT = "20/15m"  # read per request
    # Time stands still, so no rate-limit window can end halfway through the test.
    frozen = timezone.now().timestamp()
    with mock.patch("django_ratelimit.core.time.time", return_value=frozen):
        statuses = [
            sign_in(
                client, "ABCD-" + "".join("ABCDEFGHJK"[int(d)] for d in f"{i:04d}"), "a b c d e"
            ).status_code
            for i in range(25)
        ]
    assert statuses[:20] == [400] * 20
    assert set(statuses[20:]) == {429}


def test_status_in_plain_words_messages_shown_and_internal_notes_never(client, school, lead):
    case, words = submit(client)
    message_send(
        case=case,
        actor=lead,
        body="<p>Thank you. We are <strong>on it</strong>.</p><script>alert(1)</script>",
    )
    event_add(case=case, kind=EventKind.INTERNAL_NOTE, body="SECRET internal note", actor=lead)
    event_add(
        case=case,
        kind=EventKind.INTERNAL_NOTE,
        body="SECRET visible-flag note",
        actor=lead,
        visible_to_reporter=True,
    )
    Case.objects.filter(pk=case.pk).update(status=Status.IN_PROGRESS)
    body = sign_in(client, case.reference, words).content.decode()
    assert "The school is working on it" in body
    assert "We are <strong>on it</strong>" in body
    assert "<script>alert(1)" not in body
    assert "SECRET" not in body
    Case.objects.filter(pk=case.pk).update(status=Status.CLOSED)
    assert "Thank you for telling us" in sign_in(client, case.reference, words).content.decode()


def test_pupil_text_with_heart_and_script_is_shown_exactly_and_inert(client, school):
    text = "I <3 my friends but <script>alert('x')</script> was posted"
    case, words = submit(client, what_happened=text)
    assert case.report.what_happened == text
    body = sign_in(client, case.reference, words).content.decode()
    assert (
        "I &lt;3 my friends but &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; was posted"
        in body
    )
    assert "<script>alert('x')" not in body


def test_the_reporter_can_reply_and_add_evidence_and_leads_are_notified(client, school):
    case, words = submit(client)
    page = sign_in(client, case.reference, words).content.decode()
    reply = client.post(
        "/report/follow-up/",
        {
            "followup_token": token_of(page),
            "nav": "reply",
            "message": "It happened again <3",
            "evidence": [upload("again.jpg", jpeg_with_exif())],
        },
    )
    body = reply.content.decode()
    assert "Sent." in body and "the place this photo was taken" in body
    event = CaseEvent.objects.get(case=case, kind=EventKind.REPORTER_ADDITION)
    assert event.body == "It happened again <3" and event.visible_to_reporter
    assert EvidenceFile.objects.filter(case=case, event=event).count() == 1
    assert Notification.objects.filter(case=case, kind="reporter_message").exists()
    only_words = client.post(
        "/report/follow-up/",
        {"followup_token": token_of(body), "nav": "reply", "message": "thanks"},
    )
    assert (
        CaseEvent.objects.filter(
            case=case, kind=EventKind.MESSAGE_FROM_REPORTER, body__isnull=False
        ).count()
        == 1
    )
    assert "It happened again &lt;3" in only_words.content.decode()


def test_a_worrying_reply_raises_the_suggested_risk(client, school):
    case, words = submit(client, categories=["left_out"])
    assert Case.objects.get(pk=case.pk).risk == Risk.LOW
    page = sign_in(client, case.reference, words).content.decode()
    client.post(
        "/report/follow-up/",
        {"followup_token": token_of(page), "nav": "reply", "message": "I want to kill myself"},
    )
    case.refresh_from_db()
    assert case.suggested_risk == Risk.URGENT and case.risk == Risk.URGENT and case.risk_rank == 0


def test_the_follow_up_token_is_the_only_sign_in_and_it_expires(client, school):
    case, words = submit(client)
    page = sign_in(client, case.reference, words)
    assert not page.cookies.get("sessionid")
    token = token_of(page.content.decode())
    later = timezone.now() + timedelta(minutes=31)
    with mock.patch("cryptography.fernet.time.time", return_value=later.timestamp()):
        expired = client.post("/report/follow-up/", {"followup_token": token, "nav": "refresh"})
    assert "closed it after 30 minutes" in expired.content.decode()
    assert (
        "We have your report"
        in client.post("/report/follow-up/", {"followup_token": token}).content.decode()
    )
    forged = client.post("/report/follow-up/", {"followup_token": token[:-2] + "xx"})
    assert "We have your report" not in forged.content.decode()


def test_a_receipt_unused_for_too_long_expires_but_the_case_stays(client, school):
    case, words = submit(client)
    days = ReportingSettings.for_site(school).receipt_expiry_days
    Receipt.objects.filter(case=case).update(last_used_at=timezone.now() - timedelta(days=days + 1))
    body = sign_in(client, case.reference, words).content.decode()
    assert "expired" in body and "make a new report" in body
    assert (
        not Receipt.objects.filter(case=case).exists() and Case.objects.filter(pk=case.pk).exists()
    )


def test_a_receipt_from_another_school_does_not_open_here(client, school, other_school):
    case, words = submit(client)
    body = sign_in(Client(HTTP_HOST="other.example"), case.reference, words).content.decode()
    assert "could not open a report" in body


def test_no_files_can_be_added_to_a_nude_image_report(client, school):
    case, words = submit(client, categories=["sexual_image"])
    page = sign_in(client, case.reference, words).content.decode()
    assert 'type="file"' not in page
    client.post(
        "/report/follow-up/",
        {
            "followup_token": token_of(page),
            "nav": "reply",
            "message": "more",
            "evidence": [upload("x.jpg", jpeg_with_exif())],
        },
    )
    assert EvidenceFile.objects.count() == 0
