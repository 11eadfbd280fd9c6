"""Evidence can live in any Django storage, such as a private S3-compatible bucket.

Claims: with EVIDENCE_STORAGE=s3 the encrypted files go to
object storage through django-storages; only ciphertext leaves the app; the
objects are private (no anonymous read, no public ACL); leads still read them
through the audited view; the nightly clean-up, retention and backups work the
same; the private folder is not used. The S3 tests run against moto's
S3-compatible server on loopback.
"""

import json
import socket
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
import requests
from django.core.files.storage import InMemoryStorage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reporting import keyrotation
from reporting.evidence import store
from reporting.models import Case, EvidenceFile
from reporting.services.submission import orphan_evidence_cleanup
from tests.reporting.conftest import jpeg_with_exif, report_data, upload
from tests.security.conftest import build_case
from tests.security.test_key_rotation import NEW, OLD
from tests.site.test_settings_from_environment import settings_with
from tests.triage.conftest import login

pytestmark = pytest.mark.django_db

MARKER = "OBJECTSTORESENTINEL"
BUCKET = "upstander-evidence-test"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    moto_server = pytest.importorskip("moto.server")
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_client(s3_endpoint):
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="eu-west-2",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture
def folder(settings, tmp_path):
    """The private folder, which object storage must leave untouched."""
    settings.EVIDENCE_ROOT = tmp_path / "evidence-folder"
    return Path(settings.EVIDENCE_ROOT)


@pytest.fixture
def s3_evidence(settings, s3_client, s3_endpoint, folder):
    # The options EVIDENCE_STORAGE=s3 gives (test_s3_settings_come_from_the_environment).
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "eu-west-2",
                "access_key": "test",
                "secret_key": "test",
                "location": "evidence",
                "default_acl": "private",
                "file_overwrite": False,
                "querystring_auth": True,
                "querystring_expire": 60,
            },
        },
    }
    return s3_client


def stored_objects(client) -> dict[str, bytes]:
    return {
        item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    }


def test_s3_settings_come_from_the_environment():
    result = settings_with(
        {
            "EVIDENCE_STORAGE": "s3",
            "EVIDENCE_S3_BUCKET": "school-evidence",
            "EVIDENCE_S3_ENDPOINT_URL": "https://objects.example.internal",
            "EVIDENCE_S3_REGION": "eu-west-2",
            "EVIDENCE_S3_PREFIX": "northfield",
        },
        names=["STORAGES"],
    )
    assert result.returncode == 0, result.stderr
    evidence = json.loads(result.stdout.strip().splitlines()[-1])["STORAGES"]["evidence"]
    assert evidence["BACKEND"] == "storages.backends.s3.S3Storage"
    options = evidence["OPTIONS"]
    assert options["bucket_name"] == "school-evidence"
    assert options["endpoint_url"] == "https://objects.example.internal"
    assert options["location"] == "northfield"
    assert options["default_acl"] == "private"
    assert options["file_overwrite"] is False


@pytest.mark.parametrize(
    "environment, message",
    [
        ({"EVIDENCE_STORAGE": "s3"}, "EVIDENCE_STORAGE=s3 needs EVIDENCE_S3_BUCKET"),
        ({"EVIDENCE_STORAGE": "dropbox"}, 'EVIDENCE_STORAGE must be "folder" or "s3"'),
    ],
)
def test_an_incomplete_storage_setting_stops_the_start_with_an_explanation(environment, message):
    result = settings_with(environment, names=["STORAGES"])
    assert result.returncode != 0
    assert message in result.stderr


def test_a_report_sends_only_ciphertext_to_the_bucket_and_nothing_to_the_folder(
    client, school, s3_evidence, folder
):
    photo = jpeg_with_exif()
    response = client.post(
        "/report/",
        {**report_data(), "evidence": [upload("photo.jpg", photo, "image/jpeg")]},
        follow=True,
    )
    assert response.status_code == 200
    evidence = EvidenceFile.objects.get()
    objects = stored_objects(s3_evidence)
    assert list(objects) == [f"evidence/{evidence.storage_key}"]
    (ciphertext,) = objects.values()
    assert b"Sentinel" not in ciphertext  # no EXIF text, cleaned or not
    assert not ciphertext.startswith(b"\xff\xd8")  # not a JPEG
    assert len(ciphertext) == evidence.stored_bytes
    assert not folder.exists() or not any(folder.rglob("*"))


def test_objects_are_private_and_never_readable_without_credentials(
    client, school, s3_evidence, s3_endpoint
):
    client.post(
        "/report/",
        {**report_data(), "evidence": [upload("photo.jpg", jpeg_with_exif(), "image/jpeg")]},
        follow=True,
    )
    key = f"evidence/{EvidenceFile.objects.get().storage_key}"
    grants = s3_evidence.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"].get("Type") == "CanonicalUser" for grant in grants)
    anonymous = requests.get(f"{s3_endpoint}/{BUCKET}/{key}", timeout=10)
    assert anonymous.status_code == 403
    assert b"\xff\xd8" not in anonymous.content[:2]


def test_the_lead_reads_evidence_from_the_bucket_through_the_audited_view(
    school, lead, s3_evidence
):
    case = build_case(school, MARKER)
    evidence = EvidenceFile.objects.get(case=case)
    response = login(lead).get(reverse("reporting_triage:evidence", args=[case.pk, evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(f"{MARKER}-evidence-text".encode())
    for ciphertext in stored_objects(s3_evidence).values():
        assert MARKER.encode() not in ciphertext


def test_the_nightly_clean_up_and_key_rotation_work_on_the_bucket(school, s3_evidence, settings):
    settings.ENCRYPTION_KEYS = OLD
    case = build_case(school, MARKER)
    kept_key = EvidenceFile.objects.get(case=case).storage_key
    orphan_key, _ = store.write_encrypted([b"nobody sent this"])
    assert list(keyrotation.orphan_files(min_age_seconds=-60)) == [orphan_key]
    result = orphan_evidence_cleanup(now=timezone.now() + timedelta(days=1))
    assert result.orphan_files == 1
    assert not store.exists(orphan_key) and store.exists(kept_key)

    settings.ENCRYPTION_KEYS = f"{NEW},{OLD}"
    assert keyrotation.rotate_files() == 1
    rotated_key = EvidenceFile.objects.get(case=case).storage_key
    assert rotated_key != kept_key and not store.exists(kept_key)
    assert b"".join(store.read_plaintext(rotated_key)).startswith(MARKER.encode())
    assert list(stored_objects(s3_evidence)) == [f"evidence/{rotated_key}"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_copies_the_bucket_and_a_restore_puts_it_back(school, s3_evidence, tmp_path):
    case = build_case(school, MARKER)
    key = EvidenceFile.objects.get(case=case).storage_key
    (ciphertext,) = stored_objects(s3_evidence).values()
    target = tmp_path / "backup"
    call_command("backup_upstander", str(target), stdout=StringIO())
    assert (target / "evidence" / key).read_bytes() == ciphertext  # still encrypted

    Case.objects.all().delete()
    store.delete(key)
    assert stored_objects(s3_evidence) == {}
    call_command("restore_upstander", str(target), stdout=StringIO())
    assert stored_objects(s3_evidence) == {f"evidence/{key}": ciphertext}
    assert b"".join(store.read_plaintext(key)).startswith(MARKER.encode())


def test_any_django_storage_will_do(school, settings, folder):
    """The store asks a storage for nothing but open, save, delete, exists and listdir."""
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    assert isinstance(store.evidence_storage(), InMemoryStorage)
    case = build_case(school, MARKER)
    key = EvidenceFile.objects.get(case=case).storage_key
    assert b"".join(store.read_plaintext(key)).startswith(MARKER.encode())
    assert [stored for stored, _modified in store.stored_files()] == [key]
    assert not folder.exists()


def test_the_private_folder_never_gives_a_file_a_url(folder):
    storage = store.evidence_storage()
    key, _ = store.write_encrypted([b"private"])
    with pytest.raises(ValueError, match="never served by URL"):
        storage.url(key)
    assert (folder / key).stat().st_mode & 0o077 == 0  # no group or other access


def test_a_stored_key_cannot_reach_outside_the_store(s3_evidence):
    for key in ("../outside.bin", "ab/../../outside.bin", "/etc/passwd"):
        with pytest.raises(ValueError):
            store.exists(key)
        with pytest.raises(ValueError):
            b"".join(store.read_plaintext(key))
