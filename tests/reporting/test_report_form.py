"""The /report/ form: steps, answers kept, danger now, the nude-image path, files, limits, integrity."""

import re

import pytest
from django.test import Client
from wagtail.models import Site

from reporting.choices import Risk
from reporting.evidence import store
from reporting.models import Case, EvidenceFile, Notification, PendingUpload, Receipt, Report
from tests.reporting.conftest import HTML, SVG, jpeg_with_exif, png_bomb, report_data, upload

pytestmark = pytest.mark.django_db


def hidden(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)


def evidence_files_on_disk() -> list:
    root = store.evidence_root()
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_the_form_works_step_by_step_and_back_keeps_answers(client, school):
    page = client.get("/report/").content.decode()
    token = hidden(page, "submission_token")[0]
    words = hidden(page, "receipt_words")[0]
    base = {"submission_token": token, "receipt_words": words}
    step1 = client.post(
        "/report/", {**base, "step": "0", "nav": "next", "danger_now": "no", "reporter_role": "me"}
    )
    assert "Step 2 of 5" in step1.content.decode()
    data = {
        **base,
        "danger_now": "no",
        "reporter_role": "me",
        "categories": ["threats"],
        "platform": "roblox",
        "when_happened": "today",
        "where_detail": "",
    }
    step2 = client.post("/report/", {**data, "step": "1", "nav": "next"})
    assert "Step 3 of 5" in step2.content.decode()
    # The answers from step 1 and 2 travel as hidden fields, not in a session.
    assert hidden(step2.content.decode(), "categories") == ["threats"]
    assert "sessionid" not in step2.cookies
    data["what_happened"] = "Someone said <3 they'd get me"
    back = client.post("/report/", {**data, "step": "2", "nav": "back"}).content.decode()
    assert "Step 2 of 5" in back
    assert 'value="threats"' in back and "checked" in back.split('value="threats"')[1][:40]
    # What was typed on step 3 is carried while on step 2, exactly as typed (escaped in HTML).
    assert "Someone said &lt;3 they&#x27;d get me" in back
    sent = client.post(
        "/report/", {**data, "step": "4", "nav": "send", "people_involved": ""}, follow=True
    )
    assert sent.status_code == 200, sent.content.decode()[:2000]
    case = Case.objects.get()
    assert case.report.what_happened == "Someone said <3 they'd get me"
    assert case.categories == ["threats"] and case.platform == "roblox"


def test_next_with_a_missing_answer_shows_an_error_and_stays(client, school):
    response = client.post(
        "/report/", {**report_data(), "step": "0", "nav": "next", "danger_now": ""}, follow=True
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Step 1 of 5" in body and "Please tell us if anyone is in danger right now." in body


def test_danger_now_shows_call_999_before_anything_else_and_marks_the_case_urgent(client, school):
    response = client.post(
        "/report/", report_data(danger_now="yes", step="0", nav="next"), follow=True
    )
    body = response.content.decode()
    banner = body.index('class="danger-banner"')
    assert banner < body.index("<main") and banner < body.index('class="site-header"')
    assert 'call <a href="tel:999">999</a> now' in body
    done = client.post("/report/", report_data(danger_now="yes"), follow=True)
    assert 'class="danger-banner"' in done.content.decode()
    case = Case.objects.get()
    assert case.danger_now and case.risk == Risk.URGENT and case.risk_rank == 0
    assert case.suggested_risk == Risk.URGENT and not case.risk_confirmed


def test_every_question_and_category_is_asked(client, school):
    body = client.get("/report/").content.decode()
    for role in ("me", "someone_else", "parent", "staff"):
        assert f'value="{role}"' in body
    what = client.post("/report/", report_data(step="0", nav="next"), follow=True).content.decode()
    for category in (
        "nasty_messages",
        "pictures_videos",
        "calls",
        "chat_social_gaming",
        "impersonation",
        "private_things",
        "left_out",
        "hate_groups",
        "threats",
        "sexual_image",
        "self_harm",
        "other",
    ):
        assert f'value="{category}"' in what
    assert 'name="platform"' in what and 'name="when_happened"' in what
    tell = client.post("/report/", report_data(step="1", nav="next"), follow=True).content.decode()
    assert 'name="what_happened"' in tell and 'name="people_involved"' in tell
    files = client.post("/report/", report_data(step="2", nav="next"), follow=True).content.decode()
    assert 'type="file"' in files and "multiple" in files
    you = client.post("/report/", report_data(step="3", nav="next"), follow=True).content.decode()
    assert 'name="say_who"' in you and "only be helped that way" in you
    assert (
        "How anonymous is this?" in body and client.get("/report/how-anonymous/").status_code == 200
    )


def test_how_anonymous_page_explains_ceop_and_emergencies(client, school):
    body = client.get("/report/how-anonymous/").content.decode()
    assert "CEOP" in body and "<strong>not</strong> anonymous" in body and "999" in body
    assert "IP address" in body


def test_nude_image_path_accepts_no_image_and_still_creates_an_urgent_case(client, school):
    step = client.post(
        "/report/", report_data(categories=["sexual_image"], step="2", nav="next"), follow=True
    )
    body = step.content.decode()
    assert 'type="file"' not in body
    assert "Report Remove" in body and "0800 1111" in body
    response = client.post(
        "/report/",
        {
            **report_data(categories=["sexual_image"]),
            "evidence": [upload("nude.jpg", jpeg_with_exif())],
        },
        follow=True,
    )
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.risk == Risk.URGENT and case.categories == ["sexual_image"]
    assert EvidenceFile.objects.count() == 0 and PendingUpload.objects.count() == 0
    assert evidence_files_on_disk() == []


def test_files_added_before_choosing_the_nude_image_category_are_deleted(client, school):
    first = client.post(
        "/report/",
        {**report_data(step="3", nav="next"), "evidence": [upload("a.jpg", jpeg_with_exif())]},
        follow=True,
    )
    held = hidden(first.content.decode(), "held_files")
    assert len(held) == 1 and len(evidence_files_on_disk()) == 1
    client.post("/report/", report_data(categories=["sexual_image"], held_files=held), follow=True)
    assert EvidenceFile.objects.count() == 0 and PendingUpload.objects.count() == 0
    assert evidence_files_on_disk() == []


def test_the_case_belongs_to_the_school_whose_site_received_it(other_school, school):
    Client(HTTP_HOST="other.example").post("/report/", report_data(), follow=True)
    assert Case.objects.get().school == other_school


def test_a_report_with_evidence_is_saved_with_everything_in_one_go(post_report, school):
    response = post_report(files=[upload("my photo.jpg", jpeg_with_exif())])
    body = response.content.decode()
    case = Case.objects.get()
    assert Report.objects.filter(case=case).exists() and Receipt.objects.filter(case=case).exists()
    evidence = EvidenceFile.objects.get(case=case)
    assert (
        evidence.cleaned
        and evidence.original_name == "my photo.jpg"
        and evidence.event.kind == "report"
    )
    assert Notification.objects.filter(case=case, kind="new_report").exists()
    assert PendingUpload.objects.count() == 0
    assert case.reference in body and "the place this photo was taken" in body
    assert "phone or camera&#x27;s make and model" in body


def test_receipt_is_shown_once_with_advice_and_only_its_hash_is_stored(post_report, school):
    words = "apple tiger moon river cake"
    body = post_report(receipt_words=words).content.decode()
    assert f'id="receipt-words">{words}<' in body
    assert "only show you these once" in body
    receipt = Receipt.objects.get()
    assert words not in receipt.passphrase_hash and receipt.passphrase_hash.startswith("$argon2id$")


@pytest.mark.parametrize(
    ("name", "data"),
    [("drawing.svg", SVG), ("photo.jpg", HTML), ("bomb.png", png_bomb())],
)
def test_refused_file_saves_nothing_and_keeps_everything_typed_and_other_files(
    post_report, school, name, data
):
    response = post_report(
        what_happened="My words <3 stay",
        files=[upload("good.jpg", jpeg_with_exif()), upload(name, data)],
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert (
        Case.objects.count() == 0
        and Receipt.objects.count() == 0
        and EvidenceFile.objects.count() == 0
    )
    assert "Some files could not be added" in body and name in body
    assert "My words &lt;3 stay" in body
    # The good file is held server-side, encrypted, referenced by a token in the page.
    held = hidden(body, "held_files")
    assert len(held) == 1 and PendingUpload.objects.count() == 1
    # Sending again without re-uploading attaches the held file.
    data = report_data(what_happened="My words <3 stay", held_files=held)
    data["submission_token"] = hidden(body, "submission_token")[0]
    data["receipt_words"] = hidden(body, "receipt_words")[0]
    Client().post("/report/", data, follow=True)
    case = Case.objects.get()
    assert case.evidence.count() == 1 and PendingUpload.objects.count() == 0


def test_oversized_request_is_refused_before_the_body_is_read(client, school, settings):
    settings.EVIDENCE_MAX_REPORT_BYTES = 1024

    class Exploding:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    response = client.generic(
        "POST",
        "/report/",
        b"",
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(10 * 1024 * 1024 * 1024),
        **{"wsgi.input": Exploding()},
    )
    assert response.status_code == 413
    body = response.content.decode()
    assert "too big" in body and "999" in body
    assert Case.objects.count() == 0


def test_too_many_files_are_refused_with_a_clear_message(post_report, school, settings):
    settings.EVIDENCE_MAX_FILES = 1
    response = post_report(
        files=[upload("a.txt", b"one", "text/plain"), upload("b.txt", b"two", "text/plain")]
    )
    assert "too many files" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_double_submit_creates_exactly_one_case_and_shows_the_same_receipt(client, school):
    data = report_data()
    first = client.post("/report/", data, follow=True)
    second = client.post("/report/", data, follow=True)
    assert Case.objects.count() == 1 and Notification.objects.count() == 1
    reference = Case.objects.get().reference
    assert reference in first.content.decode() and reference in second.content.decode()
    assert data["receipt_words"] in second.content.decode()


def test_a_replayed_token_with_other_words_does_not_reveal_anything(client, school):
    data = report_data()
    client.post("/report/", data, follow=True)
    replay = client.post("/report/", {**data, "receipt_words": "apple tiger moon river cake"})
    assert "already sent" in replay.content.decode()
    assert Case.objects.get().reference not in replay.content.decode()


def test_the_honeypot_stops_bots(post_report, school):
    response = post_report(website="http://spam.example")
    assert response.status_code == 400 and Case.objects.count() == 0


def test_csrf_is_enforced(school):
    response = Client(enforce_csrf_checks=True).post("/report/", report_data(), follow=True)
    assert response.status_code == 403 and Case.objects.count() == 0


def test_a_rate_limited_pupil_still_sees_999_childline_and_the_school_contact(
    client, school, settings
):
    from reporting.models import ReportingSettings

    rs = ReportingSettings.for_site(school)
    rs.urgent_contact = "Call the school office on 01234 567890"
    rs.save()
    settings.REPORT_RATE_PER_CLIENT = "2/h"  # read per request: no restart needed
    for _ in range(2):
        assert client.post("/report/", report_data(), follow=True).status_code == 200
    limited = client.post("/report/", report_data(what_happened="kept <3"), follow=True)
    body = limited.content.decode()
    assert limited.status_code == 429
    assert "999" in body and "0800 1111" in body and "01234 567890" in body
    assert "kept &lt;3" in body  # nothing typed is lost
    assert Case.objects.count() == 2


def test_report_pages_are_not_cached_send_no_referrer_and_set_no_lasting_cookie(client, school):
    responses = [
        client.get("/report/"),
        client.post("/report/", report_data(step="0", nav="next"), follow=True),
        client.post("/report/", report_data(), follow=True),
        client.get("/report/how-anonymous/"),
        client.get("/report/follow-up/"),
        client.post("/report/follow-up/", {"reference": "ABCD-EFGH", "passphrase": "a b c d e"}),
    ]
    for response in responses:
        assert "no-store" in response["Cache-Control"]
        # Nothing leaves for another site; see reporting.views.report_page for why not no-referrer.
        assert response["Referrer-Policy"] == "same-origin"
        for morsel in response.cookies.values():
            assert not morsel["expires"] and not morsel["max-age"], morsel.output()


def test_self_harm_words_make_the_case_urgent_and_show_childline(post_report, school):
    body = post_report(
        categories=["other"], what_happened="my friend said she wants to kill herself and self harm"
    ).content.decode()
    assert Case.objects.get().risk == Risk.URGENT
    assert "Childline" in body


def test_out_of_hours_confirmation_says_when_it_will_be_read(post_report, school):
    from reporting.models import ReportingSettings

    rs = ReportingSettings.for_site(school)
    rs.school_days = ""  # never open: always out of hours
    rs.urgent_contact = "Text the duty lead on 07700 900000"
    rs.save()
    body = post_report().content.decode()
    assert "School is closed right now" in body and "07700 900000" in body and "999" in body


def test_unknown_host_without_default_site_is_not_found(client, school):
    Site.objects.update(is_default_site=False)
    assert Client(HTTP_HOST="nowhere.example").get("/report/").status_code == 404
