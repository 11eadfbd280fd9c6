"""Encryption at rest for what pupils tell us: report text, names, messages, evidence.

AES-256-GCM from `cryptography`. Keys come from settings.ENCRYPTION_KEYS as
"id:base64key" pairs; the first encrypts, every listed key decrypts, and each
ciphertext carries its key id so `rotate_encryption_key` can re-encrypt.

Files are encrypted in fixed-size chunks so a 20 MB photo never sits whole in
memory. Each chunk's nonce holds its index, and its associated data says
whether it is the last, so chunks cannot be reordered, dropped or the file
truncated without decryption failing.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import BinaryIO

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TEXT_PREFIX = "enc1"
FILE_MAGIC = b"UPEV1\n"
FILE_CHUNK_BYTES = 64 * 1024
NONCE_PREFIX_BYTES = 8
# Stored with every ciphertext (one byte of length in a file's header).
KEY_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,40}")


class DecryptionError(Exception):
    """Ciphertext that is damaged, tampered with, or under an unknown key."""


@dataclass(frozen=True)
class Keyring:
    active_id: str
    keys: dict[str, bytes]

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError as error:
            raise DecryptionError(f"No key with id {key_id!r} is configured.") from error


def parse_keyring(raw: str) -> Keyring:
    keys: dict[str, bytes] = {}
    active_id = None
    for item in raw.split(","):
        item = item.strip()
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        key_id = key_id.strip()
        if not sep or not KEY_ID_PATTERN.fullmatch(key_id):
            raise ImproperlyConfigured(
                "ENCRYPTION_KEYS must be 'id:base64key' pairs separated by commas "
                "(an id is letters, digits, '-' or '_')."
            )
        key = base64.b64decode(encoded)
        if len(key) != 32:
            raise ImproperlyConfigured(
                f"Encryption key {key_id!r} must be 32 bytes (base64 of 32 random bytes)."
            )
        if key_id in keys:
            # A second key under the same id would silently replace the first, and
            # everything encrypted with the first would then fail to decrypt.
            raise ImproperlyConfigured(
                f"ENCRYPTION_KEYS lists the key id {key_id!r} twice. Every key needs its own "
                "id: give the new key a new id (`manage.py generate_encryption_key` makes "
                "one) and keep the old key, with its old id, after it."
            )
        keys[key_id] = key
        active_id = active_id or key_id
    if active_id is None:
        raise ImproperlyConfigured("ENCRYPTION_KEYS names no key.")
    return Keyring(active_id=active_id, keys=keys)


@lru_cache(maxsize=4)
def _keyring_for(raw: str) -> Keyring:
    return parse_keyring(raw)


def keyring() -> Keyring:
    return _keyring_for(settings.ENCRYPTION_KEYS)


def new_key_id(*, today: date | None = None) -> str:
    """A key id no other key will have: the day it was made, and random letters.

    The date tells a technician which key is older; the random part keeps two
    keys made the same day (or on two servers) apart.
    """
    today = today or date.today()
    return f"k{today:%Y%m%d}{secrets.token_hex(3)}"


def generate_key_line(key_id: str | None = None) -> str:
    key_id = key_id or new_key_id()
    if not KEY_ID_PATTERN.fullmatch(key_id):
        raise ValueError("A key id is letters, digits, '-' or '_' (up to 40).")
    return f"{key_id}:{base64.b64encode(os.urandom(32)).decode()}"


# --- Text ---------------------------------------------------------------------------


def encrypt_text(plaintext: str, *, key_id: str | None = None) -> str:
    ring = keyring()
    key_id = key_id or ring.active_id
    nonce = os.urandom(12)
    sealed = AESGCM(ring.key(key_id)).encrypt(nonce, plaintext.encode("utf-8"), key_id.encode())
    return f"{TEXT_PREFIX}:{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def text_key_id(ciphertext: str) -> str | None:
    parts = ciphertext.split(":", 2)
    return parts[1] if len(parts) == 3 and parts[0] == TEXT_PREFIX else None


def decrypt_text(ciphertext: str) -> str:
    try:
        prefix, key_id, encoded = ciphertext.split(":", 2)
    except ValueError as error:
        raise DecryptionError("Not an Upstander ciphertext.") from error
    if prefix != TEXT_PREFIX:
        raise DecryptionError("Not an Upstander ciphertext.")
    blob = base64.b64decode(encoded)
    try:
        plain = AESGCM(keyring().key(key_id)).decrypt(blob[:12], blob[12:], key_id.encode())
    except Exception as error:
        raise DecryptionError("Ciphertext failed authentication.") from error
    return plain.decode("utf-8")


# --- Files --------------------------------------------------------------------------


@dataclass(frozen=True)
class EncryptedFileInfo:
    key_id: str
    stored_sha256: str
    stored_bytes: int
    plaintext_bytes: int


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


def _aad(key_id: str, index: int, last: bool) -> bytes:
    return f"{key_id}|{index}|{'last' if last else 'more'}".encode()


def encrypt_chunks(
    chunks: Iterable[bytes], destination: BinaryIO, *, key_id: str | None = None
) -> EncryptedFileInfo:
    """Encrypt plaintext chunks into `destination`; return the stored bytes' SHA-256."""
    ring = keyring()
    key_id = key_id or ring.active_id
    cipher = AESGCM(ring.key(key_id))
    prefix = os.urandom(NONCE_PREFIX_BYTES)
    digest = hashlib.sha256()
    stored = 0
    plain_total = 0

    def write(data: bytes) -> None:
        nonlocal stored
        destination.write(data)
        digest.update(data)
        stored += len(data)

    encoded_id = key_id.encode()
    write(FILE_MAGIC + struct.pack(">B", len(encoded_id)) + encoded_id + prefix)

    def rechunk() -> Iterator[bytes]:
        buffer = b""
        for piece in chunks:
            buffer += piece
            while len(buffer) >= FILE_CHUNK_BYTES:
                yield buffer[:FILE_CHUNK_BYTES]
                buffer = buffer[FILE_CHUNK_BYTES:]
        yield buffer

    index = 0
    pending = None
    for block in rechunk():
        if pending is not None:
            sealed = cipher.encrypt(_nonce(prefix, index), pending, _aad(key_id, index, last=False))
            write(struct.pack(">I", len(sealed)) + sealed)
            index += 1
        plain_total += len(block)
        pending = block
    sealed = cipher.encrypt(_nonce(prefix, index), pending or b"", _aad(key_id, index, last=True))
    write(struct.pack(">I", len(sealed)) + sealed)
    return EncryptedFileInfo(
        key_id=key_id,
        stored_sha256=digest.hexdigest(),
        stored_bytes=stored,
        plaintext_bytes=plain_total,
    )


def _read_exact(source: BinaryIO, size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise DecryptionError("Encrypted file is truncated.")
    return data


def file_key_id(source: BinaryIO) -> str:
    if _read_exact(source, len(FILE_MAGIC)) != FILE_MAGIC:
        raise DecryptionError("Not an Upstander encrypted file.")
    (length,) = struct.unpack(">B", _read_exact(source, 1))
    return _read_exact(source, length).decode()


def decrypt_chunks(source: BinaryIO) -> Iterator[bytes]:
    """Yield the plaintext of an encrypted file, chunk by chunk, verifying each."""
    key_id = file_key_id(source)
    cipher = AESGCM(keyring().key(key_id))
    prefix = _read_exact(source, NONCE_PREFIX_BYTES)
    index = 0
    header = source.read(4)
    while header:
        if len(header) != 4:
            raise DecryptionError("Encrypted file is truncated.")
        (length,) = struct.unpack(">I", header)
        sealed = _read_exact(source, length)
        header = source.read(4)
        last = not header
        try:
            yield cipher.decrypt(_nonce(prefix, index), sealed, _aad(key_id, index, last=last))
        except Exception as error:
            raise DecryptionError("Encrypted file failed authentication.") from error
        index += 1
    if index == 0:
        raise DecryptionError("Encrypted file is truncated.")
