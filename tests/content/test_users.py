"""Mentor accounts are pupils: no surname, no required email, no avatar."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.builders import TEST_PASSWORD
from tests.security.helpers import verified_login

pytestmark = pytest.mark.django_db


def user_form(username, groups, **fields):
    return {
        "username": username,
        "email": "",
        "first_name": "",
        "last_name": "",
        "password1": "a-long-demo-password-1",
        "password2": "a-long-demo-password-1",
        "groups": [str(group.pk) for group in groups],
        "is_active": "on",
        **fields,
    }


def test_admin_creates_a_mentor_without_surname_or_email(client, superuser):
    verified_login(client, superuser)
    mentors = Group.objects.get(name="Mentors")
    response = client.post("/admin/users/new/", user_form("pupil1", [mentors], first_name="Jay"))
    assert response.status_code == 302, response.content[:3000]
    pupil = get_user_model().objects.get(username="pupil1")
    assert (pupil.first_name, pupil.last_name, pupil.email) == ("Jay", "", "")


def test_a_schools_own_mentors_group_needs_no_surname_or_email_either(client, superuser):
    verified_login(client, superuser)
    school_mentors = Group.objects.create(name="Oakfield High School mentors")
    response = client.post("/admin/users/new/", user_form("pupil3", [school_mentors]))
    assert response.status_code == 302, response.content[:3000]
    pupil = get_user_model().objects.get(username="pupil3")
    assert (pupil.first_name, pupil.last_name, pupil.email) == ("", "", "")
    refused = client.post(
        "/admin/users/new/", user_form("pupil4", [school_mentors], last_name="Smith")
    )
    assert refused.status_code == 200
    assert "do not store a surname" in refused.content.decode()


def test_a_mentors_surname_is_refused(client, superuser):
    verified_login(client, superuser)
    mentors = Group.objects.get(name="Mentors")
    response = client.post(
        "/admin/users/new/", user_form("pupil2", [mentors], first_name="Jay", last_name="Smith")
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="pupil2").exists()


def test_staff_accounts_still_need_names_and_email(client, superuser):
    verified_login(client, superuser)
    moderators = Group.objects.get(name="Moderators")
    client.post("/admin/users/new/", user_form("teacher2", [moderators]))
    assert not get_user_model().objects.filter(username="teacher2").exists()


def test_mentor_account_page_offers_no_surname_or_avatar(client, mentor):
    client.login(username="mentor", password=TEST_PASSWORD)
    html = client.get("/admin/account/").content.decode()
    assert "name_email-first_name" in html
    assert "name_email-last_name" not in html
    assert 'name="avatar-avatar"' not in html
    response = client.post(
        "/admin/account/",
        {"name_email-first_name": "Sky", "name_email-last_name": "Smith", "name_email-email": ""},
    )
    mentor.refresh_from_db()
    assert mentor.last_name == ""
    assert response.status_code in (200, 302)


def test_staff_account_page_keeps_wagtails_fields(client, moderator):
    client.login(username="moderator", password=TEST_PASSWORD)
    html = client.get("/admin/account/").content.decode()
    assert "name_email-last_name" in html
    assert 'name="avatar-avatar"' in html
