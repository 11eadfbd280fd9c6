"""The private evidence store: encrypted files under EVIDENCE_ROOT, never under a URL.

Files get random names (the pupil's file name is never used in a path), are
written to a temporary name and renamed into place only once complete, and are
encrypted in chunks by reporting.crypto so memory stays bounded.
"""

import os
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings

from .. import crypto


def evidence_root() -> Path:
    return Path(settings.EVIDENCE_ROOT)


def new_storage_key() -> str:
    token = secrets.token_hex(20)
    return f"{token[:2]}/{token}.bin"


def evidence_path(storage_key: str) -> Path:
    root = evidence_root().resolve()
    path = (root / storage_key).resolve()
    if root not in path.parents:
        raise ValueError("Storage key points outside the evidence store.")
    return path


def write_encrypted(chunks: Iterable[bytes]) -> tuple[str, crypto.EncryptedFileInfo]:
    """Encrypt plaintext chunks into a new file; return its storage key and digest."""
    storage_key = new_storage_key()
    final_path = evidence_path(storage_key)
    final_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = final_path.with_suffix(".partial")
    try:
        with open(temporary, "xb") as destination:
            info = crypto.encrypt_chunks(chunks, destination)
            destination.flush()
            os.fsync(destination.fileno())
        os.replace(temporary, final_path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return storage_key, info


def read_plaintext(storage_key: str) -> Iterator[bytes]:
    """Decrypt a stored file chunk by chunk (each chunk authenticated)."""
    with open(evidence_path(storage_key), "rb") as source:
        yield from crypto.decrypt_chunks(source)


def delete(storage_key: str) -> None:
    evidence_path(storage_key).unlink(missing_ok=True)
