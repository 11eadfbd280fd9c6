"""Video and podcast pages: captions and transcripts before publishing; click-to-load players."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtailmedia.models import Media

from content.models import PodcastPage, VideoPage, external_player

from .conftest import make_video, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def video_file(db):
    media = Media(title="Clip", type="video", duration=3)
    media.file.save("clip.mp4", ContentFile(b"\x00" * 64), save=False)
    media.save()
    return media


@pytest.fixture
def captions(db):
    document = get_document_model()(title="Clip captions")
    document.file.save(
        "clip.vtt", ContentFile(b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n"), save=False
    )
    document.save()
    return document


def new_video(hub, **fields):
    page = VideoPage(
        title="Blocking in 30 seconds",
        slug="blocking-video",
        summary="A short video.",
        live=False,
        **fields,
    )
    page._allow_incomplete_draft = True  # saved as a draft, as "Save draft" in the editor does
    hub.add_child(instance=page)
    return VideoPage.objects.get(pk=page.pk)


def test_video_without_captions_cannot_be_published(hub, video_file):
    page = new_video(hub, video=video_file, transcript="<p>Everything said.</p>")
    with pytest.raises(ValidationError) as error:
        page.save_revision().publish()
    assert "captions" in error.value.message_dict
    page.refresh_from_db()
    assert not page.live


def test_video_without_transcript_cannot_be_published(hub, video_file, captions):
    page = new_video(hub, video=video_file, captions=captions)
    with pytest.raises(ValidationError) as error:
        page.save_revision().publish()
    assert "transcript" in error.value.message_dict


def test_captions_must_be_webvtt(hub, video_file):
    srt = get_document_model()(title="Wrong")
    srt.file.save("clip.srt", ContentFile(b"1\n00:00:00,000 --> 00:00:02,000\nHi\n"), save=False)
    srt.save()
    page = new_video(hub, video=video_file, captions=srt, transcript="<p>Words</p>")
    with pytest.raises(ValidationError):
        page.full_clean()


def test_captioned_video_with_transcript_publishes_and_plays_with_a_track(
    client, hub, video_file, captions
):
    page = new_video(hub, video=video_file, captions=captions, transcript="<p>Everything said.</p>")
    page = publish(page)
    html = client.get(page.url).content.decode()
    assert '<track kind="captions"' in html
    assert captions.file.url in html
    assert "Everything said." in html


def test_podcast_needs_audio_and_transcript_before_publishing(hub):
    page = PodcastPage(title="Episode 1", slug="episode-1", summary="Talk.", live=False)
    page._allow_incomplete_draft = True
    hub.add_child(instance=page)
    page = PodcastPage.objects.get(pk=page.pk)
    with pytest.raises(ValidationError) as error:
        page.save_revision().publish()
    assert {"audio", "transcript"} <= set(error.value.message_dict)


def test_editor_refuses_to_publish_a_video_without_captions(client, moderator, hub, video_file):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    from tests.builders import TEST_PASSWORD

    client.login(username="moderator", password=TEST_PASSWORD)
    data = nested_form_data(
        {
            "title": "No captions",
            "slug": "no-captions",
            "summary": "s",
            "review_by": "2031-01-01",
            "video": str(video_file.pk),
            "captions": "",
            "external_url": "",
            "transcript": rich_text("<p>Words</p>"),
            "comments": inline_formset([]),
            "action-publish": "1",
        }
    )
    client.post(reverse("wagtailadmin_pages:add", args=("content", "videopage", hub.pk)), data)
    assert not VideoPage.objects.filter(slug="no-captions", live=True).exists()
    # Saving a draft is allowed: the mentor can add captions later.
    data.pop("action-publish")
    client.post(reverse("wagtailadmin_pages:add", args=("content", "videopage", hub.pk)), data)
    assert VideoPage.objects.filter(slug="no-captions", live=False).exists()


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
    ],
)
def test_external_videos_use_the_privacy_enhanced_player(url, embed):
    assert external_player(url)["embed_url"] == embed


@pytest.mark.parametrize(
    "url",
    [
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)",
        "https://www.youtube.com/watch?v=<script>",
    ],
)
def test_other_video_addresses_are_refused(url):
    assert external_player(url) is None


def test_external_video_is_a_placeholder_with_no_request_to_the_provider_before_a_click(
    client, hub
):
    page = make_video(hub, title="External")
    html = client.get(page.url).content.decode()
    assert "<iframe" not in html
    # No element loads anything from the provider: no src, no poster, no preconnect.
    for attribute in ["src=", "poster=", "href="]:
        for provider in ["youtube-nocookie.com", "ytimg.com", "player.vimeo.com", "vimeocdn.com"]:
            assert f'{attribute}"https://www.{provider}' not in html
            assert f'{attribute}"https://{provider}' not in html
    # The plain link works with JavaScript off (a navigation the reader chooses).
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    assert 'data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert "click-to-load.js" in html
