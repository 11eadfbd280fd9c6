"""Re-encrypt everything held at rest under the active encryption key.

Who uses this: the school's IT technician, through `manage.py
rotate_encryption_key`, after putting a new key (with a new id) first in ENCRYPTION_KEYS
(keeping the old ones after it so existing data still decrypts). When the
command reports nothing left under an old key, that key can be removed.

Safe to interrupt and run again:
- text values are found by introspection (every EncryptedTextField of every
  model) and re-encrypted in small committed batches; a value already under
  the active key is skipped, so a second run only finishes what is left;
- an evidence file, or a pupil's held upload, is decrypted and re-encrypted into a NEW file (written to a
  temporary name, fsynced, renamed), and only then is its row switched to the
  new storage key in one UPDATE; the old file is deleted after that commit.
  An interruption leaves either the old file in use (and perhaps an
  unreferenced new one) or the new file in use (and perhaps the old one):
  never a row pointing at a missing or half-written file. Unreferenced files
  are listed, and removed with --remove-orphans.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from . import crypto
from .evidence import store
from .fields import EncryptedTextField

logger = logging.getLogger(__name__)

ORPHAN_MIN_AGE_SECONDS = 60 * 60


@dataclass
class RotationResult:
    active_key_id: str
    text_values: int = 0
    files: int = 0
    remaining: dict[str, int] = field(default_factory=dict)
    orphans: list[str] = field(default_factory=list)


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every concrete model with EncryptedTextFields, and those fields' names."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


def _raw(queryset, field_name: str):
    """The stored ciphertext, not the decrypted value (Cast to a plain TextField)."""
    return queryset.annotate(_raw=Cast(field_name, models.TextField()))


def _stale_text(model, field_name: str, active_id: str):
    prefix = f"{crypto.TEXT_PREFIX}:{active_id}:"
    return (
        _raw(model._default_manager.all(), field_name)
        .exclude(_raw__isnull=True)
        .exclude(_raw="")
        .exclude(_raw__startswith=prefix)
    )


def rotate_text(*, batch_size: int = 200, dry_run: bool = False) -> int:
    """Re-encrypt every text value not under the active key; return how many were."""
    active_id = crypto.keyring().active_id
    done = 0
    for model, names in encrypted_fields():
        for name in names:
            while True:
                batch = list(
                    _stale_text(model, name, active_id)
                    .order_by("pk")
                    .values_list("pk", "_raw")[:batch_size]
                )
                if not batch:
                    break
                if dry_run:
                    done += _stale_text(model, name, active_id).count()
                    break
                with transaction.atomic():
                    for pk, ciphertext in batch:
                        plaintext = crypto.decrypt_text(ciphertext)
                        # update() passes the plaintext through the field's
                        # get_prep_value, which encrypts under the active key.
                        # The raw-value filter skips a row changed meanwhile.
                        _raw(model._default_manager.filter(pk=pk), name).filter(
                            _raw=ciphertext
                        ).update(**{name: plaintext})
                        done += 1
                logger.info("Re-encrypted %s %s.%s values", len(batch), model.__name__, name)
    return done


# Every model whose rows own an encrypted file in the evidence store: a case's
# evidence, and a pupil's held uploads (accepted, waiting for the report to be sent).
FILE_OWNER_MODELS = ("reporting.EvidenceFile", "reporting.PendingUpload")


def _file_owners() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in FILE_OWNER_MODELS]


def owned_storage_keys() -> set[str]:
    """Every storage key some row refers to: files that must never be treated as orphans."""
    owned: set[str] = set()
    for model in _file_owners():
        owned.update(model._default_manager.values_list("storage_key", flat=True))
    return owned


def _stale_files(model, active_id: str):
    return model._default_manager.exclude(key_id=active_id).order_by("pk")


def rotate_file(row) -> bool:
    """Re-encrypt one stored file into a new file, then switch its row to it.

    Returns False, changing nothing, if the row changed meanwhile: a held
    upload claimed by a report being sent is now an evidence row, which the
    caller's next look finds and rotates.
    """
    model = type(row)
    old_key = row.storage_key
    new_key, info = store.write_encrypted(store.read_plaintext(old_key))
    try:
        with transaction.atomic():
            switched = model._default_manager.filter(pk=row.pk, storage_key=old_key).update(
                storage_key=new_key,
                key_id=info.key_id,
                stored_sha256=info.stored_sha256,
                stored_bytes=info.stored_bytes,
            )
    except BaseException:
        store.delete(new_key)
        raise
    if not switched:
        store.delete(new_key)
        return False
    store.delete(old_key)
    return True


def rotate_files(*, dry_run: bool = False) -> int:
    active_id = crypto.keyring().active_id
    owners = _file_owners()
    if dry_run:
        return sum(_stale_files(model, active_id).count() for model in owners)
    done = 0
    # Re-query each time: a resumed run starts from what is still stale.
    while True:
        row = next(
            (r for model in owners if (r := _stale_files(model, active_id).first()) is not None),
            None,
        )
        if row is None:
            return done
        if rotate_file(row):
            done += 1


def remaining_by_key() -> dict[str, int]:
    """How many values and files are still under each key that is not the active one."""
    active_id = crypto.keyring().active_id
    counts: dict[str, int] = {}
    for model, names in encrypted_fields():
        for name in names:
            for ciphertext in _stale_text(model, name, active_id).values_list("_raw", flat=True):
                key_id = crypto.text_key_id(ciphertext) or "unknown"
                counts[key_id] = counts.get(key_id, 0) + 1
    for model in _file_owners():
        for key_id in _stale_files(model, active_id).values_list("key_id", flat=True):
            counts[key_id] = counts.get(key_id, 0) + 1
    return counts


def orphan_files(*, min_age_seconds: int | None = None) -> Iterator[str]:
    """Storage keys of files in the evidence store that no row refers to.

    Young files are left alone: a submission writes its files just before
    the transaction that records them commits.
    """
    known = owned_storage_keys()
    if min_age_seconds is None:
        min_age_seconds = ORPHAN_MIN_AGE_SECONDS
    cutoff = time.time() - min_age_seconds
    for key, modified in sorted(store.stored_files()):
        if key not in known and modified.timestamp() < cutoff:
            yield key


def rotate_all(
    *, batch_size: int = 200, dry_run: bool = False, remove_orphans: bool = False
) -> RotationResult:
    result = RotationResult(active_key_id=crypto.keyring().active_id)
    result.text_values = rotate_text(batch_size=batch_size, dry_run=dry_run)
    result.files = rotate_files(dry_run=dry_run)
    result.remaining = remaining_by_key()
    result.orphans = list(orphan_files())
    if remove_orphans and not dry_run:
        for key in result.orphans:
            store.delete(key)
    return result
