"""How ENCRYPTION_KEYS is read (reporting.crypto.parse_keyring).

A mistake here either stops the site (the safe way) or, worse, encrypts under a key
nobody kept: each rule the docs give for the setting is tried from both sides.
"""

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured

from reporting import crypto

KEY_A = b"a" * 32
KEY_B = b"b" * 32


def pair(key_id: str, key: bytes) -> str:
    return f"{key_id}:{base64.b64encode(key).decode()}"


def test_the_first_key_encrypts_and_every_key_is_kept():
    ring = crypto.parse_keyring(f"{pair('new', KEY_B)},{pair('old', KEY_A)}")
    assert ring.active_id == "new"
    assert ring.keys == {"new": KEY_B, "old": KEY_A}
    assert ring.key("old") == KEY_A


def test_spaces_and_empty_items_around_pairs_are_ignored():
    ring = crypto.parse_keyring(f" , {pair('k1', KEY_A)} ,, {pair('k2', KEY_B)} ,")
    assert ring.active_id == "k1"
    assert ring.keys == {"k1": KEY_A, "k2": KEY_B}


def test_spaces_around_an_id_are_not_part_of_it():
    ring = crypto.parse_keyring(f"k1 :{base64.b64encode(KEY_A).decode()}")
    assert ring.keys == {"k1": KEY_A}


@pytest.mark.parametrize(
    "raw",
    [
        base64.b64encode(KEY_A).decode(),  # no id at all
        "k1" + base64.b64encode(KEY_A).decode(),  # no separator
        pair("has space", KEY_A),
        pair("k/1", KEY_A),
        pair("", KEY_A),
        pair("k" * 41, KEY_A),
    ],
)
def test_a_pair_without_a_valid_id_is_refused(raw):
    with pytest.raises(ImproperlyConfigured) as refused:
        crypto.parse_keyring(raw)
    # The technician reads this at start-up: it must say what the setting looks like.
    assert str(refused.value) == (
        "ENCRYPTION_KEYS must be 'id:base64key' pairs separated by commas "
        "(an id is letters, digits, '-' or '_')."
    )


def test_the_longest_allowed_id_is_accepted():
    assert crypto.parse_keyring(pair("k" * 40, KEY_A)).active_id == "k" * 40


@pytest.mark.parametrize("length", [16, 31, 33, 64])
def test_a_key_that_is_not_32_bytes_is_refused(length):
    with pytest.raises(ImproperlyConfigured, match="'k1' must be 32 bytes"):
        crypto.parse_keyring(pair("k1", b"x" * length))


def test_a_second_key_under_the_same_id_is_refused_not_swapped_in():
    with pytest.raises(ImproperlyConfigured) as refused:
        crypto.parse_keyring(f"{pair('k1', KEY_A)},{pair('k1', KEY_B)}")
    assert str(refused.value) == (
        "ENCRYPTION_KEYS lists the key id 'k1' twice. Every key needs its own "
        "id: give the new key a new id (`manage.py generate_encryption_key` makes "
        "one) and keep the old key, with its old id, after it."
    )


@pytest.mark.parametrize("raw", ["", " ", ",", " , ,"])
def test_a_setting_with_no_key_is_refused(raw):
    with pytest.raises(ImproperlyConfigured) as refused:
        crypto.parse_keyring(raw)
    assert str(refused.value) == "ENCRYPTION_KEYS names no key."


def test_an_unknown_key_id_is_a_decryption_error_naming_it():
    ring = crypto.parse_keyring(pair("k1", KEY_A))
    with pytest.raises(crypto.DecryptionError, match="'gone'"):
        ring.key("gone")
