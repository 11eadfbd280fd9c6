"""Mentor recognition: contributions with counts, badges, the dashboard panel and the certificate."""

import logging
import re
from datetime import date

import pytest
from django.test import override_settings
from django.utils.text import slugify
from wagtail.models import Site

from content.models import Badge, BadgeAward, GuidePage, MentorProfile
from content.voice.recognition import CertificateDetails, certificate_pdf, mentor_contributions
from tests.security.helpers import verified_login

from .conftest import database_text, publish
from .pdftext import pdf_text

REAL_NAME = "Zoë Quillfeather-Łukasik"


def make_guide(parent, *, title, mentor):
    page = GuidePage(
        title=title,
        slug=slugify(title),
        summary="A summary.",
        mentor=mentor,
        body=[{"type": "heading", "value": "Heading"}],
        live=False,
    )
    parent.add_child(instance=page)
    return publish(page)


@pytest.fixture
def badges(db):
    return {
        name: Badge.objects.create(name=name, description=f"{name}.")
        for name in ("Trained mentor", "First guide published")
    }


@pytest.fixture
def sky_with_work(hub, mentor_profile, badges, lead):
    make_guide(hub, title="Blocking people", mentor=mentor_profile)
    make_guide(hub, title="Group chats", mentor=mentor_profile)
    other = MentorProfile.objects.create(display_name="Jay")
    make_guide(hub, title="Someone else's guide", mentor=other)
    BadgeAward.objects.create(
        mentor=mentor_profile,
        badge=badges["Trained mentor"],
        citation="Finished training.",
        awarded_by=lead,
    )
    return mentor_profile


def test_contributions_are_the_mentors_live_pages_with_counts(sky_with_work, hub):
    draft = GuidePage(
        title="Unfinished",
        slug="unfinished",
        summary="x",
        mentor=sky_with_work,
        body=[],
        live=False,
    )
    hub.add_child(instance=draft)
    contributions = mentor_contributions(mentor=sky_with_work)
    assert [page.title for page in contributions.pages] == ["Blocking people", "Group chats"]
    assert contributions.counts == [("Guide", 2)]
    assert contributions.summary == "2 guides"
    assert [award.badge.name for award in contributions.badges] == ["Trained mentor"]


def test_mentor_dashboard_shows_their_own_contributions_and_badges(client, sky_with_work, mentor):
    verified_login(client, mentor)
    page = client.get("/admin/").content.decode()
    assert "Your work as a mentor" in page
    assert "You have published 2 guides" in page
    assert "Trained mentor" in page and "Finished training." in page
    assert "Someone else" not in page


def test_dashboard_panel_is_not_shown_to_staff_without_a_mentor_profile(
    client, moderator, sky_with_work
):
    verified_login(client, moderator)
    assert "Your work as a mentor" not in client.get("/admin/").content.decode()


def test_badge_award_records_who_awarded_it(client, moderator, mentor_profile, badges):
    verified_login(client, moderator)
    response = client.post(
        "/admin/snippets/content/badgeaward/add/",
        {
            "mentor": mentor_profile.pk,
            "badge": badges["First guide published"].pk,
            "awarded_on": "2026-03-01",
            "citation": "For a clear guide.",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    award = BadgeAward.objects.get()
    assert award.awarded_by == moderator
    assert award.citation == "For a clear guide."


def test_mentor_cannot_award_badges(client, mentor, mentor_profile, badges):
    verified_login(client, mentor)
    response = client.post(
        "/admin/snippets/content/badgeaward/add/",
        {
            "mentor": mentor_profile.pk,
            "badge": badges["Trained mentor"].pk,
            "awarded_on": "2026-03-01",
        },
    )
    assert response.status_code in (302, 403)
    assert not BadgeAward.objects.exists()


def certificate_post(client, mentor, **extra):
    data = {
        "real_name": REAL_NAME,
        "period_start": "2020-01-01",
        "period_end": date.today().isoformat(),
        "signed_by": "Lee Carter",
        "signed_role": "Designated Safeguarding Lead",
        "include_titles": "on",
        **extra,
    }
    return client.post(f"/admin/voice/mentors/{mentor.pk}/certificate/", data)


def school_logo():
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 60), (29, 79, 145)).save(buffer, format="PNG")
    return Image.objects.create(
        title="Logo", file=ImageFile(io.BytesIO(buffer.getvalue()), name="logo.png")
    )


def test_certificate_pdf_has_the_real_name_and_the_database_and_logs_do_not(
    client, lead, sky_with_work, caplog
):
    from themes.models import SchoolBranding

    SchoolBranding.objects.create(
        site=Site.objects.get(is_default_site=True),
        school_name="Test School Academy",
        logo=school_logo(),
    )
    caplog.set_level(logging.DEBUG)
    verified_login(client, lead)
    response = certificate_post(client, sky_with_work)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert REAL_NAME not in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert REAL_NAME in text
    for expected in (
        "Listening",
        "Empathy",
        "Communication",
        "Digital safety",
        "2 guides",
        "Blocking people",
        "Trained mentor",
        "Lee Carter, Designated Safeguarding Lead",
        "Test School Academy",
    ):
        assert expected in text, expected
    assert "Someone else" not in text
    assert b"/Subtype /Image" in response.content  # the school's logo
    everything = database_text()
    assert REAL_NAME not in everything
    for part in REAL_NAME.replace("-", " ").split():
        assert part not in everything, part
    assert REAL_NAME not in caplog.text
    # That a certificate was made is recorded, for the pseudonym only.
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.get(action="content.certificate_generated")
    assert entry.label == "Sky"
    assert entry.user_id == lead.pk


def test_certificate_form_fills_its_date_pickers_with_iso_dates(client, lead, sky_with_work):
    # <input type="date"> shows an empty field for any other format (en-GB's "07/05/2026"),
    # and then the form cannot be sent from a browser.
    verified_login(client, lead)
    page = client.get(f"/admin/voice/mentors/{sky_with_work.pk}/certificate/").content.decode()
    for name in ("period_start", "period_end"):
        field = re.search(rf'<input type="date" name="{name}" value="([^"]*)"', page)
        assert field is not None, name
        assert date.fromisoformat(field.group(1)), name


def test_certificate_form_shows_errors_without_echoing_into_storage(client, lead, sky_with_work):
    verified_login(client, lead)
    response = certificate_post(client, sky_with_work, period_end="2019-01-01")
    assert response.status_code == 200
    assert b"The end must be after the start." in response.content
    assert REAL_NAME not in database_text()


@override_settings(CERTIFICATE_FONT_DIR="/nonexistent")
def test_certificate_falls_back_to_built_in_font(sky_with_work, school):
    from themes.models import SchoolBranding

    branding = SchoolBranding(site=school, school_name="Northfield Academy")
    data = certificate_pdf(
        mentor=sky_with_work,
        details=CertificateDetails(
            real_name="Sam Taylor",
            period_start=date(2020, 1, 1),
            period_end=date.today(),
            signed_by="Ms Reed",
        ),
        branding=branding,
        generated_by=None,
    )
    text = pdf_text(data)
    assert "Sam Taylor" in text
    assert "Northfield Academy" in text


# --- Wording: citations and who signs -----------------------------------------------------


def test_a_citation_ending_in_a_full_stop_is_followed_by_its_giver_without_a_second_one(
    client,
    sky_with_work,
    mentor,
):
    verified_login(client, mentor)
    page = client.get("/admin/").content.decode()
    assert "Finished training. From lead." in page
    assert ".." not in re.sub(r"\s+", " ", page.split("Your badges")[1].split("</ul>")[0])


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Finished training.", "Finished training."),
        ("Finished training", "Finished training."),
        ("Finished training . ", "Finished training."),
        ("Brilliant work!", "Brilliant work!"),
        ("", ""),
    ],
)
def test_a_citation_is_one_sentence_whatever_its_ending(typed, shown):
    assert BadgeAward(citation=typed).citation_sentence == shown


def signed_role_offered(client, user, mentor_profile) -> str:
    verified_login(client, user)
    page = client.get(f"/admin/voice/mentors/{mentor_profile.pk}/certificate/").content.decode()
    assert 'name="signed_by"' in page
    field = re.search(r'<input type="text" name="signed_role"[^>]*>', page)
    assert field is not None
    value = re.search(r'value="([^"]*)"', field.group(0))
    return value.group(1) if value else ""


def test_a_moderator_is_not_prefilled_as_the_designated_safeguarding_lead(
    client,
    moderator,
    sky_with_work,
):
    assert signed_role_offered(client, moderator, sky_with_work) == ""


def test_a_safeguarding_lead_is_offered_their_role(client, lead, sky_with_work):
    assert signed_role_offered(client, lead, sky_with_work) == "Designated Safeguarding Lead"
