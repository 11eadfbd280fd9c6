"""Adding a school: in the admin in one form, or with the one command the README shows."""

import shlex
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site, WorkflowPage

from reporting.choices import AuditAction, TeamRole
from reporting.models import AuditEntry, SafeguardingLead
from tests.builders import make_user
from tests.security.helpers import verified_login
from themes.models import SchoolBranding

pytestmark = pytest.mark.django_db
README = Path(__file__).resolve().parents[2] / "README.md"


def readme_add_school_command() -> list[str]:
    """The add_school line of the README, split as a shell would."""
    line = next(
        line
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.startswith(".venv/bin/python manage.py add_school ")
    )
    return shlex.split(line)[3:]  # after ".venv/bin/python manage.py add_school"


def assert_school_is_complete(site: Site, *, name: str, dsl, client) -> None:
    assert site.site_name == name
    home = site.root_page.specific
    assert type(home).__name__ == "HomePage" and home.live and home.title == name
    help_page = home.get_children().live().get(slug="get-help")
    assert help_page.specific.intro
    branding = SchoolBranding.objects.get(site=site)
    assert branding.school_name == name
    for role in ("mentors", "moderators"):
        assert Group.objects.filter(name=f"{name} {role}").exists()
    assert WorkflowPage.objects.get(page=home).workflow.name == f"{name} moderation"
    member = SafeguardingLead.objects.get(school=site, user=dsl)
    assert member.role == TeamRole.DSL
    assert AuditEntry.objects.filter(action=AuditAction.CREATE_SCHOOL, school=site).exists()
    assert AuditEntry.objects.filter(action=AuditAction.APPOINT, school=site).exists()
    # Its pages answer at its address, with "Get help now" working.
    home_page = client.get("/", HTTP_HOST=site.hostname)
    assert home_page.status_code == 200 and name in home_page.content.decode()
    assert client.get("/get-help/", HTTP_HOST=site.hostname).status_code == 200


def test_the_readme_command_sets_up_a_whole_school(client, settings):
    args = readme_add_school_command()
    dsl_username = args[args.index("--dsl") + 1]
    hostname = args[args.index("--hostname") + 1]
    name = args[args.index("--name") + 1]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, hostname]
    dsl = make_user(username=dsl_username, email="dsl@oakfield.example.org")
    out = StringIO()
    call_command("add_school", *args, stdout=out)
    assert "is set up" in out.getvalue()
    site = Site.objects.get(hostname=hostname)
    assert_school_is_complete(site, name=name, dsl=dsl, client=client)


def test_the_command_refuses_a_name_already_used_and_makes_nothing(school):
    make_user(username="jpatel", email="j@example.org")
    taken = school.site_name or "Taken"
    SchoolBranding.objects.update_or_create(site=school, defaults={"school_name": taken})
    sites = Site.objects.count()
    with pytest.raises(Exception, match="already set up"):
        call_command("add_school", "--name", taken, "--hostname", "new.example", "--dsl", "jpatel")
    assert Site.objects.count() == sites


def test_an_admin_adds_a_school_in_one_form(client, superuser, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "riverside.example.org"]
    dsl = make_user(username="rdsl", email="rdsl@riverside.example.org", first_name="Rae")
    verified_login(client, superuser)
    form = client.get(reverse("schools_add"))
    assert form.status_code == 200 and "Designated safeguarding lead" in form.content.decode()
    response = client.post(
        reverse("schools_add"),
        {
            "name": "Riverside Primary",
            "hostname": "https://Riverside.example.org/",
            "port": "80",
            "theme": "primary",
            "dsl": dsl.pk,
        },
    )
    site = Site.objects.get(hostname="riverside.example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting_triage:team", args=[site.pk])
    assert_school_is_complete(site, name="Riverside Primary", dsl=dsl, client=client)
    assert SchoolBranding.objects.get(site=site).theme == "primary"


def test_a_problem_is_explained_and_what_was_typed_is_kept(client, superuser, school):
    dsl = make_user(username="rdsl", email="rdsl@example.org")
    verified_login(client, superuser)
    sites = Site.objects.count()
    response = client.post(
        reverse("schools_add"),
        {
            "name": "Hillside School",
            "hostname": school.hostname,
            "port": str(school.port),
            "theme": "secondary",
            "dsl": dsl.pk,
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "already another school" in body
    assert 'value="Hillside School"' in body
    assert Site.objects.count() == sites


def test_only_an_admin_may_add_a_school(client, school):
    from reporting.services.team import team_appoint

    dsl = make_user(username="dsl", email="dsl@example.org")
    team_appoint(actor=None, school=school, user=dsl, role=TeamRole.DSL)
    verified_login(client, dsl)
    response = client.post(
        reverse("schools_add"),
        {
            "name": "Mine",
            "hostname": "mine.example",
            "port": "80",
            "theme": "secondary",
            "dsl": dsl.pk,
        },
    )
    assert response.status_code in {302, 403}
    assert not Site.objects.filter(hostname="mine.example").exists()
