"""Receipt passphrases: enough entropy from `secrets`, child-spellable words, only a peppered slow hash kept."""

import re

import pytest

from reporting import receipts


def test_word_list_is_long_enough_for_fifty_bits_in_five_words():
    words = receipts.word_list()
    assert len(words) >= 1296 and len(set(words)) == len(words)
    assert all(re.fullmatch(r"[a-z]{3,9}", word) for word in words)
    assert receipts.entropy_bits() >= 50


def test_passphrases_are_five_list_words_and_differ_each_time():
    phrases = {receipts.generate_passphrase() for _ in range(200)}
    assert len(phrases) == 200
    assert all(receipts.is_well_formed(p) and len(p.split()) == 5 for p in phrases)


def test_hash_is_argon2id_peppered_and_verifies_forgivingly(settings):
    words = "apple tiger moon river cake"
    stored = receipts.hash_passphrase(words)
    assert stored.startswith("$argon2id$") and "apple" not in stored
    assert receipts.verify_passphrase(stored, "Apple, Tiger - moon  river cake")
    assert not receipts.verify_passphrase(stored, "apple tiger moon river cakes")
    settings.RECEIPT_PEPPER = "a different pepper"
    assert not receipts.verify_passphrase(stored, words)  # the database alone is not enough


def test_production_cost_is_stronger_than_the_owasp_minimum(settings):
    settings.RECEIPT_HASH_FAST_FOR_TESTS = False
    stored = receipts.hash_passphrase("apple tiger moon river cake")
    memory, time_cost = re.search(r"m=(\d+),t=(\d+)", stored).groups()
    assert int(memory) >= 19 * 1024 and int(time_cost) >= 2


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("abcd-efgh", "ABCD-EFGH"),
        (" ABCD EFGH ", "ABCD-EFGH"),
        ("abcdefgh", "ABCD-EFGH"),
        ("abc", ""),
        ("", ""),
    ],
)
def test_references_are_normalised(raw, expected):
    assert receipts.normalise_reference(raw) == expected
