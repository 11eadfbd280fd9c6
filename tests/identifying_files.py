"""Evidence files that identify a child, built on the fly, and the markers to look for.

A phone photo with its GPS position, camera make, model and serial number and
the owner's name; a PDF that embeds that photo and adds every other place a
PDF keeps who made it and when. Each marker is a string that appears nowhere
else, so finding it anywhere after cleaning (the store, the spool, caches,
logs, the database) is a leak. Used by the evidence tests and the final scan
(tests/security/test_no_identifying_traces.py).
"""

from __future__ import annotations

import io

import pikepdf
from PIL import Image

CAMERA_MAKE = "IdentiMarkCam"
CAMERA_MODEL = "IdentiMark Phone 9"
CAMERA_SERIAL = "SN-IDENTIMARK-4242"
OWNER_NAME = "Ayla Identimark"
GPS_DATUM = "IDENTIMARK-GPS-DATUM"
GPS_LATITUDE = (51.0, 30.0, 26.42)
GPS_LONGITUDE = (0.0, 7.0, 39.07)
PIECE_INFO = "IdentiMarkEditorPrivateData"
ANNOTATION_DATE = "D:20240501121314+01'00'"
ORIGINAL_ID = b"IDENTIMARK-ID-42"  # 16 bytes, as PDF writers make them
XMP_CREATOR = "Ayla Identimark XMP"

# Every string that must never be found after cleaning.
MARKERS = (
    CAMERA_MAKE,
    CAMERA_MODEL,
    CAMERA_SERIAL,
    OWNER_NAME,
    GPS_DATUM,
    PIECE_INFO,
    ORIGINAL_ID.decode(),
)
MARKER_BYTES = tuple(marker.encode() for marker in MARKERS) + tuple(
    marker.encode("utf-16-be") for marker in MARKERS
)

_GPS_IFD = 0x8825
_EXIF_IFD = 0x8769


def identifying_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = CAMERA_MAKE
    exif[0x0110] = CAMERA_MODEL
    exif[0x013B] = OWNER_NAME  # Artist
    exif[0x0132] = "2024:05:01 12:13:14"  # DateTime
    details = exif.get_ifd(_EXIF_IFD)
    details[0xA431] = CAMERA_SERIAL  # BodySerialNumber
    details[0xA430] = OWNER_NAME  # CameraOwnerName
    gps = exif.get_ifd(_GPS_IFD)
    gps[1] = "N"
    gps[2] = GPS_LATITUDE
    gps[3] = "W"
    gps[4] = GPS_LONGITUDE
    gps[18] = GPS_DATUM  # GPSMapDatum: a string, so a copy of the GPS block can be found
    return exif


def identifying_photo(*, size=(64, 48), colour=(200, 30, 30)) -> bytes:
    """A JPEG as a phone writes it: EXIF with GPS, make, model, serial and owner."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", exif=identifying_exif().tobytes(), quality=90)
    return out.getvalue()


def _xmp(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    packet = (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:creator><rdf:Seq><rdf:li>{XMP_CREATOR}</rdf:li></rdf:Seq></dc:creator>"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()
    stream = pikepdf.Stream(pdf, packet)
    stream.Type = pikepdf.Name.Metadata
    stream.Subtype = pikepdf.Name.XML
    return pdf.make_indirect(stream)


def identifying_pdf() -> bytes:
    """A one-page PDF carrying every identifying detail a PDF can keep.

    The phone photo (with its EXIF) as the page's image; XMP on the catalog,
    the page and the image; /PieceInfo of an editing app on the catalog and
    the page; a sticky note and its popup with the author (/T) and dates;
    the document info dictionary; an original /ID.
    """
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 150))
    page = pdf.pages[0]
    photo = pikepdf.Stream(pdf, identifying_photo(size=(80, 60)))
    photo.Type = pikepdf.Name.XObject
    photo.Subtype = pikepdf.Name.Image
    photo.Width, photo.Height = 80, 60
    photo.ColorSpace = pikepdf.Name.DeviceRGB
    photo.BitsPerComponent = 8
    photo.Filter = pikepdf.Name.DCTDecode
    photo.Metadata = _xmp(pdf)
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=pdf.make_indirect(photo)))
    page.Contents = pdf.make_stream(b"q 160 0 0 120 20 15 cm /Im0 Do Q")
    piece_info = pikepdf.Dictionary(
        IdentiMarkEditor=pikepdf.Dictionary(
            Private=pikepdf.String(PIECE_INFO), LastModified=pikepdf.String(ANNOTATION_DATE)
        )
    )
    page.PieceInfo = piece_info
    page.LastModified = pikepdf.String(ANNOTATION_DATE)
    page.Metadata = _xmp(pdf)
    note = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Text,
            Rect=[10, 10, 30, 30],
            Contents=pikepdf.String("this is where it happened"),
            T=pikepdf.String(OWNER_NAME),
            M=pikepdf.String(ANNOTATION_DATE),
            CreationDate=pikepdf.String(ANNOTATION_DATE),
        )
    )
    popup = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Popup,
            Rect=[30, 30, 120, 80],
            Parent=note,
            T=pikepdf.String(OWNER_NAME),
            M=pikepdf.String(ANNOTATION_DATE),
        )
    )
    note.Popup = popup
    page.Annots = pdf.make_indirect(pikepdf.Array([note, popup]))
    pdf.Root.Metadata = _xmp(pdf)
    pdf.Root.PieceInfo = piece_info
    pdf.docinfo["/Author"] = OWNER_NAME
    pdf.docinfo["/Creator"] = CAMERA_MAKE + " Scanner"
    pdf.docinfo["/CreationDate"] = ANNOTATION_DATE
    pdf.trailer.ID = pikepdf.Array([pikepdf.String(ORIGINAL_ID), pikepdf.String(ORIGINAL_ID)])
    out = io.BytesIO()
    # Uncompressed, so the markers are plainly in the input (the tests check they were).
    pdf.save(out, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def markers_in(data: bytes) -> list[str]:
    """The markers found in these bytes (plain, or as UTF-16 as PDF strings may be)."""
    return sorted(
        {MARKERS[i % len(MARKERS)] for i, marker in enumerate(MARKER_BYTES) if marker in data}
    )


def large_identifying_photo() -> bytes:
    """A phone photo too big to be held in memory (over FILE_UPLOAD_MAX_MEMORY_SIZE): spooled to disk."""
    import random

    noise = random.Random(42).randbytes(700 * 700 * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (700, 700), noise).save(
        out, "JPEG", exif=identifying_exif().tobytes(), quality=95
    )
    return out.getvalue()
