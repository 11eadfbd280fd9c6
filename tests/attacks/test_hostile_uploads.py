"""Hostile files and file names sent through the real report and follow-up forms.

Already covered in tests/reporting/test_evidence_pipeline.py (not repeated here):
SVG, HTML named .jpg, archives, programs, GIF, a JPEG with a ZIP or HTML appended, a
PNG decompression bomb, a locked PDF, PDF JavaScript, display_name of "../" and NUL;
and in tests/reporting/test_report_form.py: a refused file keeps the answers, and a
10 GB Content-Length on /report/ through the test client.

Here: names with path traversal, control characters, right-to-left override and
1,000 characters through the HTTP form and onto the lead's pages; the polyglots not
covered there (a PNG with a JAR or web page appended, a WebP with script appended, a
PDF that is also a web page, markup hidden inside image metadata, a web page past the
first 4 KB of a text file, UTF-16 HTML); a JPEG "bomb"; and a 2 GB upload sent as raw
WSGI to both public forms, refused before one byte of its body is read.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import pikepdf
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from reporting.evidence import store
from reporting.evidence.pipeline import MAX_NAME_CHARS, display_name, process_upload
from reporting.evidence.validate import Refused
from reporting.models import Case, EvidenceFile, PendingUpload, Receipt
from reporting.services.submission import pending_uploads_add
from tests.reporting.conftest import jpeg_with_exif, upload
from tests.security.helpers import verified_login

from .helpers import assert_inert, body_of, followup_token, sign_in, submit_report

pytestmark = pytest.mark.django_db

STORAGE_KEY = re.compile(r"[0-9a-f]{2}/[0-9a-f]{40}\.bin")
RLO = "\u202e"


def png_bytes(size=(24, 16)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def webp_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (1, 2, 3)).save(out, "WEBP")
    return out.getvalue()


def zip_bytes() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("META-INF/MANIFEST.MF", "Main-Class: Evil\n")
        archive.writestr("Evil.class", b"\xca\xfe\xba\xbe" + b"\x00" * 20)
    return out.getvalue()


def simple_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(100, 100))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def all_files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def stored_plaintext(key: str) -> bytes:
    return b"".join(store.read_plaintext(key))


# --- File names ----------------------------------------------------------------------------

HOSTILE_NAMES = [
    "../../etc/passwd.png",
    "..\\..\\windows\\system32\\evil.png",
    "/etc/cron.d/evil.png",
    "bell\x07tab\tnewline\ncarriage\rescape\x1b[31m.png",
    f"holiday{RLO}gnp.exe",
    "<img src=x onerror=alert('xss')>.png",
    "a" * 1000 + ".png",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd.png",
]


def test_hostile_file_names_never_reach_a_path_and_are_shown_escaped_and_trimmed(
    client, school, lead, tmp_path, settings
):
    before = all_files(tmp_path)
    case, words, done = submit_report(
        client, files=[upload(name, png_bytes(), "image/png") for name in HOSTILE_NAMES]
    )
    evidence = list(EvidenceFile.objects.filter(case=case))
    assert len(evidence) == len(HOSTILE_NAMES)

    root = Path(settings.EVIDENCE_ROOT).resolve()
    for item in evidence:
        # The stored name is random: nothing of what the pupil's device called the file.
        assert STORAGE_KEY.fullmatch(item.storage_key), item.storage_key
        assert store.evidence_path(item.storage_key).is_file()
        name = item.original_name
        assert len(name) <= MAX_NAME_CHARS
        assert "/" not in name and "\\" not in name and RLO not in name
        assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in name), repr(name)
    # Every new file is inside the evidence store (the upload temp files are gone).
    new_files = all_files(tmp_path) - before
    assert new_files and all(root in path.resolve().parents for path in new_files), new_files
    assert not any(path.name in {"passwd.png", "evil.png"} for path in new_files)

    names = [item.original_name for item in evidence]
    assert "a" * MAX_NAME_CHARS in names  # trimmed, not dropped
    for html, where in [
        (body_of(done), "receipt page"),
        (body_of(sign_in(client, case.reference, words)), "follow-up page"),
    ]:
        assert_inert(html, where)
        assert RLO not in html
        assert escape("<img src=x onerror=alert('xss')>.png") in html, where
        assert "a" * MAX_NAME_CHARS in html and "a" * (MAX_NAME_CHARS + 1) not in html
    # The lead's pages name files by number, never by what the pupil's device called them.
    verified_login(client, lead)
    for url in [
        reverse("reporting_triage:case_detail", args=[case.pk]),
        reverse("reporting_records:case_file", args=[case.pk]),
    ]:
        page = body_of(client.get(url))
        assert_inert(page, url)
        assert RLO not in page and "a" * (MAX_NAME_CHARS + 1) not in page


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("C:\\Users\\Sam\\Desktop\\me.png", "me.png"),
        ("nul\x00byte.png", "nulbyte.png"),
        (f"holiday{RLO}gnp.exe", "holidaygnp.exe"),
        ("zero\u200bwidth\ufeff.png", "zerowidth.png"),
        ("line\u2028break.png", "linebreak.png"),
        ("..", ".."),
        ("", "file"),
        ("\x00\x01\x02", "file"),
        ("x" * 1000, "x" * MAX_NAME_CHARS),
    ],
)
def test_display_name_drops_paths_controls_and_direction_tricks(raw, shown):
    assert display_name(raw) == shown


def test_a_name_held_by_the_service_is_never_part_of_the_storage_key(settings):
    """Past the web layer too (a future API, a test client that does not clean names)."""
    from django.core.files.uploadedfile import InMemoryUploadedFile

    raw = "../../../../tmp/evil\x00.png"
    data = png_bytes()
    file = InMemoryUploadedFile(io.BytesIO(data), "evidence", "x.png", "image/png", len(data), None)
    file._name = raw  # what a parser that trusts the client would pass on
    held, problems = pending_uploads_add(files=[file], already_held=[])
    assert not problems
    row = PendingUpload.objects.get()
    assert STORAGE_KEY.fullmatch(row.storage_key)
    assert row.original_name == "evil.png" == held[0].name
    assert not Path("/tmp/evil.png").exists()


# --- Polyglots and disguised files ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("gifar.png", png_bytes() + zip_bytes()),  # a picture that is also a Java archive
        ("page.png", png_bytes() + b"<html><body><script>alert(1)</script></body></html>"),
        ("anim.webp", webp_bytes() + b"<script>alert(1)</script>"),
        ("photo.jpg", jpeg_with_exif() + zip_bytes()),
        ("gifar.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" + zip_bytes()),
        ("page.pdf", b"<html><script>alert(1)</script></html>\n" + simple_pdf()),
        ("notes.txt", b"ordinary words\n" * 400 + b"<script>alert(1)</script>"),
        ("utf16.txt", "\ufeff<html><script>alert(1)</script></html>".encode("utf-16-le")),
        ("cat.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("cat.jpg", b"\xef\xbb\xbf  \n<!doctype html><p>hi</p>"),
    ],
)
def test_polyglots_and_disguised_files_are_refused(name, data):
    with pytest.raises(Refused) as refusal:
        process_upload(upload(name, data))
    assert refusal.value.message


def test_a_pdf_with_a_web_page_appended_is_stored_as_a_plain_pdf():
    data = simple_pdf() + b"\n<html><body><script>alert(1)</script></body></html>\n"
    try:
        stored = process_upload(upload("doc.pdf", data, "application/pdf"))
    except Refused:
        return  # refusing it is just as safe
    cleaned = stored_plaintext(stored.storage_key)
    assert cleaned.startswith(b"%PDF-") and b"<script" not in cleaned.lower()


@pytest.mark.parametrize("where", ["comment", "exif"])
def test_markup_hidden_in_image_metadata_is_not_stored(where):
    image = Image.new("RGB", (30, 20), (200, 30, 30))
    out = io.BytesIO()
    if where == "comment":
        image.save(out, "JPEG", comment=b"<script>alert(1)</script>")
    else:
        exif = Image.Exif()
        exif[0x010E] = "<html><script>alert(1)</script></html>"  # ImageDescription
        image.save(out, "JPEG", exif=exif.tobytes())
    stored = process_upload(upload("m.jpg", out.getvalue()))
    assert b"<script" not in stored_plaintext(stored.storage_key)


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header claims width × height pixels."""
    data = bytearray(jpeg_with_exif(size=(16, 16)))
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def test_a_jpeg_claiming_billions_of_pixels_is_refused_before_it_is_decoded(monkeypatch):
    """Refused from its header: decoding it (what would exhaust memory) never starts."""
    from PIL import ImageFile

    decodes = []
    real_load = ImageFile.ImageFile.load

    def counted_load(self, *args, **kwargs):
        decodes.append(self.size)
        return real_load(self, *args, **kwargs)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counted_load)
    with pytest.raises(Refused) as refusal:
        process_upload(upload("bomb.jpg", jpeg_claiming(65000, 65000)))
    assert refusal.value.reason == "too_many_pixels"
    assert decodes == []
    # The same check lets an honest photo through, decoded.
    process_upload(upload("photo.jpg", jpeg_claiming(64, 48)))
    assert decodes


def test_a_png_bomb_with_a_huge_compressed_stream_is_refused():
    """Claims 30,000 × 30,000 and carries 900 MB of zeros squeezed into about 1 MB."""
    side = 30000
    row = b"\x00" * (side + 1)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(200)) + compressor.flush()

    def chunk(kind, payload):
        return (
            struct.pack(">I", len(payload))
            + kind
            + payload
            + struct.pack(">I", zlib.crc32(kind + payload))
        )

    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", body)
        + chunk(b"IEND", b"")
    )
    with pytest.raises(Refused) as refusal:
        process_upload(upload("bomb.png", data, "image/png"))
    assert refusal.value.reason == "too_many_pixels"


def test_hostile_files_in_a_follow_up_reply_are_refused_and_nothing_is_kept(
    client, school, settings
):
    case, words, _ = submit_report(client)
    page = body_of(sign_in(client, case.reference, words))
    before = all_files(Path(settings.EVIDENCE_ROOT))
    response = client.post(
        "/report/follow-up/",
        {
            "followup_token": followup_token(page),
            "nav": "reply",
            "message": "here is more <3",
            "evidence": [
                upload("gifar.png", png_bytes() + zip_bytes(), "image/png"),
                upload("cat.png", b"<svg onload=alert(1)>", "image/png"),
            ],
        },
    )
    html = body_of(response)
    assert response.status_code == 400
    assert "gifar.png" in html and "cat.png" in html
    assert "here is more &lt;3" in html  # what was typed is kept
    assert "Get help now" in html
    assert EvidenceFile.objects.count() == 0 and PendingUpload.objects.count() == 0
    assert all_files(Path(settings.EVIDENCE_ROOT)) == before


# --- A 2 GB upload ---------------------------------------------------------------------------


class CountingStream:
    """A request body that says how much of it was read (and is only 1 KB long)."""

    def __init__(self):
        self.read_bytes = 0
        self._data = io.BytesIO(b"--x\r\n" + b"a" * 1024)

    def read(self, size=-1):
        chunk = self._data.read(size)
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size=-1):
        chunk = self._data.readline(size)
        self.read_bytes += len(chunk)
        return chunk


@pytest.mark.parametrize("path", ["/report/", "/report/follow-up/"])
def test_a_2_gb_upload_is_refused_before_its_body_is_read_with_help_shown(school, path):
    environ = (
        RequestFactory()
        .generic("POST", path, b"", content_type="multipart/form-data; boundary=x")
        .environ
    )
    stream = CountingStream()
    environ.update(
        {
            "CONTENT_LENGTH": str(2 * 1024**3),
            "wsgi.input": stream,
            "HTTP_HOST": "localhost",
        }
    )
    status = {}

    def start_response(line, headers, exc_info=None):
        status["line"], status["headers"] = line, dict(headers)

    # As django.test.Client does: the test's database connection must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(WSGIHandler()(environ, start_response)).decode()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert status["line"].startswith("413")
    assert stream.read_bytes == 0
    assert status["headers"].get("Connection") == "close"
    assert "too big" in body and "Nothing was sent or saved" in body
    assert "Get help now" in body and "data-quick-exit" in body and "999" in body
    assert Case.objects.count() == 0 and Receipt.objects.count() == 0
