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


def test_each_receipt_has_its_own_salt_so_no_guessing_work_is_shared(settings):
    settings.RECEIPT_HASH_FAST_FOR_TESTS = False
    words = "apple tiger moon river cake"
    first, second = receipts.hash_passphrase(words), receipts.hash_passphrase(words)
    salt = re.compile(r"\$argon2id\$v=\d+\$[^$]+\$([^$]+)\$")
    assert salt.match(first).group(1) != salt.match(second).group(1)
    assert receipts.verify_passphrase(first, words) and receipts.verify_passphrase(second, words)


def test_receipts_hashed_at_an_earlier_cost_still_open(settings):
    """Changing PRODUCTION_COST must not lock out pupils holding older receipts."""
    settings.RECEIPT_HASH_FAST_FOR_TESTS = False
    words = "apple tiger moon river cake"
    older = receipts._hasher_for(time_cost=3, memory_cost=32 * 1024, parallelism=1).hash(
        receipts._peppered(words)
    )
    assert "m=32768,t=3" in older
    assert receipts.verify_passphrase(older, words)
    assert not receipts.verify_passphrase(older, "apple tiger moon river cakes")


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
