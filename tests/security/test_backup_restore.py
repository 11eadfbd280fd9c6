"""backup_upstander / restore_upstander: a consistent, still-encrypted round trip.

Claim: a backup command writes a consistent backup of the database
and the evidence; a restore command brings it back (SQLite and PostgreSQL);
a stolen backup reveals no report text.
"""

import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reporting.evidence import store
from reporting.models import Case, EvidenceFile
from tests.security.conftest import build_case
from tests.security.test_key_rotation import snapshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MARKER = "BACKUPSENTINEL"


@pytest.fixture
def cases(school, evidence_root):
    made = [build_case(school, f"{MARKER}{n}") for n in range(2)]
    return made


def all_bytes(folder):
    for path in folder.rglob("*"):
        if path.is_file():
            yield path, path.read_bytes()


def test_backup_and_restore_round_trip(cases, tmp_path):
    before = snapshot()
    references = sorted(Case.objects.values_list("reference", flat=True))
    target = tmp_path / "backup"
    call_command("backup_upstander", str(target), stdout=StringIO())

    manifest = json.loads((target / "manifest.json").read_text())
    assert len([f for f in manifest["files"] if f.startswith("evidence/")]) == 2
    assert manifest["key_ids"] == ["test"]
    # A stolen backup holds ciphertext only.
    for path, data in all_bytes(target):
        assert MARKER.encode() not in data, path
        assert MARKER.encode("utf-16-le") not in data, path

    # Lose everything.
    Case.objects.all().delete()
    shutil.rmtree(store.evidence_root())
    assert not EvidenceFile.objects.exists()

    out = StringIO()
    call_command("restore_upstander", str(target), stdout=out)
    assert "Restored the backup" in out.getvalue()
    assert sorted(Case.objects.values_list("reference", flat=True)) == references
    assert snapshot() == before


def test_restore_refuses_a_damaged_backup(cases, tmp_path):
    target = tmp_path / "backup"
    call_command("backup_upstander", str(target), stdout=StringIO())
    evidence = next((target / "evidence").rglob("*.bin"))
    data = bytearray(evidence.read_bytes())
    data[-1] ^= 0xFF
    evidence.write_bytes(bytes(data))
    Case.objects.all().delete()
    shutil.rmtree(store.evidence_root())
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore_upstander", str(target), stdout=StringIO())
    assert not Case.objects.exists()


def test_restore_refuses_to_overwrite_a_database_that_holds_cases(cases, tmp_path):
    target = tmp_path / "backup"
    call_command("backup_upstander", str(target), stdout=StringIO())
    with pytest.raises(CommandError, match="already holds cases"):
        call_command("restore_upstander", str(target), stdout=StringIO())


def test_backup_refuses_a_folder_that_is_not_empty(cases, tmp_path):
    target = tmp_path / "backup"
    target.mkdir()
    (target / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup_upstander", str(target), stdout=StringIO())


def test_evidence_arriving_during_the_backup_is_included(cases, tmp_path, school, monkeypatch):
    """A report saved between the evidence copy and the database snapshot is still complete."""
    from reporting import backup as backup_module

    real_snapshot = backup_module._snapshot_database
    added = {}

    def snapshot_after_a_new_report(destination):
        added["case"] = build_case(school, f"{MARKER}late")
        return real_snapshot(destination)

    monkeypatch.setattr(backup_module, "_snapshot_database", snapshot_after_a_new_report)
    target = tmp_path / "backup"
    call_command("backup_upstander", str(target), stdout=StringIO())
    late = EvidenceFile.objects.get(case=added["case"])
    assert (target / "evidence" / late.storage_key).exists()
