"""PDF evidence keeps what it shows and loses everything that says who made it, where and when.

Each test sends a PDF built to carry one kind of identifying detail
(tests/identifying_files.py) through the whole pipeline, decrypts what was
stored and reads it back with pikepdf (and with exiftool and qpdf where the
machine has them).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zlib

import pikepdf
import pytest
from PIL import Image

from reporting.evidence import clean, store
from reporting.evidence.pipeline import process_upload
from tests.identifying_files import (
    CAMERA_MAKE,
    CAMERA_SERIAL,
    ORIGINAL_ID,
    OWNER_NAME,
    PIECE_INFO,
    identifying_pdf,
    identifying_photo,
    markers_in,
)
from tests.reporting.conftest import upload


def send(data: bytes):
    stored = process_upload(upload("scan.pdf", data, "application/pdf"))
    return stored, b"".join(store.read_plaintext(stored.storage_key))


@pytest.fixture(scope="module")
def original() -> bytes:
    data = identifying_pdf()
    # The test file does carry each detail, in plain bytes.
    assert {CAMERA_MAKE, CAMERA_SERIAL, OWNER_NAME, PIECE_INFO} <= set(markers_in(data))
    return data


@pytest.fixture
def cleaned(original):
    stored, data = send(original)
    return stored, data


def every_object(pdf: pikepdf.Pdf):
    return list(clean._reachable_dictionaries(pdf))


def images(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    return [
        obj
        for obj in every_object(pdf)
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image
    ]


def test_a_photo_inside_a_pdf_loses_its_gps_position_camera_and_serial(cleaned):
    _stored, data = cleaned
    with pikepdf.open(io.BytesIO(data)) as pdf:
        [image] = images(pdf)
        assert image.Filter == pikepdf.Name.DCTDecode
        photo = Image.open(io.BytesIO(image.read_raw_bytes()))
        photo.load()
        # Still the picture: the same size and colour.
        assert photo.size == (80, 60) and (int(image.Width), int(image.Height)) == (80, 60)
        red, green, blue = photo.getpixel((40, 30))
        assert red > 150 and green < 80 and blue < 80
        # And nothing else.
        assert len(photo.getexif()) == 0
        assert not photo.getexif().get_ifd(0x8825)
        assert b"Exif\x00\x00" not in image.read_raw_bytes()
        assert "/Metadata" not in image


def test_a_photo_drawn_inline_in_the_page_loses_its_exif_too():
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(100, 100))
    photo = identifying_photo(size=(16, 12))
    inline = b"q 80 0 0 60 10 20 cm BI /W 16 /H 12 /CS /RGB /BPC 8 /F /DCT ID " + photo + b" EI Q"
    pdf.pages[0].Contents = pdf.make_stream(inline)
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    assert CAMERA_SERIAL in markers_in(out.getvalue())

    stored, data = send(out.getvalue())

    assert markers_in(data) == []
    assert clean.PLACE in stored.removed and clean.SERIAL in stored.removed
    with pikepdf.open(io.BytesIO(data)) as cleaned_pdf:
        [image] = images(cleaned_pdf)
        picture = Image.open(io.BytesIO(image.read_raw_bytes()))
        assert picture.size == (16, 12) and len(picture.getexif()) == 0
        drawn = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(cleaned_pdf.pages[0]))
        assert b" Do" in drawn and b"BI" not in drawn


def test_an_uploaded_photo_and_the_same_photo_inside_a_pdf_are_told_the_same_things(cleaned):
    stored, _data = cleaned
    photo = process_upload(upload("photo.jpg", identifying_photo()))
    assert set(photo.removed) <= set(stored.removed)
    assert {clean.PLACE, clean.DEVICE, clean.SERIAL} <= set(stored.removed)


def test_annotations_keep_their_words_and_lose_author_and_dates(cleaned):
    _stored, data = cleaned
    with pikepdf.open(io.BytesIO(data)) as pdf:
        note, popup = pdf.pages[0].Annots
        assert str(note.Contents) == "this is where it happened"
        assert note.Popup.objgen == popup.objgen
        for annotation in (note, popup):
            for key in ("/T", "/M", "/CreationDate"):
                assert key not in annotation, key


def test_xmp_is_removed_from_the_catalog_and_from_every_object(cleaned):
    _stored, data = cleaned
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/Metadata" not in pdf.Root
        assert pdf.pages, "the page is still there"
        for obj in every_object(pdf):
            assert "/Metadata" not in obj
            assert obj.get("/Type") != pikepdf.Name.Metadata
        # Nor left in the file as an unreferenced object.
        assert not [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.XML
        ]


def test_piece_info_document_info_and_the_original_id_are_gone(cleaned):
    _stored, data = cleaned
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1
        for obj in every_object(pdf):
            assert "/PieceInfo" not in obj
            assert "/LastModified" not in obj
        assert not dict(pdf.docinfo)
        # A PDF writer always gives a file an /ID: a new one, not the original's.
        first, second = (bytes(part) for part in pdf.trailer.ID)
        assert ORIGINAL_ID not in (first, second)


def test_no_marker_is_left_in_the_stored_pdf_or_any_of_its_streams(cleaned):
    _stored, data = cleaned
    assert markers_in(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                assert markers_in(obj.read_raw_bytes()) == []
                try:
                    decoded = obj.read_bytes()
                except pikepdf.PdfError:  # a JPEG: its raw bytes were checked
                    continue
                assert markers_in(decoded) == []
                assert markers_in(zlib.compress(decoded)) == []


def test_what_the_pupil_is_told_is_what_was_removed(cleaned, original):
    stored, _data = cleaned
    assert set(stored.removed) == {
        clean.PLACE,
        clean.DEVICE,
        clean.SERIAL,
        clean.AUTHOR,
        clean.WHEN_TAKEN,
        clean.EDITING,
        clean.APP,
        clean.MADE_WHEN,
        clean.FILE_ID,
    }


def test_a_pdf_with_nothing_hidden_is_told_nothing_was_removed_but_its_id():
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(100, 100))
    out = io.BytesIO()
    pdf.save(out)
    stored, data = send(out.getvalue())
    # pikepdf writes an /ID like every PDF writer: it is replaced, and the pupil told so.
    assert stored.removed == [clean.FILE_ID]
    with pikepdf.open(io.BytesIO(data)) as cleaned_pdf:
        assert len(cleaned_pdf.pages) == 1


def test_a_form_field_keeps_its_name():
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(100, 100))
    field = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Widget,
            FT=pikepdf.Name.Tx,
            Rect=[10, 10, 90, 30],
            T=pikepdf.String("name_of_school"),
            V=pikepdf.String("Northfield"),
        )
    )
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([field]))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))
    out = io.BytesIO()
    pdf.save(out)
    stored, data = send(out.getvalue())
    with pikepdf.open(io.BytesIO(data)) as cleaned_pdf:
        [widget] = cleaned_pdf.pages[0].Annots
        assert str(widget.T) == "name_of_school" and str(widget.V) == "Northfield"
    assert clean.AUTHOR not in stored.removed


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool is not installed")
def test_exiftool_finds_no_gps_camera_or_author_in_the_stored_pdf(cleaned, original, tmp_path):
    _stored, data = cleaned

    def exiftool(pdf_bytes: bytes) -> str:
        path = tmp_path / "evidence.pdf"
        path.write_bytes(pdf_bytes)
        return subprocess.run(
            ["exiftool", "-a", "-u", "-ee", "-G1", str(path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout

    before = exiftool(original)
    # exiftool reads the embedded photo's EXIF and the annotations in the original.
    assert "GPS" in before and CAMERA_SERIAL in before and OWNER_NAME in before
    after = exiftool(data)
    assert "GPS" not in after
    assert markers_in(after.encode()) == []
    assert "Page Count" in after and "1" in after


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_the_stored_pdf_well_formed(cleaned, tmp_path):
    _stored, data = cleaned
    path = tmp_path / "evidence.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["qpdf", "--check", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout
