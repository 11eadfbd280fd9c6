"""After evidence goes through the whole flow, no trace of who, where or with what is left anywhere.

A report is sent through the real form with a phone photo, a photo too big
for memory (spooled to disk) and a PDF embedding the photo, each carrying a
GPS position, a camera serial and make and an owner's name
(tests/identifying_files.py). Then every place the app writes is scanned
for those markers: the evidence store (decrypted), the upload spool, every
cache (file caches decompressed), the logs (through the real handlers) and
the whole database (encrypted columns decrypted).
"""

from __future__ import annotations

import io
import logging
import pickle
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from reporting import crypto
from reporting.evidence import clean, store
from reporting.models import Case, EvidenceFile, PendingUpload
from tests.identifying_files import (
    identifying_pdf,
    identifying_photo,
    large_identifying_photo,
    markers_in,
)
from tests.reporting.conftest import report_data
from tests.security.test_data_at_rest import every_stored_value

pytestmark = pytest.mark.django_db


def readable(value) -> bytes:
    """A stored value as bytes, decrypted when it is one of our ciphertexts."""
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value
    text = str(value)
    if text.startswith(crypto.TEXT_PREFIX + ":"):
        text = crypto.decrypt_text(text)
    return text.encode()


def cache_contents() -> list[bytes]:
    """Every value in every cache, as stored (pickles), and unpickled where that is possible."""
    found: list[bytes] = []
    for alias in settings.CACHES:
        cache = caches[alias]
        backend = type(cache).__name__
        if backend == "LocMemCache":
            found += list(cache._cache.values())
        elif backend == "FileBasedCache":
            for path in Path(cache._dir).rglob("*"):
                if path.is_file():
                    data = path.read_bytes()
                    found.append(data)
                    # An expiry pickle, then the zlib-compressed value.
                    with io.BytesIO(data) as handle:
                        try:
                            pickle.load(handle)  # noqa: S301 - our own cache files
                            found.append(zlib.decompress(handle.read()))
                        except Exception:  # noqa: S112 - not a cache entry
                            continue
        elif backend == "RedisCache":
            client = cache.client.get_client()
            prefix = settings.CACHES[alias].get("KEY_PREFIX", "")
            for key in client.scan_iter(match=f"{prefix}*"):
                value = client.get(key)
                if value:
                    found.append(value)
    return found


def test_nothing_identifying_is_left_anywhere_after_a_report_with_evidence(
    client, school, evidence_root, settings, tmp_path, caplog, capfd
):
    settings.SPOOL_ROOT = tmp_path / "spool"
    settings.FILE_UPLOAD_TEMP_DIR = str(settings.SPOOL_ROOT)
    caplog.set_level(logging.DEBUG)
    files = {
        "phone.jpg": (identifying_photo(), "image/jpeg"),
        "big-phone.jpg": (large_identifying_photo(), "image/jpeg"),
        "scan.pdf": (identifying_pdf(), "application/pdf"),
    }
    # The files do carry every marker.
    assert all(markers_in(data) for data, _type in files.values())

    data = report_data()
    data["evidence"] = [
        SimpleUploadedFile(name, content, content_type)
        for name, (content, content_type) in files.items()
    ]
    response = client.post("/report/", follow=True, data=data)
    # The case is sent with its three files, and a passerby revisits the public pages.
    assert response.status_code == 200
    case = Case.objects.get()
    evidence = list(EvidenceFile.objects.filter(case=case))
    assert sorted(e.original_name for e in evidence) == sorted(files)
    client.get("/")
    client.get("/report/")

    # The evidence store: each file decrypts to a clean file that still shows the picture.
    for row in evidence:
        plaintext = b"".join(store.read_plaintext(row.storage_key))
        assert markers_in(plaintext) == [], row.original_name
        assert clean.PLACE in row.removed_metadata
        if row.detected_type == "image/jpeg":
            assert Image.open(io.BytesIO(plaintext)).size[0] > 0
    for row in PendingUpload.objects.all():
        assert markers_in(b"".join(store.read_plaintext(row.storage_key))) == []
    for path in evidence_root.rglob("*"):
        if path.is_file():
            assert markers_in(path.read_bytes()) == [], path
    # The spool: nothing left at all.
    assert [p for p in Path(settings.SPOOL_ROOT).rglob("*") if p.is_file()] == []
    # Caches.
    for value in cache_contents():
        assert markers_in(value if isinstance(value, bytes) else pickle.dumps(value)) == []
    # Logs, as the real handlers wrote them (console) and as records.
    captured = capfd.readouterr()
    assert markers_in((captured.out + captured.err + caplog.text).encode()) == []
    for record in caplog.records:
        assert markers_in(repr(record.args).encode()) == []
    # The database, every table and column, decrypted.
    leaks = [table for table, value in every_stored_value() if markers_in(readable(value))]
    assert leaks == []
