"""Consistent backups of the database and the (still encrypted) evidence store, and restore.

Who uses this: the school's IT technician, through `manage.py backup_upstander
<dir>` (nightly, from cron) and `manage.py restore_upstander <dir>` onto a
fresh machine. A backup holds ciphertext only: report text stays encrypted in
the database copy (it is copied byte for byte, never through Django's
serialisers, which would decrypt it) and evidence files are copied as stored.
The encryption keys are NOT in the backup: keep ENCRYPTION_KEYS somewhere
else (a password manager, a sealed envelope), or the backup is unreadable.

Consistency: the database is copied by its own means, from one snapshot
(SQLite's online backup API; PostgreSQL's pg_dump using a snapshot exported
from a REPEATABLE READ transaction). Evidence files are never changed in
place (a new file gets a new name), so copying the store, then taking the
database snapshot, then copying any file that snapshot refers to and the
first pass missed gives a set of files that covers every row.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .evidence import store

FORMAT = "upstander-backup/1"
MANIFEST = "manifest.json"
EVIDENCE_DIR = "evidence"


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message says why and what to do."""


@dataclass
class BackupResult:
    path: Path
    evidence_files: int
    database_file: str


def _sha256_of(source: BinaryIO) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: source.read(1024 * 1024), b""):
        digest.update(block)
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    with open(path, "rb") as source:
        return _sha256_of(source)


def _copy_evidence_file(key: str, destination: Path) -> None:
    """Copy a stored file as it is at rest (encrypted), from the folder or the bucket."""
    target = destination / EVIDENCE_DIR / key
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not target.exists():
        with store.open_stored(key) as source, open(target, "xb") as copy:
            shutil.copyfileobj(source, copy, 1024 * 1024)


def _stored_sha256(key: str) -> str:
    with store.open_stored(key) as source:
        return _sha256_of(source)


def _evidence_keys_on_disk() -> list[str]:
    return sorted(key for key, _modified in store.stored_files())


def _pg_args(settings_dict) -> tuple[list[str], dict]:
    args = []
    env = dict(os.environ)
    if settings_dict.get("HOST"):
        args += ["-h", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", str(settings_dict["USER"])]
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise BackupError(
            f"`{tool}` was not found. Install the PostgreSQL client tools "
            "(Debian/Ubuntu: `apt-get install postgresql-client`) in the same major "
            "version as the server, then run this again."
        )
    return found


def _snapshot_database(destination: Path) -> tuple[str, set[str]]:
    """Copy the database from one snapshot; return its file name and the evidence keys it refers to."""
    from .models import EvidenceFile

    vendor = connection.vendor
    if connection.in_atomic_block:
        raise BackupError("Run backups outside a transaction.")
    if vendor == "sqlite":
        name = "database.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(destination / name)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        reader = sqlite3.connect(destination / name)
        try:
            keys = {
                row[0] for row in reader.execute("SELECT storage_key FROM reporting_evidencefile")
            }
        finally:
            reader.close()
        return name, keys
    if vendor == "postgresql":
        name = "database.pgdump"
        pg_dump = _require("pg_dump")
        args, env = _pg_args(connection.settings_dict)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT pg_export_snapshot()")
                (snapshot,) = cursor.fetchone()
            # pg_dump reads exactly what this transaction sees.
            subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
                [
                    pg_dump,
                    *args,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={destination / name}",
                    connection.settings_dict["NAME"],
                ],
                env=env,
                check=True,
                capture_output=True,
            )
            keys = set(EvidenceFile.objects.values_list("storage_key", flat=True))
        return name, keys
    raise BackupError(
        f"Backups of a {vendor} database are not supported; use SQLite or PostgreSQL."
    )


def backup(destination: Path) -> BackupResult:
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty; give a new folder for each backup.")
    destination.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(destination, 0o700)

    # Pass 1: everything in the store now (files are write-once).
    first_pass = set(_evidence_keys_on_disk())
    for key in first_pass:
        if store.exists(key):
            _copy_evidence_file(key, destination)
    database_file, referenced = _snapshot_database(destination)
    # Pass 2: files the snapshot refers to that arrived after pass 1.
    missing = []
    for key in sorted(referenced - first_pass):
        if store.exists(key):
            _copy_evidence_file(key, destination)
        else:
            missing.append(key)
    if missing:
        raise BackupError(
            f"{len(missing)} evidence files were deleted while the backup ran "
            "(a retention purge or key rotation?). Run the backup again."
        )
    evidence_root = destination / EVIDENCE_DIR
    files = {}
    if evidence_root.exists():
        for path in sorted(evidence_root.rglob("*")):
            if path.is_file():
                files[path.relative_to(destination).as_posix()] = _sha256(path)
    files[database_file] = _sha256(destination / database_file)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database_vendor": connection.vendor,
        "database_file": database_file,
        "migrations": sorted(
            f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
        ),
        # Which keys are needed to read it; never the keys themselves.
        "key_ids": sorted(_key_ids_in_use()),
        "evidence_referenced": len(referenced),
        "files": files,
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return BackupResult(destination, len(referenced), database_file)


def _key_ids_in_use() -> set[str]:
    from . import crypto
    from .keyrotation import remaining_by_key
    from .models import EvidenceFile

    return (
        set(remaining_by_key())
        | set(EvidenceFile.objects.values_list("key_id", flat=True))
        | {crypto.keyring().active_id}
    )


def verify(source: Path) -> dict:
    """Check a backup's manifest and every file's SHA-256; return the manifest."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} has no readable {MANIFEST}.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    for relative, expected in manifest["files"].items():
        path = (source / relative).resolve()
        if source.resolve() not in path.parents:
            raise BackupError(f"Manifest entry {relative!r} points outside the backup.")
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(f"{relative} is missing or damaged (SHA-256 does not match).")
    return manifest


def _database_is_empty() -> bool:
    tables = connection.introspection.table_names()
    if "reporting_case" not in tables:
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM reporting_case")
        return cursor.fetchone()[0] == 0


def restore(source: Path, *, force: bool = False) -> dict:
    """Bring a backup back into an empty database and evidence store."""
    source = Path(source)
    manifest = verify(source)
    if manifest["database_vendor"] != connection.vendor:
        raise BackupError(
            f"This backup is of a {manifest['database_vendor']} database; "
            f"DATABASE_URL points at {connection.vendor}."
        )
    if not force and not _database_is_empty():
        raise BackupError("The database already holds cases. Restore into an empty database.")
    if not force and _evidence_keys_on_disk():
        raise BackupError("The evidence store is not empty. Restore into an empty one.")
    if connection.in_atomic_block:
        raise BackupError("Run restores outside a transaction.")

    database_file = source / manifest["database_file"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        backup_db = sqlite3.connect(database_file)
        try:
            backup_db.backup(connection.connection)
        finally:
            backup_db.close()
    else:
        pg_restore = _require("pg_restore")
        args, env = _pg_args(connection.settings_dict)
        connection.close()
        subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
            [
                pg_restore,
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(database_file),
            ],
            env=env,
            check=True,
            capture_output=True,
        )
    evidence_source = source / EVIDENCE_DIR
    if evidence_source.exists():
        for path in sorted(evidence_source.rglob("*")):
            if path.is_file():
                key = path.relative_to(evidence_source).as_posix()
                store.delete(key)  # keys are write-once: a forced restore replaces the file
                with open(path, "rb") as encrypted:
                    store.put_stored(key, encrypted)
    _check_restored_evidence()
    return manifest


def _check_restored_evidence() -> None:
    from .models import EvidenceFile

    problems = []
    for key, expected in EvidenceFile.objects.values_list("storage_key", "stored_sha256"):
        if not store.exists(key) or _stored_sha256(key) != expected:
            problems.append(key)
    if problems:
        raise BackupError(
            f"{len(problems)} evidence files are missing or do not match their recorded SHA-256."
        )
