"""The evidence pipeline: type from bytes, refusals, metadata removed, encrypted at rest."""

import io

import pikepdf
import pytest
from PIL import Image

from reporting.evidence import store
from reporting.evidence.clean import ACTIVE, AUTHOR, DEVICE, PLACE, TEXT_NOTES
from reporting.evidence.pipeline import display_name, process_upload
from reporting.evidence.sniff import sniff
from reporting.evidence.validate import Refused
from tests.reporting.conftest import (
    HTML,
    SVG,
    jpeg_with_exif,
    pdf_with_author_and_javascript,
    png_bomb,
    png_with_text,
    upload,
)


def stored_plaintext(key: str) -> bytes:
    return b"".join(store.read_plaintext(key))


def test_gps_and_camera_exif_are_removed_from_jpeg_evidence(settings):
    original = jpeg_with_exif()
    assert (
        Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    )  # the test file does carry GPS
    stored = process_upload(upload("holiday.jpg", original))
    cleaned = stored_plaintext(stored.storage_key)
    image = Image.open(io.BytesIO(cleaned))
    assert image.format == "JPEG"
    assert len(image.getexif()) == 0
    assert not image.getexif().get_ifd(0x8825)
    for sentinel in (b"SentinelPhone", b"Sentinel Author", b"SentinelCamApp", b"Exif\x00\x00"):
        assert sentinel not in cleaned
    assert PLACE in stored.removed and DEVICE in stored.removed and AUTHOR in stored.removed


def test_jpeg_comment_is_removed():
    stored = process_upload(upload("c.jpg", jpeg_with_exif(comment=b"sentinel comment text")))
    assert b"sentinel comment text" not in stored_plaintext(stored.storage_key)


def test_png_text_chunks_are_removed():
    stored = process_upload(upload("shot.png", png_with_text(), "image/png"))
    cleaned = stored_plaintext(stored.storage_key)
    image = Image.open(io.BytesIO(cleaned))
    image.load()
    assert image.format == "PNG"
    assert not getattr(image, "text", {})
    assert b"Sentinel PNG Author" not in cleaned and b"sentinel itxt" not in cleaned
    assert TEXT_NOTES in stored.removed


def test_pdf_author_is_removed_and_javascript_is_stripped():
    stored = process_upload(upload("doc.pdf", pdf_with_author_and_javascript(), "application/pdf"))
    cleaned = stored_plaintext(stored.storage_key)
    assert b"Sentinel PDF Author" not in cleaned
    assert b"sentinel-js" not in cleaned
    with pikepdf.open(io.BytesIO(cleaned)) as pdf:
        assert "/Author" not in pdf.docinfo
        assert "/OpenAction" not in pdf.Root
        assert "/JavaScript" not in pdf.Root.get("/Names", pikepdf.Dictionary())
    assert AUTHOR in stored.removed and ACTIVE in stored.removed


def test_stored_evidence_bytes_are_not_the_plaintext():
    stored = process_upload(upload("notes.txt", b"sentinel plain evidence text\n", "text/plain"))
    raw = store.evidence_path(stored.storage_key).read_bytes()
    assert b"sentinel plain evidence text" not in raw
    assert stored_plaintext(stored.storage_key) == b"sentinel plain evidence text\n"
    assert stored.info.stored_bytes == len(raw)


def test_original_file_name_is_never_part_of_the_storage_path():
    stored = process_upload(
        upload("../../etc/passwd-my-secret-name.png", png_with_text(), "image/png")
    )
    assert "secret" not in stored.storage_key and ".." not in stored.storage_key
    assert display_name("../../etc/evil\x00name.png") == "evilname.png"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("drawing.svg", SVG, "web_page"),
        ("photo.jpg", HTML, "web_page"),
        ("archive.jpg", b"PK\x03\x04" + b"\x00" * 100, "archive"),
        ("run.exe", b"MZ\x90\x00" + b"\x00" * 100, "program"),
        ("run.sh", b"#!/bin/sh\nrm -rf /\n", "program"),
        ("anim.gif", b"GIF89a" + b"\x00" * 50, "unsupported_image"),
    ],
)
def test_disallowed_types_are_refused_by_their_bytes(name, data, reason):
    with pytest.raises(Refused) as refusal:
        process_upload(upload(name, data))
    assert refusal.value.reason == reason
    assert refusal.value.message  # a plain-words reason for the pupil


def test_jpeg_with_a_zip_appended_is_refused_as_a_polyglot():
    with pytest.raises(Refused) as refusal:
        process_upload(upload("p.jpg", jpeg_with_exif(trailing=b"PK\x03\x04" + b"\x00" * 40)))
    assert refusal.value.reason == "polyglot"


def test_jpeg_with_html_appended_is_refused_as_a_polyglot():
    with pytest.raises(Refused):
        process_upload(upload("p.jpg", jpeg_with_exif(trailing=b"<html><script>alert(1)</script>")))


def test_harmless_trailing_bytes_are_dropped_by_reencoding():
    stored = process_upload(upload("t.jpg", jpeg_with_exif(trailing=b"sentinel-trailer-bytes")))
    assert b"sentinel-trailer-bytes" not in stored_plaintext(stored.storage_key)


def test_decompression_bomb_is_refused_without_decoding():
    with pytest.raises(Refused) as refusal:
        process_upload(upload("bomb.png", png_bomb(), "image/png"))
    assert refusal.value.reason == "too_many_pixels"


def test_huge_jpeg_is_decoded_at_reduced_scale(settings):
    settings.EVIDENCE_MAX_IMAGE_PIXELS = 1000
    stored = process_upload(upload("big.jpg", jpeg_with_exif(size=(80, 50))))
    image = Image.open(io.BytesIO(stored_plaintext(stored.storage_key)))
    assert image.size[0] * image.size[1] <= 1000


def test_file_over_the_per_file_limit_is_refused(settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 100
    with pytest.raises(Refused) as refusal:
        process_upload(upload("big.txt", b"a" * 101, "text/plain"))
    assert refusal.value.reason == "too_big"


def test_pdf_with_password_is_refused():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="u"))
    with pytest.raises(Refused) as refusal:
        process_upload(upload("locked.pdf", out.getvalue(), "application/pdf"))
    assert refusal.value.reason == "locked_pdf"


def test_heic_is_accepted_and_stored_as_jpeg_without_metadata():
    pillow_heif = pytest.importorskip("pillow_heif")
    image = Image.new("RGB", (32, 32), (10, 200, 10))
    out = io.BytesIO()
    try:
        heif = pillow_heif.from_pillow(image)
        exif = Image.Exif()
        exif[0x0110] = "SentinelHeicModel"
        heif.save(out, exif=exif.tobytes())
    except Exception as error:  # no HEVC encoder in this build
        pytest.skip(f"cannot write HEIC here: {error}")
    data = out.getvalue()
    assert sniff(data[:4096]).mime == "image/heic"
    stored = process_upload(upload("IMG_0001.HEIC", data, "image/heic"))
    cleaned = stored_plaintext(stored.storage_key)
    assert stored.mime == "image/jpeg" and b"SentinelHeicModel" not in cleaned


def test_webp_is_accepted_and_stored_as_png():
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (1, 2, 3)).save(out, "WEBP")
    stored = process_upload(upload("s.webp", out.getvalue(), "image/webp"))
    assert stored.mime == "image/png"
    assert Image.open(io.BytesIO(stored_plaintext(stored.storage_key))).format == "PNG"


def test_plain_text_is_kept_exactly():
    text = "He said <3 and then 'see you' \u2764\r\nline two\n".encode()
    stored = process_upload(upload("chat.txt", text, "text/plain"))
    assert stored_plaintext(stored.storage_key) == text
