"""The private evidence store: encrypted files, never under a URL.

Files get random names (the pupil's file name is never used in a key) and are
encrypted in chunks by reporting.crypto so memory stays bounded. Where they
live is the "evidence" entry of STORAGES:
- by default a private folder, EVIDENCE_ROOT (`EvidenceFileSystemStorage`):
  each file is written to a temporary name, flushed to disk and renamed into
  place only once complete;
- or any Django storage, such as a private S3-compatible bucket through
  django-storages (EVIDENCE_STORAGE=s3; see the README): the file is encrypted
  into an anonymous file in the private upload spool first, then uploaded, so only ciphertext leaves
  the server and an object appears only once complete.
Nothing here ever asks a storage for a URL: evidence is read back only through
`read_plaintext`, by the audited views of safeguarding leads.
"""

import contextlib
import os
import secrets
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

from .. import crypto
from .spool import spool_temporary_file

STORAGE_ALIAS = "evidence"
PARTIAL_SUFFIX = ".partial"


class EvidenceFileSystemStorage(FileSystemStorage):
    """A private folder (EVIDENCE_ROOT) with no URL, written atomically.

    The folder is read from settings each time, so a test (or a restore into a
    new folder) that changes EVIDENCE_ROOT needs no new storage object.
    """

    @property
    def base_location(self):
        return str(settings.EVIDENCE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Evidence is never served by URL.")

    def get_available_name(self, name, max_length=None):
        # Keys are random and write-once: a clash is a bug, never a rename.
        if self.exists(name):
            raise FileExistsError(f"Evidence key already stored: {name}")
        return name

    def _save(self, name, content):
        def copy(destination):
            for chunk in content.chunks():
                destination.write(chunk)

        self.write_atomically(name, copy)
        return name

    def write_atomically(self, name, write):
        """Call `write(file)` on a temporary file, flush it to disk, then rename it into place.

        A request killed half-way leaves only a ".partial" file, which the
        nightly clean-up removes; a stored key always holds a whole file.
        """
        final_path = Path(self.path(name))
        final_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = final_path.with_suffix(PARTIAL_SUFFIX)
        try:
            with open(temporary, "xb") as destination:
                result = write(destination)
                destination.flush()
                os.fsync(destination.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, final_path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return result


def evidence_storage() -> Storage:
    return storages[STORAGE_ALIAS]


def _in_folder() -> EvidenceFileSystemStorage | None:
    storage = evidence_storage()
    return storage if isinstance(storage, EvidenceFileSystemStorage) else None


def evidence_root() -> Path:
    """The private folder of the default storage (backups and tests read it)."""
    return Path(settings.EVIDENCE_ROOT)


def new_storage_key() -> str:
    token = secrets.token_hex(20)
    return f"{token[:2]}/{token}.bin"


def evidence_path(storage_key: str) -> Path:
    """Where a key lives in the private folder (the default storage only)."""
    root = evidence_root().resolve()
    path = (root / storage_key).resolve()
    if root not in path.parents:
        raise ValueError("Storage key points outside the evidence store.")
    return path


def _checked(storage_key: str) -> str:
    # The key is ours (random hex), but a row could be tampered with: never let
    # one reach outside the store, in a folder or in a bucket.
    evidence_path(storage_key)  # raises ValueError for a key outside the store
    return storage_key


def write_encrypted(chunks: Iterable[bytes]) -> tuple[str, crypto.EncryptedFileInfo]:
    """Encrypt plaintext chunks into a new file; return its storage key and digest."""
    storage_key = new_storage_key()
    folder = _in_folder()
    if folder is not None:
        # Encrypted straight into the folder (no second copy of a 20 MB file).
        info = folder.write_atomically(
            _checked(storage_key), lambda destination: crypto.encrypt_chunks(chunks, destination)
        )
        return storage_key, info
    with spool_temporary_file() as encrypted:
        info = crypto.encrypt_chunks(chunks, encrypted)
        encrypted.seek(0)
        put_stored(storage_key, encrypted)
    return storage_key, info


def read_plaintext(storage_key: str) -> Iterator[bytes]:
    """Decrypt a stored file chunk by chunk (each chunk authenticated)."""
    with open_stored(storage_key) as source:
        yield from crypto.decrypt_chunks(source)


def open_stored(storage_key: str) -> BinaryIO:
    """The stored (encrypted) bytes, as they are at rest: for backups and checks."""
    return evidence_storage().open(_checked(storage_key), "rb")


def put_stored(storage_key: str, encrypted: BinaryIO) -> None:
    """Store already-encrypted bytes under a key (a new file, or a restore)."""
    evidence_storage().save(_checked(storage_key), File(encrypted, name=storage_key))


def exists(storage_key: str) -> bool:
    return evidence_storage().exists(_checked(storage_key))


def delete(storage_key: str) -> None:
    """Delete a stored file; a file already gone is not an error."""
    with contextlib.suppress(FileNotFoundError):
        evidence_storage().delete(_checked(storage_key))


def stored_files(*, include_partial: bool = False) -> Iterator[tuple[str, datetime]]:
    """Every stored key with its last-modified time, walking the whole store.

    Files still being written (".partial", the folder storage only) are left out
    unless asked for: cleaning up after a killed request wants them.
    """
    storage = evidence_storage()

    def walk(folder: str) -> Iterator[tuple[str, datetime]]:
        try:
            directories, files = storage.listdir(folder)
        except FileNotFoundError:
            return
        for name in sorted(files):
            key = f"{folder}/{name}" if folder else name
            if name.endswith(PARTIAL_SUFFIX) and not include_partial:
                continue
            try:
                yield key, storage.get_modified_time(key)
            except FileNotFoundError:  # deleted while we walked
                continue
        for directory in sorted(directories):
            yield from walk(f"{folder}/{directory}" if folder else directory)

    yield from walk("")
