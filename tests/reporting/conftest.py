"""Fixtures for the public report flow: files built on the fly, and a report poster."""

from __future__ import annotations

import io
import secrets
import struct

import pikepdf
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from reporting import receipts

GPS_LATITUDE = (51, 30, 26)


def jpeg_with_exif(*, size=(64, 48), trailing: bytes = b"", comment: bytes = b"") -> bytes:
    """A JPEG carrying GPS, camera make/model, author, software and date in its EXIF."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SentinelPhoneMaker"  # Make
    exif[0x0110] = "SentinelPhone 15 Pro"  # Model
    exif[0x0131] = "SentinelCamApp 2.0"  # Software
    exif[0x013B] = "Sentinel Author Name"  # Artist
    exif[0x0132] = "2024:05:01 12:00:00"  # DateTime
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = GPS_LATITUDE
    gps[3] = "W"
    gps[4] = (0, 7, 39)
    out = io.BytesIO()
    kwargs = {"exif": exif.tobytes(), "quality": 90}
    if comment:
        kwargs["comment"] = comment
    image.save(out, "JPEG", **kwargs)
    return out.getvalue() + trailing


def png_with_text() -> bytes:
    image = Image.new("RGBA", (40, 30), (0, 120, 200, 255))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Sentinel PNG Author")
    info.add_text("Comment", "sentinel png secret comment")
    info.add_itxt("Description", "sentinel itxt description")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def pdf_with_author_and_javascript() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    pdf.docinfo["/Author"] = "Sentinel PDF Author"
    pdf.docinfo["/Producer"] = "SentinelPDFMaker"
    js = pikepdf.Dictionary(
        Type=pikepdf.Name.Action,
        S=pikepdf.Name.JavaScript,
        JS=pikepdf.String("app.alert('sentinel-js');"),
    )
    pdf.Root.OpenAction = pdf.make_indirect(js)
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(
            Names=pikepdf.Array([pikepdf.String("x"), pdf.make_indirect(js)])
        )
    )
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def png_bomb(side: int = 20000) -> bytes:
    """A small PNG that claims side×side pixels: a decompression bomb."""
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = zlib.compress(b"\x00" * (side // 8 + 1), 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
        + chunk(b"IDAT", raw)
        + chunk(b"IEND", b"")
    )


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert('x')</script></body></html>"


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def report_data(**overrides) -> dict:
    """A complete, valid report as the last step posts it."""
    data = {
        "step": "4",
        "nav": "send",
        "submission_token": secrets.token_urlsafe(32),
        "receipt_words": receipts.generate_passphrase(),
        "danger_now": "no",
        "reporter_role": "me",
        "categories": ["nasty_messages"],
        "platform": "snapchat",
        "where_detail": "",
        "when_happened": "last night",
        "what_happened": "They keep sending me mean messages.",
        "people_involved": "",
        "say_who": "",
        "reporter_identity": "",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _private_evidence_root(settings, tmp_path):
    """Each test gets its own evidence store, so "nothing stored" can be checked on disk."""
    settings.EVIDENCE_ROOT = tmp_path / "evidence"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def post_report(client, school):
    def post(**overrides):
        files = overrides.pop("files", None)
        data = report_data(**overrides)
        if files:
            data["evidence"] = files
        # A sent report answers with a redirect to its one-time receipt page: follow it.
        return client.post("/report/", data, follow=True)

    return post
