"""Wagtail's "Reports" menu in the admin's real main menu, for a mentor and a moderator."""

import pytest
from django.urls import reverse

from .test_school_workflows import build_school, sign_in

pytestmark = pytest.mark.django_db

SITE_HISTORY = reverse("wagtailadmin_reports:site_history")


@pytest.fixture
def northfield(db):
    return build_school(hostname="northfield.test", name="Northfield Academy", slug="northfield")


def admin_home(client, user) -> str:
    response = sign_in(client, user).get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_mentor_is_not_offered_wagtails_reports_menu(client, northfield):
    html = admin_home(client, northfield.mentor)
    assert reverse("wagtailadmin_explore_root") in html  # the menu itself is there
    assert SITE_HISTORY not in html
    assert "Editorial reports" not in html


def test_a_moderator_sees_the_menu_as_editorial_reports(client, northfield):
    html = admin_home(client, northfield.moderator)
    assert SITE_HISTORY in html
    assert "Editorial reports" in html
