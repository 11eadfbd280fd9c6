"""Receipt guessing: wrong answers of every kind look and cost the same; guessing is throttled.

tests/reporting/test_followup.py already shows: wrong words and an unknown reference give
the same page; an unknown reference runs one hash; wrong words slow down the client that
typed them with a doubling wait, never the reporter; one client guessing many references
is stopped. Added here: every kind of wrong answer (malformed reference, another school's
reference, wrong words, unknown reference) costs exactly one Argon2 verification and no
hashing, and gives byte-identical pages and the same headers; the wait gives no oracle
either (a real and a made-up reference are slowed alike), and cannot be dodged by
rewriting the reference.
"""

from __future__ import annotations

from unittest import mock

import pytest
from argon2 import PasswordHasher
from django.test import Client

from reporting import receipts

from .helpers import body_of, sign_in, submit_report, without_csrf

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(client, school, other_school):
    case, words, _ = submit_report(client)
    elsewhere, elsewhere_words, _ = submit_report(Client(HTTP_HOST="other.example"))
    return {"case": case, "words": words, "elsewhere": elsewhere}


def _wrong_answers(reported):
    case = reported["case"]
    return {
        "wrong words": (case.reference, "apple tiger moon river cake"),
        "unknown reference": ("ZZZZ-ZZZZ", reported["words"]),
        "malformed reference": ("not a reference!", reported["words"]),
        "another school's reference": (reported["elsewhere"].reference, reported["words"]),
        "words not from the list": (case.reference, "x" * 150),
    }


def _comparable(response, typed_reference: str) -> str:
    """The page without its CSRF token and without the reference the visitor typed back."""
    return without_csrf(body_of(response)).replace(typed_reference, "REFERENCE")


def test_every_wrong_answer_runs_exactly_one_slow_check_and_no_hashing(reported):
    # The dummy hash an unknown reference is checked against is made once per process
    # (on first use) and then cached: warm it, as any running server has.
    receipts.burn_dummy_check("warm up")
    counts = {}
    real_verify, real_hash = PasswordHasher.verify, PasswordHasher.hash
    for kind, (reference, words) in _wrong_answers(reported).items():
        with (
            mock.patch.object(
                PasswordHasher, "verify", autospec=True, side_effect=real_verify
            ) as v,
            mock.patch.object(PasswordHasher, "hash", autospec=True, side_effect=real_hash) as h,
        ):
            response = sign_in(Client(), reference, words)
        assert response.status_code == 400, kind
        counts[kind] = (v.call_count, h.call_count)
    assert set(counts.values()) == {(1, 0)}, counts
    # And the right answer costs the same: one verification, nothing else.
    with mock.patch.object(PasswordHasher, "verify", autospec=True, side_effect=real_verify) as v:
        ok = sign_in(Client(), reported["case"].reference, reported["words"])
    assert "We have your report" in body_of(ok) and v.call_count == 1


def test_every_wrong_answer_gets_the_same_page_byte_for_byte_and_the_same_headers(reported):
    pages, headers = {}, {}
    for kind, (reference, words) in _wrong_answers(reported).items():
        response = sign_in(Client(), reference, words)
        shown = receipts.normalise_reference(reference) or reference
        pages[kind] = (response.status_code, _comparable(response, shown))
        headers[kind] = sorted(
            (name, value)
            for name, value in response.headers.items()
            if name not in {"Content-Length", "Set-Cookie"}
        )
    assert len(set(pages.values())) == 1, {kind: page[0] for kind, page in pages.items()}
    assert len({tuple(value) for value in headers.values()}) == 1


def test_a_real_and_a_made_up_reference_are_throttled_alike(reported, clock):
    real = reported["case"].reference
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for reference in (real, "ZZZZ-ZZZZ"):
        for _attempt in range(5):
            sign_in(guesser, reference, "a b c d e")
    throttled = {
        reference: sign_in(guesser, reference, "a b c d e") for reference in (real, "ZZZZ-ZZZZ")
    }
    assert {response.status_code for response in throttled.values()} == {429}
    assert {response["Retry-After"] for response in throttled.values()} == {"5"}
    assert _comparable(throttled[real], real) == _comparable(throttled["ZZZZ-ZZZZ"], "ZZZZ-ZZZZ")


def test_rewriting_the_reference_does_not_reset_the_wait(reported, clock):
    case, words = reported["case"], reported["words"]
    letters = case.reference.replace("-", "")
    spellings = [
        case.reference,
        case.reference.lower(),
        letters,
        f" {letters[:4]} {letters[4:]} ",
        f"{letters[:4]}.{letters[4:]}",
    ]
    guesser = Client(REMOTE_ADDR="192.0.2.7")
    statuses = [
        sign_in(guesser, spellings[i % len(spellings)], f"wrong guess number {i} here").status_code
        for i in range(8)
    ]
    assert statuses[:5] == [400] * 5 and set(statuses[5:]) == {429}
    # Paused for now, even for the right words: the guesser learns nothing from a hit.
    assert sign_in(guesser, case.reference, words).status_code == 429
    # The reporter elsewhere is never held up by someone else's guesses.
    assert "We have your report" in body_of(
        sign_in(Client(REMOTE_ADDR="192.0.2.200"), case.reference, words)
    )
    clock.advance(5)
    assert "We have your report" in body_of(sign_in(guesser, case.reference, words))
