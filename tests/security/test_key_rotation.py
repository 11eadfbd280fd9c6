"""`rotate_encryption_key`: everything re-encrypted under the new key, resumable without loss.

Claim: a key-rotation command re-encrypts everything under a new key
and can be interrupted and resumed without loss.
"""

import base64
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection

from reporting import crypto, keyrotation
from reporting.evidence import store
from reporting.models import CaseEvent, EvidenceFile, PersonInvolved, Report
from tests.security.conftest import build_case

pytestmark = pytest.mark.django_db

OLD = "old:" + base64.b64encode(b"o" * 32).decode()
NEW = "new:" + base64.b64encode(b"n" * 32).decode()


def snapshot():
    """Every decrypted value and evidence file, to compare before and after."""
    texts = {}
    for model, names in keyrotation.encrypted_fields():
        for obj in model._default_manager.all():
            for name in names:
                texts[(model.__name__, str(obj.pk), name)] = getattr(obj, name)
    files = {
        str(e.pk): b"".join(store.read_plaintext(e.storage_key)) for e in EvidenceFile.objects.all()
    }
    return texts, files


def raw_column_values():
    values = []
    for model, names in keyrotation.encrypted_fields():
        table = model._meta.db_table
        for name in names:
            column = model._meta.get_field(name).column
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT "{column}" FROM "{table}"')  # noqa: S608 - names from _meta
                values += [row[0] for row in cursor.fetchall() if row[0]]
    return values


@pytest.fixture
def old_data(settings, evidence_root, school):
    settings.ENCRYPTION_KEYS = OLD
    for number in range(3):
        build_case(school, f"ROTATE{number}")
    before = snapshot()
    settings.ENCRYPTION_KEYS = f"{NEW},{OLD}"
    return before


def test_encrypted_fields_are_found_by_introspection():
    found = {model.__name__: set(names) for model, names in keyrotation.encrypted_fields()}
    assert {"what_happened", "reporter_identity"} <= found["Report"]
    assert found["PersonInvolved"] >= {"name"}
    assert found["CaseEvent"] >= {"body"}
    assert found["EvidenceFile"] >= {"original_name"}


def test_rotation_re_encrypts_everything_under_the_new_key(old_data, settings):
    out = StringIO()
    call_command("rotate_encryption_key", stdout=out)
    assert "Nothing is left under an older key" in out.getvalue()
    assert all(value.startswith("enc1:new:") for value in raw_column_values())
    assert set(EvidenceFile.objects.values_list("key_id", flat=True)) == {"new"}

    # The old key is gone: everything still reads, and reads the same.
    settings.ENCRYPTION_KEYS = NEW
    assert snapshot() == old_data
    # No old-key files are left behind in the store.
    stored = {
        p.relative_to(store.evidence_root()).as_posix()
        for p in store.evidence_root().rglob("*.bin")
    }
    assert stored == set(EvidenceFile.objects.values_list("storage_key", flat=True))


def test_a_second_run_changes_nothing(old_data):
    call_command("rotate_encryption_key", stdout=StringIO())
    before = sorted(raw_column_values())
    keys = sorted(EvidenceFile.objects.values_list("storage_key", flat=True))
    out = StringIO()
    call_command("rotate_encryption_key", stdout=out)
    assert "Re-encrypted 0 text values and 0 evidence files" in out.getvalue()
    assert sorted(raw_column_values()) == before
    assert sorted(EvidenceFile.objects.values_list("storage_key", flat=True)) == keys


def test_interrupted_text_rotation_resumes_without_loss(old_data, settings):
    real_decrypt = crypto.decrypt_text
    calls = {"n": 0}

    def failing_decrypt(ciphertext):
        calls["n"] += 1
        if calls["n"] == 7:
            raise KeyboardInterrupt("power cut")
        return real_decrypt(ciphertext)

    with (
        mock.patch.object(keyrotation.crypto, "decrypt_text", failing_decrypt),
        pytest.raises(KeyboardInterrupt),
    ):
        keyrotation.rotate_all(batch_size=2)
    # Part done: some values under each key, none lost.
    raw = raw_column_values()
    assert any(v.startswith("enc1:new:") for v in raw)
    assert any(v.startswith("enc1:old:") for v in raw)
    assert snapshot() == old_data

    keyrotation.rotate_all(batch_size=2)
    settings.ENCRYPTION_KEYS = NEW
    assert snapshot() == old_data


def test_interrupted_file_rotation_never_points_a_row_at_a_missing_file(old_data, settings):
    real_write = store.write_encrypted
    calls = {"n": 0}

    def write_then_die(chunks):
        calls["n"] += 1
        result = real_write(chunks)
        if calls["n"] == 2:
            # The new copy is complete but the row was not switched yet.
            raise KeyboardInterrupt("killed")
        return result

    with (
        mock.patch.object(keyrotation.store, "write_encrypted", write_then_die),
        pytest.raises(KeyboardInterrupt),
    ):
        keyrotation.rotate_all()
    for evidence in EvidenceFile.objects.all():
        assert store.evidence_path(evidence.storage_key).exists()
    assert sorted(EvidenceFile.objects.values_list("key_id", flat=True)) == ["new", "old", "old"]
    assert snapshot() == old_data

    keyrotation.rotate_all()
    settings.ENCRYPTION_KEYS = NEW
    assert snapshot() == old_data
    assert keyrotation.remaining_by_key() == {}


def test_a_hard_kill_between_copy_and_switch_leaves_an_orphan_that_is_found(old_data, settings):
    evidence = EvidenceFile.objects.first()
    # Simulate kill -9 after the new copy was written: nothing gets to clean up.
    new_key, _ = store.write_encrypted(store.read_plaintext(evidence.storage_key))
    orphans = list(keyrotation.orphan_files(min_age_seconds=0))
    assert orphans == [new_key]
    with mock.patch.object(keyrotation, "ORPHAN_MIN_AGE_SECONDS", 0):
        result = keyrotation.rotate_all(remove_orphans=True)
    assert new_key in result.orphans
    assert not store.evidence_path(new_key).exists()
    settings.ENCRYPTION_KEYS = NEW
    assert snapshot() == old_data


def test_dry_run_changes_nothing(old_data):
    before = sorted(raw_column_values())
    out = StringIO()
    call_command("rotate_encryption_key", "--dry-run", stdout=out)
    assert "Would re-encrypt" in out.getvalue()
    assert sorted(raw_column_values()) == before


def test_a_value_written_during_rotation_is_not_overwritten(old_data, settings):
    report = Report.objects.first()
    raw_before = list(raw_column_values())
    # Another process rewrites a value (new ciphertext) between read and update.
    real_decrypt = crypto.decrypt_text

    def decrypt_and_race(ciphertext):
        plain = real_decrypt(ciphertext)
        if plain.startswith("ROTATE0-what"):
            Report.objects.filter(pk=report.pk).update(what_happened="edited meanwhile")
        return plain

    with mock.patch.object(keyrotation.crypto, "decrypt_text", decrypt_and_race):
        keyrotation.rotate_text()
    keyrotation.rotate_text()
    assert Report.objects.get(pk=report.case_id).what_happened == "edited meanwhile"
    assert raw_before  # the fixture stored values
    assert PersonInvolved.objects.count() == 3 and CaseEvent.objects.count() == 3
