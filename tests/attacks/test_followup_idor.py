"""IDOR on the anonymous follow-up: a valid receipt for case A never reads or writes case B.

The back-office URLs (every case, evidence, message, export and records URL, for every
role and for another school's lead) are enumerated in tests/triage/test_access.py and
tests/records/test_access.py; this file extends the same idea to the reporter's side,
where the only "sign-in" is an encrypted token in a hidden field.
"""

from __future__ import annotations

import base64
import json

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from reporting.choices import EventKind
from reporting.models import CaseEvent, EvidenceFile, Receipt
from reporting.sealed import _fernet
from reporting.services.submission import FOLLOWUP_TOKEN_SALT, _receipt_fingerprint
from tests.reporting.conftest import upload
from tests.security.helpers import verified_login

from .helpers import body_of, followup_token, sign_in, submit_report

pytestmark = pytest.mark.django_db

SIGNED_IN = "We have your report"


@pytest.fixture
def two_cases(client, school):
    a, a_words, _ = submit_report(client, what_happened="ALPHA report text")
    b, b_words, _ = submit_report(
        Client(),
        what_happened="BRAVO report text",
        files=[upload("bravo.txt", b"BRAVO evidence\n", "text/plain")],
    )
    return {"a": a, "a_words": a_words, "b": b, "b_words": b_words}


def _events(case):
    return CaseEvent.objects.filter(case=case).count()


def _token_for(case_id, fingerprint, *, secret=None) -> str:
    payload = json.dumps({"c": str(case_id), "r": fingerprint}).encode()
    return _fernet(FOLLOWUP_TOKEN_SALT, secret).encrypt(payload).decode()


def _flip_a_byte(token: str, position: int) -> str:
    raw = bytearray(base64.urlsafe_b64decode(token))
    raw[position] ^= 0x01
    return base64.urlsafe_b64encode(bytes(raw)).decode()


def test_the_token_does_not_show_which_case_it_opens(client, two_cases):
    a = two_cases["a"]
    token = followup_token(body_of(sign_in(client, a.reference, two_cases["a_words"])))
    raw = base64.urlsafe_b64decode(token)
    for form in (str(a.pk), a.pk.hex, a.reference):
        assert form not in token
        assert form.encode() not in raw
    assert a.pk.bytes not in raw
    # And it is the real sign-in: it opens the case it was made for.
    assert SIGNED_IN in body_of(client.post("/report/follow-up/", {"followup_token": token}))


def test_swapping_the_case_inside_a_token_opens_nothing(client, two_cases):
    a, b = two_cases["a"], two_cases["b"]
    a_receipt = Receipt.objects.get(case=a)
    b_events = _events(b)
    a_token = followup_token(body_of(sign_in(client, a.reference, two_cases["a_words"])))
    forged = [
        # B's id with A's receipt fingerprint, properly encrypted (as if the attacker had the key).
        _token_for(b.pk, _receipt_fingerprint(a_receipt)),
        # B's id and B's fingerprint, under a key the attacker made up.
        _token_for(b.pk, _receipt_fingerprint(Receipt.objects.get(case=b)), secret="guess"),
        # The old signed form of a token, naming B.
        signing.dumps({"c": str(b.pk), "r": "x"}, salt=FOLLOWUP_TOKEN_SALT),
        # A's real token with bits of its ciphertext and of its MAC flipped.
        _flip_a_byte(a_token, 30),
        _flip_a_byte(a_token, -5),
    ]
    for token in forged:
        for nav in ("open", "reply"):
            response = client.post(
                "/report/follow-up/",
                {"followup_token": token, "nav": nav, "message": "written into B?"},
            )
            html = body_of(response)
            assert "BRAVO" not in html and b.reference not in html
            assert SIGNED_IN not in html
    assert _events(b) == b_events


def test_extra_fields_naming_another_case_are_ignored(client, two_cases):
    a, b = two_cases["a"], two_cases["b"]
    page = body_of(sign_in(client, a.reference, two_cases["a_words"]))
    response = client.post(
        "/report/follow-up/",
        {
            "followup_token": followup_token(page),
            "nav": "reply",
            "message": "meant for A only",
            "reference": b.reference,
            "passphrase": two_cases["b_words"],
            "case": str(b.pk),
            "case_id": str(b.pk),
        },
    )
    html = body_of(response)
    assert "ALPHA report text" in html and "BRAVO" not in html
    assert [
        e.body for e in CaseEvent.objects.filter(case=a, kind=EventKind.MESSAGE_FROM_REPORTER)
    ] == ["meant for A only"]
    assert not CaseEvent.objects.filter(case=b, kind=EventKind.MESSAGE_FROM_REPORTER).exists()


def test_a_receipt_of_one_case_with_the_reference_of_another_opens_neither(client, two_cases):
    a, b = two_cases["a"], two_cases["b"]
    for reference, words in [
        (b.reference, two_cases["a_words"]),
        (a.reference, two_cases["b_words"]),
    ]:
        html = body_of(sign_in(client, reference, words))
        assert "ALPHA" not in html and "BRAVO" not in html and SIGNED_IN not in html


def test_a_token_from_one_school_does_not_open_on_another_schools_site(
    client, two_cases, other_school
):
    a = two_cases["a"]
    token = followup_token(body_of(sign_in(client, a.reference, two_cases["a_words"])))
    elsewhere = Client(HTTP_HOST="other.example")
    for nav in ("open", "reply"):
        html = body_of(
            elsewhere.post(
                "/report/follow-up/", {"followup_token": token, "nav": nav, "message": "x"}
            )
        )
        assert "ALPHA" not in html and SIGNED_IN not in html


def test_a_token_stops_working_when_its_receipt_is_replaced(client, two_cases):
    a = two_cases["a"]
    token = followup_token(body_of(sign_in(client, a.reference, two_cases["a_words"])))
    Receipt.objects.filter(case=a).update(passphrase_hash="$argon2id$v=19$m=8,t=1,p=1$new$new")
    html = body_of(client.post("/report/follow-up/", {"followup_token": token, "nav": "open"}))
    assert "ALPHA" not in html and SIGNED_IN not in html


def test_the_follow_up_page_links_to_no_evidence_and_staff_sessions_grant_nothing(
    client, two_cases, lead
):
    b = two_cases["b"]
    page = body_of(sign_in(client, b.reference, two_cases["b_words"]))
    assert "bravo.txt" in page  # the reporter sees the names of the files they sent…
    evidence = EvidenceFile.objects.get(case=b)
    assert str(evidence.pk) not in page and evidence.storage_key not in page  # …and no way in
    assert "/admin/" not in page

    # A signed-in lead of the same school has no back door into the reporter's page.
    staff = Client()
    verified_login(staff, lead)
    html = body_of(staff.post("/report/follow-up/", {"reference": b.reference, "nav": "open"}))
    assert "BRAVO" not in html and SIGNED_IN not in html
    # And the evidence is not served by any public URL.
    for url in [
        f"/media/{evidence.storage_key}",
        f"/report/{evidence.storage_key}",
        f"/report/evidence/{evidence.pk}/",
        f"/documents/{evidence.pk}/",
    ]:
        assert Client().get(url).status_code == 404, url
    response = Client().get(reverse("reporting_triage:evidence", args=[b.pk, evidence.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_evidence_store_is_outside_every_served_folder():
    from pathlib import Path

    from upstander.settings import base

    evidence = Path(base.EVIDENCE_ROOT).resolve()
    for served in (base.MEDIA_ROOT, base.STATIC_ROOT):
        served = Path(served).resolve()
        assert served != evidence
        assert served not in evidence.parents and evidence not in served.parents
