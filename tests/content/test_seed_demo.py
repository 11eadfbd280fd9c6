"""seed_demo builds every page type and is idempotent."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from content.models import CodeOfConductPage, GuidePage, HelpPage, HomePage, PodcastPage, VideoPage
from reporting.models import Case, SafeguardingLead

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

COUNTED = [
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "wagtailcore.Site",
    "content.Topic",
    "content.Helpline",
    "content.MentorProfile",
    "wagtailmedia.Media",
    "wagtaildocs.Document",
    "auth.User",
]


def counts():
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


def test_seed_demo_builds_two_schools_and_a_second_run_adds_nothing(settings, capsys):
    settings.DEBUG = False
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first

    main = Site.objects.get(is_default_site=True)
    assert (main.hostname, main.port) == ("127.0.0.1", 8000)
    assert isinstance(main.root_page.specific, HomePage)
    # Named after the school, as every queue row, case page and alert shows it.
    assert main.site_name == "Northfield Academy"
    primary = Site.objects.get(hostname="localhost", port=8000)
    assert primary.site_name == "Brook Lane Primary"
    assert primary.root_page.title == "Brook Lane Primary"
    assert GuidePage.objects.live().descendant_of(primary.root_page).count() == 1
    assert HelpPage.objects.live().descendant_of(primary.root_page).exists()
    # Wagtail's welcome page is gone.
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()
    assert GuidePage.objects.live().descendant_of(main.root_page).count() >= 14
    for model in [VideoPage, PodcastPage, CodeOfConductPage, HelpPage]:
        assert model.objects.live().descendant_of(main.root_page).exists(), model
    video = VideoPage.objects.get()
    assert video.captions.file.name.endswith(".vtt") and video.video.file.size > 0
    assert PodcastPage.objects.get().audio.file.size > 0
    assert Revision.objects.count() >= Page.objects.filter(depth__gte=2).count()
    # With DEBUG off: no passwords printed, and the demo passwords do not work.
    output = capsys.readouterr().out
    assert "upstander-admin-demo" not in output
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and not admin.check_password("upstander-admin-demo")
    mentor = get_user_model().objects.get(username="mentor")
    assert mentor.last_name == "" and mentor.email == ""
    assert (
        get_user_model()
        .objects.get(username="lead")
        .groups.filter(name="Safeguarding leads")
        .exists()
    )
    # Northfield's team: the lead (DSL of both schools), a deputy and a head of year, who
    # works the one case assigned to them.
    roles = dict(SafeguardingLead.objects.filter(school=main).values_list("user__username", "role"))
    assert roles == {"lead": "dsl", "deputy": "deputy", "pastoral": "pastoral"}
    assert Case.objects.filter(school=main, assignee__username="pastoral").count() == 1
    assert SafeguardingLead.objects.get(school=primary).user.username == "lead"


def test_seed_demo_prints_demo_passwords_only_in_debug(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    assert "upstander-mentor-demo" in capsys.readouterr().out
    assert (
        get_user_model()
        .objects.get(username="moderator")
        .check_password("upstander-moderator-demo")
    )


def test_every_demo_page_renders(client):
    call_command("seed_demo")
    for page in Page.objects.live().filter(depth__gt=1).specific():
        url = page.get_url()
        site_host = "localhost:8000" if "brook-lane" in page.url_path else "127.0.0.1:8000"
        response = client.get(
            url if url.startswith("/") else url.split(":8000", 1)[1], HTTP_HOST=site_host
        )
        assert response.status_code == 200, page.url_path
