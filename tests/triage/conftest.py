"""Fixtures for the triage back office: cases with reports, people, events and evidence."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from reporting.choices import Category, PersonRole, Platform, Risk
from reporting.models import PersonInvolved
from tests import builders
from tests.security.helpers import verified_login


@pytest.fixture(autouse=True)
def staff_groups(db):
    """Mentors and Moderators reach the Wagtail admin: the groups exist, with that permission."""
    access_admin = Permission.objects.get(codename="access_admin")
    for name in ("Mentors", "Moderators"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)


def make_case(*, school, risk=Risk.MEDIUM, text="Someone keeps sending me mean messages", **fields):
    """A new case about nasty messages on Snapchat, its risk as suggested."""
    fields.setdefault("category", Category.NASTY_MESSAGES)
    fields.setdefault("platform", Platform.SNAPCHAT)
    return builders.make_case(school=school, text=text, risk=risk, suggested_risk=risk, **fields)


def make_person(*, case, name="Sam Pupil", role=PersonRole.ALLEGED_PERPETRATOR, verified=False):
    return PersonInvolved.objects.create(case=case, name=name, role=role, verified=verified)


make_evidence = builders.make_evidence


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
