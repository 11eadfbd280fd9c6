"""Fixtures for the triage back office: cases with reports, people, events and evidence."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from reporting.choices import Category, PersonRole, Platform, Risk
from reporting.evidence.store import write_encrypted
from reporting.models import Case, EvidenceFile, PersonInvolved, Report
from tests.security.helpers import verified_login


@pytest.fixture(autouse=True)
def staff_groups(db):
    """Mentors and Moderators reach the Wagtail admin; the content work creates these groups
    in its migrations, so make sure they exist here whichever lands first."""
    access_admin = Permission.objects.get(codename="access_admin")
    for name in ("Mentors", "Moderators"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)


def make_case(*, school, risk=Risk.MEDIUM, text="Someone keeps sending me mean messages", **fields):
    fields.setdefault("category", Category.NASTY_MESSAGES)
    fields.setdefault("platform", Platform.SNAPCHAT)
    case = Case.objects.create(school=school, risk=risk, suggested_risk=risk, **fields)
    Report.objects.create(case=case, what_happened=text, people_involved="")
    return case


def make_person(*, case, name="Sam Pupil", role=PersonRole.ALLEGED_PERPETRATOR, verified=False):
    return PersonInvolved.objects.create(case=case, name=name, role=role, verified=verified)


def make_evidence(*, case, data: bytes, detected_type: str, extension: str):
    storage_key, info = write_encrypted([data])
    return EvidenceFile.objects.create(
        case=case,
        storage_key=storage_key,
        detected_type=detected_type,
        extension=extension,
        plaintext_bytes=info.plaintext_bytes,
        stored_bytes=info.stored_bytes,
        stored_sha256=info.stored_sha256,
        key_id=info.key_id,
        cleaned=True,
        removed_metadata=["the place this photo was taken"],
    )


def login(user) -> Client:
    """A client signed in as `user`, past the second factor leads and superusers need."""
    client = Client()
    verified_login(client, user)
    return client


@pytest.fixture
def case(school):
    return make_case(school=school)


@pytest.fixture
def other_case(other_school):
    return make_case(school=other_school, text="A case of the other school")


@pytest.fixture
def lead_client(lead):
    return login(lead)
