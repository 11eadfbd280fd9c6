"""reporting.evidence.clean for photos: where a JPEG ends, turning and colours, without copies."""

import io

import pytest
from PIL import ExifTags, Image, ImageCms

from reporting.evidence import clean as cleaning
from reporting.evidence import store
from reporting.evidence.clean import COLOUR, TRAILING, check_trailing_data
from reporting.evidence.pipeline import process_upload
from reporting.evidence.validate import Refused
from tests.reporting.conftest import upload


def noisy_jpeg(**save_options) -> bytes:
    """A small photo of noise: its coded data is full of 0xFF bytes, as a real photo's is."""
    image = Image.merge("RGB", [Image.effect_noise((96, 64), 90) for _ in range(3)])
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, **save_options)
    return out.getvalue()


def stored_image(key: str) -> Image.Image:
    return Image.open(io.BytesIO(b"".join(store.read_plaintext(key))))


JPEG_KINDS = {
    "baseline": {},
    "progressive (several scans)": {"progressive": True},
    "with restart markers": {"restart_marker_blocks": 1},
}


@pytest.mark.parametrize("kind", JPEG_KINDS)
@pytest.mark.parametrize("block_bytes", [1, 2, 3, 7, 64, 1024 * 1024])
def test_the_end_of_a_jpeg_is_found_wherever_the_reading_blocks_fall(
    kind, block_bytes, monkeypatch, tmp_path
):
    # The scan is read a block at a time; a 0xFF at a block's edge must still be seen.
    monkeypatch.setattr(cleaning, "_SCAN_BLOCK_BYTES", block_bytes)
    jpeg = noisy_jpeg(**JPEG_KINDS[kind])
    path = tmp_path / "photo.jpg"
    path.write_bytes(jpeg + b"extra bytes after the picture")
    with open(path, "rb") as handle:
        assert cleaning._jpeg_end(handle) == len(jpeg)


@pytest.mark.parametrize("kind", JPEG_KINDS)
def test_a_zip_after_any_kind_of_jpeg_is_refused_and_plain_bytes_are_noted(kind, tmp_path):
    jpeg = noisy_jpeg(**JPEG_KINDS[kind])
    polyglot = tmp_path / "polyglot.jpg"
    polyglot.write_bytes(jpeg + b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(Refused) as refusal:
        check_trailing_data(polyglot, "image/jpeg", [])
    assert refusal.value.reason == "polyglot"
    harmless = tmp_path / "harmless.jpg"
    harmless.write_bytes(jpeg + b"a note from an old camera")
    removed = []
    check_trailing_data(harmless, "image/jpeg", removed)
    assert removed == [TRAILING]


def test_a_jpeg_cut_off_inside_its_picture_is_refused_as_damaged():
    jpeg = noisy_jpeg()
    with pytest.raises(Refused) as refusal:
        process_upload(upload("cut.jpg", jpeg[: len(jpeg) // 2]))
    assert refusal.value.reason == "damaged"


def test_a_sideways_phone_photo_is_stored_upright_without_its_orientation_tag():
    # Left half red, right half blue, with "turn 90 degrees clockwise to view" (Orientation 6).
    image = Image.new("RGB", (60, 40), (220, 0, 0))
    image.paste((0, 0, 220), (30, 0, 60, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif.tobytes())

    stored = stored_image(process_upload(upload("sideways.jpg", out.getvalue())).storage_key)

    assert stored.size == (40, 60)
    top, bottom = stored.getpixel((20, 10)), stored.getpixel((20, 50))
    assert top[0] > 150 and top[2] < 80  # the red half is now on top
    assert bottom[2] > 150 and bottom[0] < 80
    assert ExifTags.Base.Orientation not in stored.getexif()


def test_a_colour_profile_is_applied_then_dropped():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(out, "JPEG", icc_profile=profile)

    evidence = process_upload(upload("colour.jpg", out.getvalue()))

    assert COLOUR in evidence.removed
    stored = stored_image(evidence.storage_key)
    assert "icc_profile" not in stored.info
    red, green, blue = stored.getpixel((20, 15))
    assert abs(red - 10) < 12 and abs(green - 120) < 12 and abs(blue - 200) < 12
