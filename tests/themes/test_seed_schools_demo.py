"""`seed_schools_demo` brands the two demo schools and creates their groups."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from themes.models import SchoolBranding

pytestmark = pytest.mark.django_db


def test_each_demo_host_gets_its_school_and_theme(demo_sites):
    local, loopback = demo_sites
    call_command("seed_schools_demo", stdout=StringIO())
    north = SchoolBranding.objects.get(site=loopback)
    brook = SchoolBranding.objects.get(site=local)
    assert (north.school_name, north.theme) == ("Northfield Academy", "secondary")
    assert (brook.school_name, brook.theme) == ("Brook Lane Primary", "primary")
    assert brook.phone and brook.urgent_contact
    names = set(Group.objects.values_list("name", flat=True))
    assert {
        "Northfield Academy mentors",
        "Northfield Academy moderators",
        "Brook Lane Primary mentors",
        "Brook Lane Primary moderators",
    } <= names


def test_running_it_twice_changes_nothing(demo_sites):
    call_command("seed_schools_demo", stdout=StringIO())
    counts = (Group.objects.count(), SchoolBranding.objects.count())
    call_command("seed_schools_demo", stdout=StringIO())
    assert (Group.objects.count(), SchoolBranding.objects.count()) == counts
