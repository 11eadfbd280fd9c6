"""The key rotation steps of SECURITY.md (checklist step 9), run as a technician would.

Claims: every key gets its own id; one id given to two keys is refused before
anything is encrypted with the wrong key; rotation re-encrypts reports,
messages, evidence and pupils' held uploads, so once the old key is removed
everything still reads; `--remove-orphans` never deletes a held upload.
"""

import base64
import os
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from reporting import crypto, keyrotation
from reporting.evidence import store
from reporting.models import EvidenceFile, PendingUpload
from reporting.services.submission import pending_uploads_add, pending_uploads_held
from tests.security.conftest import build_case

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FIRST_KEY = "k20250901aaaaaa:" + base64.b64encode(b"f" * 32).decode()


def generated_key_line() -> str:
    out, err = StringIO(), StringIO()
    call_command("generate_encryption_key", stdout=out, stderr=err)
    # Only the line goes to stdout, so `export ENCRYPTION_KEYS=$(…)` works; the advice to stderr.
    assert "FIRST in ENCRYPTION_KEYS" in err.getvalue()
    return out.getvalue().strip()


def hold_upload(words: bytes) -> str:
    held, problems = pending_uploads_add(
        files=[SimpleUploadedFile("held-note.txt", words, "text/plain")], already_held=[]
    )
    assert problems == []
    return held[0].token


def make_old(storage_key: str, hours: float = 2) -> None:
    past = time.time() - hours * 3600
    os.utime(store.evidence_path(storage_key), (past, past))


def everything_readable() -> dict:
    """Every decrypted value, evidence file and held upload, keyed by where it lives."""
    found = {}
    for model, names in keyrotation.encrypted_fields():
        for row in model._default_manager.all():
            for name in names:
                found[(model.__name__, str(row.pk), name)] = getattr(row, name)
    for model in (EvidenceFile, PendingUpload):
        for row in model.objects.all():
            found[(model.__name__, str(row.pk), "file")] = b"".join(
                store.read_plaintext(row.storage_key)
            )
    return found


def test_the_documented_rotation_keeps_every_report_message_file_and_held_upload(
    settings, evidence_root, school
):
    settings.ENCRYPTION_KEYS = FIRST_KEY
    build_case(school, "ROTATE-PROCEDURE")
    token = hold_upload(b"what the pupil added before sending\n")
    make_old(PendingUpload.objects.get().storage_key)
    before = everything_readable()
    assert ("PendingUpload", str(PendingUpload.objects.get().pk), "file") in before

    # 1. A new key line, with an id of its own.
    new_line = generated_key_line()
    new_id = new_line.split(":", 1)[0]
    assert new_id != FIRST_KEY.split(":", 1)[0]
    # 2. First in ENCRYPTION_KEYS, the old key after it.
    settings.ENCRYPTION_KEYS = f"{new_line},{FIRST_KEY}"
    # 3. Rotate (with the clean-up of orphans, which must spare the held upload).
    out = StringIO()
    call_command("rotate_encryption_key", "--remove-orphans", stdout=out)
    assert "Nothing is left under an older key" in out.getvalue()
    assert set(PendingUpload.objects.values_list("key_id", flat=True)) == {new_id}
    assert set(EvidenceFile.objects.values_list("key_id", flat=True)) == {new_id}
    # 4. The old key removed: everything reads, and reads the same.
    settings.ENCRYPTION_KEYS = new_line
    assert everything_readable() == before
    assert [held.name for held in pending_uploads_held(tokens=[token])] == ["held-note.txt"]


def test_remove_orphans_spares_a_pupils_held_upload(settings, evidence_root, school):
    token = hold_upload(b"held while the pupil finishes the form\n")
    held_key = PendingUpload.objects.get().storage_key
    make_old(held_key)
    orphan_key, _info = store.write_encrypted([b"no row owns this"])
    make_old(orphan_key)

    out = StringIO()
    call_command("rotate_encryption_key", "--remove-orphans", stdout=out)

    assert "Removed 1 evidence files" in out.getvalue()
    assert not store.exists(orphan_key)
    assert b"".join(store.read_plaintext(held_key)) == b"held while the pupil finishes the form\n"
    assert len(pending_uploads_held(tokens=[token])) == 1


def test_generated_keys_never_share_an_id_and_parse_back(settings):
    lines = [generated_key_line() for _ in range(5)]
    ring = crypto.parse_keyring(",".join(lines))
    assert len(ring.keys) == 5
    assert ring.active_id == lines[0].split(":", 1)[0]


def test_generating_a_key_under_an_id_already_in_use_is_refused(settings):
    settings.ENCRYPTION_KEYS = FIRST_KEY
    with pytest.raises(CommandError, match="already has a key with the id"):
        call_command("generate_encryption_key", "--id", "k20250901aaaaaa", stdout=StringIO())


def test_one_id_given_to_two_keys_is_refused_with_a_clear_message():
    second = "k20250901aaaaaa:" + base64.b64encode(b"s" * 32).decode()
    with pytest.raises(ImproperlyConfigured, match="lists the key id 'k20250901aaaaaa' twice"):
        crypto.parse_keyring(f"{second},{FIRST_KEY}")


def test_the_site_will_not_start_with_one_id_given_to_two_keys():
    second = "k20250901aaaaaa:" + base64.b64encode(b"s" * 32).decode()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "upstander.settings.test",
        "ENCRYPTION_KEYS": f"{second},{FIRST_KEY}",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "lists the key id 'k20250901aaaaaa' twice" in result.stderr
    # The same settings with distinct ids start.
    env["ENCRYPTION_KEYS"] = f"k20260101bbbbbb:{second.split(':', 1)[1]},{FIRST_KEY}"
    started = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr[-2000:]
