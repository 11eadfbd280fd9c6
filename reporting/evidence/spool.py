"""The upload spool: the app's own private folder for files still being checked.

Who uses this: Django's upload handler (FILE_UPLOAD_HANDLERS and
FILE_UPLOAD_TEMP_DIR point here), the evidence pipeline while it cleans a
file, the health check (free disk), and the clean-up at start-up and in
`manage.py cleanup_orphan_evidence`.

A spooled upload is the pupil's original photo, GPS position and all, before
it is cleaned and encrypted. So it never goes to the system's temporary
folder, where other programs on the machine can list it and nothing removes
it after a killed worker: it goes to SPOOL_ROOT (under UPSTANDER_VAR_DIR),
a folder only the app's user can open (0700), each file 0600. A file lives
there for one request at most, so anything older than SPOOL_MAX_AGE_SECONDS
was left by a request that died, and is deleted.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler

logger = logging.getLogger(__name__)

FOLDER_MODE = 0o700
_NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})


class SpoolFull(OSError):
    """The spool's disk is full: the upload cannot be checked now, though nothing is wrong with it.

    A subclass of OSError, so code that already turns a failed write into a
    kind message (reporting.services.submission) handles it too; views can
    catch it by name to say exactly what happened.
    """


def spool_root() -> Path:
    return Path(settings.SPOOL_ROOT)


def spool_ready() -> Path:
    """The spool folder, created if missing and kept private (0700) even if it was not."""
    root = spool_root()
    root.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    if root.stat().st_mode & 0o777 != FOLDER_MODE:
        root.chmod(FOLDER_MODE)
    return root


@contextlib.contextmanager
def spool_writes() -> Iterator[None]:
    """Turn "no space left" while writing to the spool into SpoolFull, with its own message."""
    try:
        yield
    except SpoolFull:
        raise
    except OSError as error:
        if error.errno in _NO_SPACE:
            raise SpoolFull(error.errno, "The upload spool is full.") from error
        raise


def spool_file(*, prefix: str, suffix: str = "") -> Path:
    """A new, empty, private (0600) file in the spool; the caller deletes it."""
    with spool_writes():
        handle, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=spool_ready())
        os.close(handle)
    return Path(name)


def spool_temporary_file():
    """An anonymous file in the spool, gone when closed (for ciphertext on its way to storage)."""
    with spool_writes():
        return tempfile.TemporaryFile(dir=spool_ready())


def spool_sweep(
    *, max_age_seconds: int | None = None, now: float | None = None, dry_run: bool = False
) -> int:
    """Delete every spool file older than the longest request; return how many.

    Runs at start-up (before this process takes requests) and with the
    periodic clean-up. Young files are left alone: they may be a request of
    another worker still in progress.
    """
    if max_age_seconds is None:
        max_age_seconds = settings.SPOOL_MAX_AGE_SECONDS
    cutoff = (time.time() if now is None else now) - max_age_seconds
    root = spool_root()
    if not root.is_dir():
        return 0
    removed = 0
    for path in root.rglob("*"):
        try:
            if path.is_file() and path.lstat().st_mtime < cutoff:
                if not dry_run:
                    path.unlink()
                removed += 1
        except FileNotFoundError:  # finished and deleted by its request meanwhile
            continue
    if removed and not dry_run:
        # A count only: never a name (the pupil's file name may be in it).
        logger.warning("Removed %s upload(s) left in the spool by a request that died.", removed)
    return removed


class SpoolUploadHandler(TemporaryFileUploadHandler):
    """Django's handler for uploads too big for memory, writing into the private spool.

    Django would create the folder's files itself (FILE_UPLOAD_TEMP_DIR), but
    fails if the folder is missing, and a full disk surfaces as a bare OSError.
    """

    def new_file(self, *args, **kwargs):
        spool_ready()
        with spool_writes():
            super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        with spool_writes():
            return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        with spool_writes():
            return super().file_complete(file_size)
