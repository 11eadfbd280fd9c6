"""The admin menu: Safeguarding only for leads; Raise a concern for every member of staff."""

from django.urls import reverse

from .conftest import login


def _menu(user) -> str:
    return login(user).get(reverse("wagtailadmin_home")).content.decode()


def _item(url_name) -> str:
    """How a menu item's URL appears in the sidebar's JSON props."""
    return reverse(url_name) + '"'


def test_leads_see_the_safeguarding_menu(lead):
    body = _menu(lead)
    for name in ("queue", "audit", "notifications", "case_log"):
        assert _item(f"reporting_triage:{name}") in body


def test_others_see_only_raise_a_concern(mentor, staff_member, superuser):
    for user in (mentor, staff_member, superuser):
        body = _menu(user)
        for name in ("queue", "audit", "notifications", "case_log"):
            assert _item(f"reporting_triage:{name}") not in body, (user, name)
        assert _item("reporting_triage:concern") in body
