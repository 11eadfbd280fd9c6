"""The upload spool: where a pupil's original photo waits while it is checked.

Claims: uploads, and every file the pipeline writes while cleaning, go to
SPOOL_ROOT (0700, files 0600), never the system's temporary folder; a request
leaves nothing there; the sweep removes only files older than the longest
request; a full disk raises SpoolFull, which the report form turns into a
kind message (the killed-worker case is tests/faults/test_killed_mid_clean.py).
"""

from __future__ import annotations

import errno
import io
import os
import stat
import tempfile
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting.evidence import clean, spool
from reporting.evidence.pipeline import process_upload
from reporting.evidence.validate import REASONS
from reporting.models import Case, EvidenceFile
from reporting.services.submission import pending_uploads_add
from tests.identifying_files import (
    CAMERA_SERIAL,
    identifying_photo,
    large_identifying_photo,
    markers_in,
)


@pytest.fixture
def spool_root(settings, tmp_path) -> Path:
    settings.SPOOL_ROOT = tmp_path / "spool"
    settings.FILE_UPLOAD_TEMP_DIR = str(settings.SPOOL_ROOT)
    return settings.SPOOL_ROOT


@pytest.fixture
def system_tmp(tmp_path, monkeypatch) -> Path:
    """The system's temporary folder as the code under test sees it (tempfile.gettempdir())."""
    folder = tmp_path / "system-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def spool_listing_while_cleaning(monkeypatch) -> list[list[tuple[Path, int, list[str]]]]:
    """Record each file in the spool (path, mode, markers) as the photo is being re-encoded."""
    seen: list[list[tuple[Path, int, list[str]]]] = []
    real = clean._reencode

    def reencode_and_look(*args, **kwargs):
        cleaned = real(*args, **kwargs)
        seen.append(
            [
                (path, stat.S_IMODE(path.stat().st_mode), markers_in(path.read_bytes()))
                for path in files_in(spool.spool_root())
            ]
        )
        return cleaned

    monkeypatch.setattr(clean, "_reencode", reencode_and_look)
    return seen


@pytest.mark.django_db
def test_a_large_photo_is_spooled_privately_and_nothing_is_left_after_the_report(
    post_report, spool_root, system_tmp, monkeypatch
):
    seen = spool_listing_while_cleaning(monkeypatch)
    photo = large_identifying_photo()
    response = post_report(files=[SimpleUploadedFile("photo.jpg", photo, "image/jpeg")])

    assert response.status_code == 200 and Case.objects.count() == 1
    assert EvidenceFile.objects.count() == 1
    [during] = seen
    names = [path.name for path, _mode, _markers in during]
    # Django's spooled upload (the original, with its EXIF) and the cleaned copy…
    assert any(name.endswith(".upload.jpg") for name in names), names
    assert any(name.startswith("upstander-clean-") for name in names), names
    assert all(mode == 0o600 for _path, mode, _markers in during)
    assert stat.S_IMODE(spool_root.stat().st_mode) == 0o700
    # …both gone once the request is over, and never anything in the system's folder.
    assert files_in(spool_root) == []
    assert files_in(system_tmp) == []


def test_a_small_upload_copied_for_cleaning_goes_to_the_spool_and_is_removed(
    spool_root, system_tmp, monkeypatch
):
    seen = spool_listing_while_cleaning(monkeypatch)
    stored = process_upload(SimpleUploadedFile("small.jpg", identifying_photo(), "image/jpeg"))

    assert clean.SERIAL in stored.removed
    [during] = seen
    assert any(path.name.startswith("upstander-upload-") for path, _mode, _markers in during)
    # The copy being cleaned is the original, serial and all: that is why it is here.
    assert any(CAMERA_SERIAL in markers for _path, _mode, markers in during)
    assert files_in(spool_root) == [] and files_in(system_tmp) == []


def test_the_sweep_removes_only_files_older_than_the_longest_request(spool_root, settings):
    spool.spool_ready()
    old = spool.spool_file(prefix="left-by-a-dead-worker-")
    young = spool.spool_file(prefix="a-request-in-progress-")
    past = time.time() - settings.SPOOL_MAX_AGE_SECONDS - 1
    os.utime(old, (past, past))

    assert spool.spool_sweep(dry_run=True) == 1 and old.exists()
    assert spool.spool_sweep() == 1
    assert not old.exists() and young.exists()


def test_the_spool_is_made_private_even_when_it_was_not(spool_root):
    spool_root.mkdir()
    os.chmod(spool_root, 0o755)  # noqa: S103 - the wrong mode, to be corrected
    spool.spool_ready()
    assert stat.S_IMODE(spool_root.stat().st_mode) == 0o700
    made = spool.spool_file(prefix="x-")
    assert stat.S_IMODE(made.stat().st_mode) == 0o600


def no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_spool_during_upload_raises_spool_full(spool_root):
    handler = spool.SpoolUploadHandler(request=None)
    handler.new_file("evidence", "photo.jpg", "image/jpeg", 10)
    handler.file.file.write = no_space
    with pytest.raises(spool.SpoolFull):
        handler.receive_data_chunk(b"\xff\xd8\xff" + b"x" * 100, 0)


def test_another_disk_error_is_not_called_a_full_spool(spool_root):
    handler = spool.SpoolUploadHandler(request=None)
    handler.new_file("evidence", "photo.jpg", "image/jpeg", 10)

    def broken(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    handler.file.file.write = broken
    with pytest.raises(OSError) as raised:
        handler.receive_data_chunk(b"data", 0)
    assert not isinstance(raised.value, spool.SpoolFull)


@pytest.mark.django_db
def test_a_full_spool_while_cleaning_gives_the_pupil_a_kind_message(spool_root, monkeypatch):
    monkeypatch.setattr("reporting.evidence.pipeline.shutil.copyfileobj", no_space)
    with pytest.raises(spool.SpoolFull):
        process_upload(SimpleUploadedFile("photo.jpg", identifying_photo(), "image/jpeg"))

    held, problems = pending_uploads_add(
        files=[SimpleUploadedFile("photo.jpg", io.BytesIO(identifying_photo()).read())],
        already_held=[],
    )
    assert held == []
    assert [problem.message for problem in problems] == [REASONS["store_failed"]]
    assert files_in(spool_root) == []
