"""The evidence pipeline as one call: sniff → validate → clean → encrypt → store.

Who uses this: reporting.services.submission, for files a pupil adds to a
report or to a follow-up message. Each step is its own module and testable
alone; this module only strings them together and tidies temporary files.
"""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile

from .. import crypto
from . import store
from .clean import Cleaned, clean
from .sniff import HEAD_BYTES, sniff
from .spool import spool_file, spool_writes
from .validate import Refused, check_file_size

READ_CHUNK_BYTES = 64 * 1024
MAX_NAME_CHARS = 120


@dataclass(frozen=True)
class StoredEvidence:
    """A cleaned, encrypted file in the private store, not yet attached to a case."""

    storage_key: str
    mime: str
    extension: str
    removed: list[str]
    info: crypto.EncryptedFileInfo


def display_name(raw: str | None) -> str:
    """The pupil's file name, only for showing back to them and the lead (stored encrypted).

    Never used in a path: directory parts, control characters and over-long names are dropped.
    """
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    # Controls, format characters (e.g. right-to-left override) and line/paragraph
    # separators (U+2028/9 end a line in some viewers) would make a name lie or break.
    name = "".join(
        ch
        for ch in name
        if unicodedata.category(ch)[0] != "C" and unicodedata.category(ch) not in {"Zl", "Zp"}
    ).strip()
    return name[:MAX_NAME_CHARS] or "file"


def _chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        while chunk := handle.read(READ_CHUNK_BYTES):
            yield chunk


def _local_copy(upload: UploadedFile) -> tuple[Path, bool]:
    """A path on disk for the upload; True if we made a copy that must be deleted."""
    temporary_path = getattr(upload, "temporary_file_path", None)
    if temporary_path is not None:
        return Path(temporary_path()), False
    path = spool_file(prefix="upstander-upload-")
    try:
        with spool_writes(), open(path, "wb") as destination:
            upload.seek(0)
            shutil.copyfileobj(upload, destination, READ_CHUNK_BYTES)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, True


def clean_upload(upload: UploadedFile) -> Cleaned:
    """Sniff, validate and clean one upload; raise Refused with a plain reason if it is not allowed."""
    check_file_size(upload.size or 0)
    path, is_copy = _local_copy(upload)
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
        sniffed = sniff(head)
        return clean(path, sniffed.mime)
    finally:
        if is_copy:
            path.unlink(missing_ok=True)


def encrypt_and_store(cleaned: Cleaned) -> StoredEvidence:
    """Encrypt a cleaned file in chunks into the private store, then delete the plaintext."""
    try:
        storage_key, info = store.write_encrypted(_chunks(cleaned.path))
    finally:
        cleaned.discard()
    return StoredEvidence(
        storage_key=storage_key,
        mime=cleaned.mime,
        extension=cleaned.extension,
        removed=list(cleaned.removed),
        info=info,
    )


def process_upload(upload: UploadedFile) -> StoredEvidence:
    return encrypt_and_store(clean_upload(upload))


__all__ = [
    "Refused",
    "StoredEvidence",
    "clean_upload",
    "display_name",
    "encrypt_and_store",
    "process_upload",
]
