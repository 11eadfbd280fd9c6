"""Uploaded media served by the app (upstander.media), in both of its modes.

"app": the app sends the bytes, with range requests so video can seek.
"nginx": the app checks the request and hands the file to nginx with
X-Accel-Redirect (tests/site/test_nginx_site.py shows nginx sending it).
"""

from __future__ import annotations

import pytest

MEDIA_BYTES = bytes(range(256)) * 4  # 1,024 bytes, each offset recognisable

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    (root / "clips").mkdir(parents=True)
    (root / "clips" / "clip.mp4").write_bytes(MEDIA_BYTES)
    (root / "clips" / "drawing.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    (root / "clips" / "captions.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n")
    (tmp_path / "secret.txt").write_text("outside media")
    settings.MEDIA_ROOT = root
    settings.SENDFILE_ROOT = str(root)
    settings.MEDIA_SENDFILE = "app"
    return root


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_whole_file_is_sent_with_ranges_offered(client, media_root):
    response = client.get("/media/clips/clip.mp4")
    assert response.status_code == 200 and body(response) == MEDIA_BYTES
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("asked", "first", "last"),
    [
        ("bytes=100-199", 100, 199),
        ("bytes=1000-", 1000, 1023),
        ("bytes=-24", 1000, 1023),
        ("bytes=1000-5000", 1000, 1023),
    ],
)
def test_a_range_request_gets_206_and_exactly_those_bytes(client, media_root, asked, first, last):
    response = client.get("/media/clips/clip.mp4", HTTP_RANGE=asked)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/1024"
    assert body(response) == MEDIA_BYTES[first : last + 1]
    assert response["Content-Length"] == str(last - first + 1)


@pytest.mark.parametrize("asked", ["bytes=1024-", "bytes=2000-3000", "bytes=500-100"])
def test_a_range_outside_the_file_gets_416(client, media_root, asked):
    response = client.get("/media/clips/clip.mp4", HTTP_RANGE=asked)
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"


@pytest.mark.parametrize(
    "path", ["/media/../secret.txt", "/media/clips/../../secret.txt", "/media/%2e%2e/secret.txt"]
)
def test_a_path_out_of_the_media_folder_is_not_found(client, media_root, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"outside media" not in body(response)


def test_a_missing_file_is_not_found(client, media_root):
    assert client.get("/media/clips/nothing.mp4").status_code == 404


def test_uploaded_markup_is_a_download_never_rendered(client, media_root):
    response = client.get("/media/clips/drawing.svg")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_captions_are_served_as_webvtt(client, media_root):
    response = client.get("/media/clips/captions.vtt")
    assert response["Content-Type"] == "text/vtt"


def test_unchanged_since_gives_304(client, media_root):
    first = client.get("/media/clips/clip.mp4")
    again = client.get("/media/clips/clip.mp4", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_writes_are_refused(client, media_root):
    assert client.post("/media/clips/clip.mp4").status_code == 405


def test_behind_nginx_the_app_checks_then_hands_the_file_over(client, media_root, settings):
    settings.MEDIA_SENDFILE = "nginx"
    response = client.get("/media/clips/clip.mp4")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/internal-media/clips/clip.mp4"
    assert body(response) == b""
    svg = client.get("/media/clips/drawing.svg")
    assert svg["X-Accel-Redirect"] == "/internal-media/clips/drawing.svg"
    assert svg["Content-Disposition"].startswith("attachment")
    assert svg["Content-Type"] == "image/svg+xml"
    outside = client.get("/media/../secret.txt")
    assert outside.status_code == 404 and "X-Accel-Redirect" not in outside
