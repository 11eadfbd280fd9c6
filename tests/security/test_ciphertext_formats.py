"""The stored formats of reporting.crypto, attacked: a damaged or foreign blob is refused
with a message that says which, and a key id travels with every ciphertext.

Every message here is read by a technician restoring a backup at a bad moment; each is
checked in full.
"""

import base64
import io
import re
from datetime import date

import pytest

from reporting import crypto

KEYS = ",".join(
    f"{key_id}:{base64.b64encode(key).decode()}"
    for key_id, key in (("k-new", b"n" * 32), ("k_old", b"o" * 32))
)


@pytest.fixture(autouse=True)
def _keys(settings):
    settings.ENCRYPTION_KEYS = KEYS


def encrypted_file(data: bytes, **kwargs) -> bytes:
    out = io.BytesIO()
    crypto.encrypt_chunks([data], out, **kwargs)
    return out.getvalue()


def refusal(action) -> str:
    with pytest.raises(crypto.DecryptionError) as refused:
        action()
    return str(refused.value)


def test_text_carries_its_key_id_and_reads_back_under_either_key():
    new = crypto.encrypt_text("my words")
    old = crypto.encrypt_text("older words", key_id="k_old")
    assert crypto.text_key_id(new) == "k-new" and crypto.text_key_id(old) == "k_old"
    assert crypto.decrypt_text(new) == "my words" and crypto.decrypt_text(old) == "older words"
    assert "my words" not in new


@pytest.mark.parametrize("value", ["plain text", "enc1:k-new", "enc1", "", "enc2:k-new:abc"])
def test_text_that_is_not_a_ciphertext_has_no_key_id(value):
    assert crypto.text_key_id(value) is None


@pytest.mark.parametrize("value", ["plain text", "enc1:k-new", "enc2:k-new:AAAA"])
def test_text_that_is_not_a_ciphertext_is_refused_as_such(value):
    assert refusal(lambda: crypto.decrypt_text(value)) == "Not an Upstander ciphertext."


def test_tampered_or_relabelled_text_fails_authentication():
    sealed = crypto.encrypt_text("my words")
    prefix, key_id, blob = sealed.split(":", 2)
    raw = bytearray(base64.b64decode(blob))
    raw[-1] ^= 1
    flipped = f"{prefix}:{key_id}:{base64.b64encode(bytes(raw)).decode()}"
    # The key id is authenticated too: moving a ciphertext under another key fails.
    relabelled = f"{prefix}:k_old:{blob}"
    for damaged in (flipped, relabelled):
        assert refusal(lambda d=damaged: crypto.decrypt_text(d)) == (
            "Ciphertext failed authentication."
        )


def test_a_file_reads_back_whole_across_chunks_and_names_its_key():
    data = bytes(range(256)) * ((crypto.FILE_CHUNK_BYTES * 2) // 256 + 7)
    blob = encrypted_file(data, key_id="k_old")
    assert crypto.file_key_id(io.BytesIO(blob)) == "k_old"
    assert b"".join(crypto.decrypt_chunks(io.BytesIO(blob))) == data


def test_an_empty_file_reads_back_empty():
    assert b"".join(crypto.decrypt_chunks(io.BytesIO(encrypted_file(b"")))) == b""


def test_a_file_that_is_not_ours_is_refused_as_such():
    assert refusal(lambda: crypto.file_key_id(io.BytesIO(b"%PDF-1.7 not ours"))) == (
        "Not an Upstander encrypted file."
    )


@pytest.mark.parametrize("keep", [0, 3, len(crypto.FILE_MAGIC), len(crypto.FILE_MAGIC) + 3])
def test_a_file_cut_inside_its_header_is_refused_as_truncated(keep):
    blob = encrypted_file(b"evidence")[:keep]
    message = refusal(lambda: list(crypto.decrypt_chunks(io.BytesIO(blob))))
    assert message in {"Encrypted file is truncated.", "Not an Upstander encrypted file."}
    if keep >= len(crypto.FILE_MAGIC):
        assert message == "Encrypted file is truncated."


def test_a_file_cut_after_a_chunk_or_inside_one_is_refused():
    data = b"x" * (crypto.FILE_CHUNK_BYTES + 10)
    blob = encrypted_file(data)
    header = len(crypto.FILE_MAGIC) + 1 + len("k-new") + crypto.NONCE_PREFIX_BYTES
    first_chunk_end = header + 4 + crypto.FILE_CHUNK_BYTES + 16
    # Dropping the last chunk leaves a well-formed file whose last chunk is not marked last.
    assert refusal(lambda: list(crypto.decrypt_chunks(io.BytesIO(blob[:first_chunk_end])))) == (
        "Encrypted file failed authentication."
    )
    for cut in (first_chunk_end + 2, len(blob) - 1):
        assert refusal(lambda c=cut: list(crypto.decrypt_chunks(io.BytesIO(blob[:c])))) == (
            "Encrypted file is truncated."
        )
    # Header and prefix but no chunk at all.
    assert refusal(lambda: list(crypto.decrypt_chunks(io.BytesIO(blob[:header])))) == (
        "Encrypted file is truncated."
    )


def test_a_key_id_of_any_allowed_length_survives_the_file_header(settings):
    long_id = "k" * 40
    settings.ENCRYPTION_KEYS = f"{long_id}:{base64.b64encode(b'l' * 32).decode()},{KEYS}"
    blob = encrypted_file(b"evidence")
    assert crypto.file_key_id(io.BytesIO(blob)) == long_id
    assert b"".join(crypto.decrypt_chunks(io.BytesIO(blob))) == b"evidence"


def test_new_key_ids_carry_the_day_and_differ():
    first = crypto.new_key_id(today=date(2026, 12, 4))
    second = crypto.new_key_id(today=date(2026, 12, 4))
    assert re.fullmatch(r"k20261204[0-9a-f]{6}", first) and first != second
    assert crypto.new_key_id().startswith(f"k{date.today():%Y%m%d}")


def test_a_generated_key_line_is_a_valid_32_byte_key_under_its_id():
    line = crypto.generate_key_line("k-made")
    ring = crypto.parse_keyring(line)
    assert ring.active_id == "k-made" and len(ring.keys["k-made"]) == 32
    assert crypto.generate_key_line("k-made") != line
    assert crypto.parse_keyring(crypto.generate_key_line()).active_id.startswith("k")


@pytest.mark.parametrize("bad", ["has space", "k:1", "k" * 41])
def test_a_key_line_with_a_bad_id_is_refused(bad):
    with pytest.raises(ValueError) as refused:
        crypto.generate_key_line(bad)
    assert str(refused.value) == "A key id is letters, digits, '-' or '_' (up to 40)."
