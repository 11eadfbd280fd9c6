"""Step 3 of the evidence pipeline: rewrite a file so only what it shows is kept.

Images are decoded (with a cap on pixels, very large JPEGs at reduced scale)
and re-encoded, which drops every kind of metadata (EXIF with GPS and device,
XMP, IPTC, comments, thumbnails) and anything appended after the picture.
PDFs lose their document info, original /ID, XMP and /PieceInfo on every
object, annotation authors and dates, and active content (JavaScript, open
and additional actions, embedded files, launch actions, XFA forms); every
photo inside is re-encoded from its pixels, as an uploaded photo is. Plain text is
kept byte for byte. Each step also says, in words a 9-year-old understands,
what it removed, so the pupil knows their photo no longer says where they were.

Every cleaner writes its output to a new file in the private upload spool
(reporting.evidence.spool) and returns it: the caller encrypts it in chunks
and deletes it.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from . import sniff as types
from .spool import spool_file, spool_writes
from .validate import Refused, check_pixels, jpeg_decode_pixels, max_image_pixels

if TYPE_CHECKING:
    import pikepdf

register_heif_opener()

# What the pupil is told was removed, one phrase per kind of hidden detail.
PLACE = "the place this photo was taken"
DEVICE = "the phone or camera's make and model"
WHEN_TAKEN = "the date and time it was taken"
APP = "the name of the app that made or changed it"
AUTHOR = "the author's name"
SERIAL = "the camera's serial number"
CAMERA_MAKER_NOTES = "hidden notes from the camera maker"
OTHER_CAMERA = "other hidden camera settings"
THUMBNAIL = "a small hidden copy of the picture"
EDITING = "hidden details saved by editing apps"
CAPTIONS = "hidden captions, names and credits"
COMMENT = "a hidden comment"
TEXT_NOTES = "hidden text notes inside the picture"
COLOUR = "the device's colour settings (the colours look the same)"
TRAILING = "extra hidden data stuck on the end of the file"
ANIMATION = "the moving parts (we kept the first picture)"
TITLE = "the document's title, subject and keywords"
MADE_WHEN = "when the document was made or changed"
ACTIVE = "hidden code that could run when it is opened"
EMBEDDED = "files hidden inside it"
FILE_ID = "a hidden code that matches it to the file on your device"
DOCUMENT_OTHER = "other hidden details about the document"

JPEG_QUALITY = 90

_TIFF_DEVICE = (0x010F, 0x0110)  # Make, Model
_TIFF_WHEN = (0x0132,)  # DateTime
_EXIF_WHEN = (0x9003, 0x9004, 0x9010, 0x9011)  # DateTimeOriginal, …Digitized, offsets
_TIFF_APP = (0x0131, 0x000B)  # Software, ProcessingSoftware
_TIFF_AUTHOR = (0x013B, 0x8298, 0x9C9D, 0x9C9B, 0x9C9C, 0x9C9E, 0x9C9F)  # Artist, Copyright, XP*
_EXIF_SERIAL = (0xA431, 0xA433, 0xA434, 0xA435)  # body serial, lens make/model/serial
_EXIF_OWNER = 0xA430  # CameraOwnerName
_EXIF_MAKER_NOTE = 0x927C
_TIFF_LAYOUT = frozenset({0x0112, 0x011A, 0x011B, 0x0128, 0x0213, 0x8769, 0x8825, 0xA005})

# Chunks in a PNG's info that describe pixels, not people.
_PNG_TECHNICAL_INFO = frozenset(
    {
        "dpi",
        "gamma",
        "transparency",
        "aspect",
        "srgb",
        "chromaticity",
        "interlace",
        "bbox",
        "icc_profile",
        "exif",
        "xmp",
        "XML:com.adobe.xmp",
        "duration",
        "loop",
        "disposal",
        "blend",
        "default_image",
        "background",
        "version",
        "compression",
        "progression",
        "progressive",
        "jfif",
        "jfif_version",
        "jfif_unit",
        "jfif_density",
        "adobe",
        "adobe_transform",
        "mode",
        "depth",
        "bit_depth",
        "primary",
        "save_all",
        "exif_raw",
        "thumbnails",
        "lossless",
        "metadata",
    }
)

# Payloads that make a file two things at once: refused, not merely trimmed.
_POLYGLOT_PAYLOAD = re.compile(
    rb"PK\x03\x04|PK\x05\x06|%PDF-|\x7fELF|MZ\x90\x00|Rar!\x1a\x07|7z\xbc\xaf\x27\x1c"
)


@dataclass
class Cleaned:
    """A cleaned file in a temporary location, ready to be encrypted."""

    path: Path
    mime: str
    extension: str
    removed: list[str] = field(default_factory=list)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def _temporary_output(suffix: str) -> Path:
    return spool_file(prefix="upstander-clean-", suffix=suffix)


def _add(removed: list[str], phrase: str) -> None:
    if phrase not in removed:
        removed.append(phrase)


# --- Images ---------------------------------------------------------------------------


def clean_image(source: Path, mime: str) -> Cleaned:
    removed: list[str] = []
    check_trailing_data(source, mime, removed)
    with warnings.catch_warnings():
        # Pillow warns above MAX_IMAGE_PIXELS and refuses at twice that; we refuse earlier.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(source) as image:
                return _reencode(image, mime, removed)
        except Refused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise Refused("too_many_pixels") from error
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as error:
            raise Refused("damaged") from error


def _reencode(image: Image.Image, mime: str, removed: list[str]) -> Cleaned:
    width, height = image.size
    budget = jpeg_decode_pixels()
    if width * height > budget and image.format == "JPEG":
        # Decode a big photo at 1/2, 1/4 or 1/8 scale (JPEG "draft" mode), so
        # memory stays bounded; a photo of a screen still reads fine.
        scale = 2
        while scale < 8 and (width // scale) * (height // scale) > budget:
            scale *= 2
        image.draft("RGB", (-(-width // scale), -(-height // scale)))
    check_pixels(*image.size)

    describe_image_metadata(image, removed)
    if getattr(image, "n_frames", 1) > 1:
        _add(removed, ANIMATION)
        image.seek(0)
    image.load()
    _describe_png_text(image, removed)

    # In place: a 12-megapixel photo is a 48 MB bitmap, and a copy of it (what
    # exif_transpose returns by default, even when nothing turns) would double that.
    icc_profile = image.info.get("icc_profile")
    ImageOps.exif_transpose(image, in_place=True)
    picture = _to_srgb(image, icc_profile, removed)

    has_alpha = picture.mode in {"RGBA", "LA", "PA"} or (
        picture.mode == "P" and "transparency" in picture.info
    )
    if mime == types.JPEG or (mime == types.HEIC and not has_alpha):
        out_format, out_mime, extension = "JPEG", types.JPEG, "jpg"
        if picture.mode not in {"RGB", "L"}:
            picture = picture.convert("RGB")
    else:
        # PNG stays PNG; WebP and see-through HEIC become PNG, which every
        # browser shows and which keeps screenshots sharp.
        out_format, out_mime, extension = "PNG", types.PNG, "png"
        if picture.mode not in {"1", "L", "LA", "RGB", "RGBA"}:
            picture = picture.convert("RGBA" if has_alpha else "RGB")

    # Nothing of the original's info (comment, EXIF, XMP, ICC, text) may reach
    # the encoder: Pillow falls back to `info` for some of these when saving.
    picture.info = {}
    if hasattr(picture, "_exif"):
        picture._exif = None
    output = _temporary_output("." + extension)
    try:
        with spool_writes():
            if out_format == "JPEG":
                # No optimize=True: it changes no pixel, only saves a few per cent of
                # bytes, and costs a second pass over a whole-image buffer (time and memory).
                picture.save(output, "JPEG", quality=JPEG_QUALITY)
            else:
                picture.save(output, "PNG", optimize=False)
    except BaseException:
        output.unlink(missing_ok=True)
        raise
    return Cleaned(path=output, mime=out_mime, extension=extension, removed=removed)


def describe_image_metadata(image: Image.Image, removed: list[str]) -> None:
    """Add to `removed` a plain-words phrase for each kind of metadata this image holds."""
    try:
        exif = image.getexif()
    except Exception:  # a broken EXIF block is dropped all the same
        exif = Image.Exif()
        _add(removed, OTHER_CAMERA)
    if exif:
        exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        if gps or ExifTags.IFD.GPSInfo in exif:
            _add(removed, PLACE)
        if any(tag in exif for tag in _TIFF_DEVICE):
            _add(removed, DEVICE)
        if any(tag in exif for tag in _TIFF_WHEN) or any(tag in exif_ifd for tag in _EXIF_WHEN):
            _add(removed, WHEN_TAKEN)
        if any(tag in exif for tag in _TIFF_APP):
            _add(removed, APP)
        if any(tag in exif for tag in _TIFF_AUTHOR) or _EXIF_OWNER in exif_ifd:
            _add(removed, AUTHOR)
        if any(tag in exif_ifd for tag in _EXIF_SERIAL):
            _add(removed, SERIAL)
        if _EXIF_MAKER_NOTE in exif_ifd:
            _add(removed, CAMERA_MAKER_NOTES)
        try:
            if exif.get_ifd(ExifTags.IFD.IFD1):
                _add(removed, THUMBNAIL)
        except Exception:  # noqa: S110 - an unreadable thumbnail block is dropped anyway
            pass
        known = set(_TIFF_DEVICE + _TIFF_WHEN + _TIFF_APP + _TIFF_AUTHOR) | _TIFF_LAYOUT
        if (set(exif) - known) or any(
            tag not in set(_EXIF_WHEN + _EXIF_SERIAL + (_EXIF_MAKER_NOTE, _EXIF_OWNER))
            for tag in exif_ifd
        ):
            _add(removed, OTHER_CAMERA)
    info = image.info
    applist = getattr(image, "applist", [])
    if (
        "xmp" in info
        or "XML:com.adobe.xmp" in info
        or any(
            name == "APP1" and data.startswith(b"http://ns.adobe.com/") for name, data in applist
        )
    ):
        _add(removed, EDITING)
    if any(name == "APP13" for name, _ in applist):
        _add(removed, CAPTIONS)
    if info.get("comment") or any(name == "COM" for name, _ in applist):
        _add(removed, COMMENT)


def _describe_png_text(image: Image.Image, removed: list[str]) -> None:
    text = getattr(image, "text", None) if image.format == "PNG" else None
    if text:
        if any(key.lower() in {"author", "artist", "copyright"} for key in text):
            _add(removed, AUTHOR)
        if any(key.lower() in {"software", "creator"} for key in text):
            _add(removed, APP)
        _add(removed, TEXT_NOTES)
    elif image.format == "PNG" and set(image.info) - _PNG_TECHNICAL_INFO:
        _add(removed, TEXT_NOTES)


def _to_srgb(picture: Image.Image, icc: bytes | None, removed: list[str]) -> Image.Image:
    """Convert colours to standard sRGB before the profile is dropped (profiles can name the device)."""
    if not icc:
        return picture
    _add(removed, COLOUR)
    if picture.mode not in {"RGB", "RGBA", "CMYK", "L"}:
        return picture
    try:
        source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        out_mode = "RGBA" if picture.mode == "RGBA" else "RGB" if picture.mode != "L" else "L"
        if out_mode == "L":
            return picture
        if out_mode == picture.mode:
            # Converted in place: no second full-size bitmap.
            ImageCms.profileToProfile(picture, source_profile, target, inPlace=True)
            return picture
        return ImageCms.profileToProfile(picture, source_profile, target, outputMode=out_mode)
    except Exception:  # an odd profile: keep the pixels as they are, still drop the profile
        return picture


def check_trailing_data(source: Path, mime: str, removed: list[str]) -> None:
    """Find bytes after the end of the picture: refuse a polyglot, otherwise note and drop them."""
    end = _end_of_image(source, mime)
    if end is None:
        return
    size = source.stat().st_size
    if size <= end:
        return
    with open(source, "rb") as handle:
        handle.seek(end)
        tail = handle.read()
    if not tail.strip(b"\x00\r\n\t "):
        return
    if _POLYGLOT_PAYLOAD.search(tail) or types.ACTIVE_MARKUP.search(tail):
        raise Refused("polyglot")
    _add(removed, TRAILING)


def _end_of_image(source: Path, mime: str) -> int | None:
    try:
        with open(source, "rb") as handle:
            if mime == types.PNG:
                return _png_end(handle)
            if mime == types.JPEG:
                return _jpeg_end(handle)
            if mime == types.WEBP:
                header = handle.read(8)
                return 8 + int.from_bytes(header[4:8], "little")
    except (ValueError, IndexError):
        raise Refused("damaged") from None
    return None


def _png_end(handle) -> int:
    handle.seek(8)
    while True:
        header = handle.read(8)
        if len(header) < 8:
            raise ValueError("PNG ends before IEND")
        length = int.from_bytes(header[:4], "big")
        handle.seek(length + 4, os.SEEK_CUR)
        if header[4:8] == b"IEND":
            return handle.tell()


def _jpeg_end(handle) -> int:
    """Offset just after the EOI marker that ends the main image (thumbnails are inside APP1).

    Reads the file a block at a time, so a 20 MB photo is never held whole, and
    skips entropy-coded data with bytes.find instead of a byte-by-byte loop
    (which cost ~0.3 s for a 1 MB photo).
    """
    size = os.fstat(handle.fileno()).st_size
    position = 2
    while position < size:
        handle.seek(position)
        head = handle.read(4)
        if head[0] != 0xFF:
            raise ValueError("JPEG marker expected")
        marker = head[1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:
            return position + 2
        if marker in (0x01, *range(0xD0, 0xD8)):
            position += 2
            continue
        if len(head) < 4:
            raise ValueError("JPEG ends inside a marker")
        segment = int.from_bytes(head[2:4], "big")
        position += 2 + segment
        if marker == 0xDA:
            position = _entropy_coded_end(handle, position, size)
    raise ValueError("JPEG has no end marker")


# Inside entropy-coded data 0xFF is always followed by 0x00 (a stuffed byte) or
# a restart marker; any other byte after 0xFF is the next marker, ending the scan.
_ENTROPY_ESCAPES = frozenset({0x00, *range(0xD0, 0xD8)})
_SCAN_BLOCK_BYTES = 1024 * 1024


def _entropy_coded_end(handle, position: int, size: int) -> int:
    """Offset of the first marker at or after `position`, which starts a scan's coded data."""
    while position < size - 1:
        handle.seek(position)
        # One byte more than we step, so a 0xFF at a block's end sees the byte after it.
        block = handle.read(_SCAN_BLOCK_BYTES + 1)
        if len(block) < 2:
            break
        index = block.find(b"\xff")
        while 0 <= index < len(block) - 1:
            if block[index + 1] not in _ENTROPY_ESCAPES:
                return position + index
            index = block.find(b"\xff", index + 1)
        position += len(block) - 1
    raise ValueError("JPEG ends inside a scan")


# --- PDF -----------------------------------------------------------------------------

_INFO_WORDS = {
    "/Author": AUTHOR,
    "/Creator": APP,
    "/Producer": APP,
    "/Title": TITLE,
    "/Subject": TITLE,
    "/Keywords": TITLE,
    "/CreationDate": MADE_WHEN,
    "/ModDate": MADE_WHEN,
}
_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/ResetForm",
        "/Rendition",
        "/GoToE",
        "/GoToR",
        "/RichMediaExecute",
        "/Movie",
        "/Sound",
        "/Hide",
        "/SetOCGState",
    }
)
_ACTIVE_ANNOTATIONS = frozenset({"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound"})


def clean_pdf(source: Path) -> Cleaned:
    # Imported here, not at the top: pikepdf (and the qpdf library under it)
    # adds ~7 MB to every idle web worker, and most reports carry no PDF.
    import pikepdf

    removed: list[str] = []
    try:
        with pikepdf.open(source) as pdf:
            _strip_pdf(pdf, removed)
            output = _temporary_output(".pdf")
            try:
                with spool_writes():
                    # Only objects still reachable are written (qpdf drops the rest, and
                    # every earlier revision of an incrementally saved file).
                    pdf.save(output, fix_metadata_version=False, compress_streams=True)
            except BaseException:
                output.unlink(missing_ok=True)
                raise
    except pikepdf.PasswordError as error:
        raise Refused("locked_pdf") from error
    except pikepdf.PdfError as error:
        raise Refused("damaged") from error
    return Cleaned(path=output, mime=types.PDF, extension="pdf", removed=removed)


def _strip_pdf(pdf: pikepdf.Pdf, removed: list[str]) -> None:
    import pikepdf

    if "/Info" in pdf.trailer:
        info = pdf.trailer.Info
        for key in list(info.keys()):
            if str(info.get(key, "")).strip():
                _add(removed, _INFO_WORDS.get(key, DOCUMENT_OTHER))
        del pdf.trailer["/Info"]
    if "/ID" in pdf.trailer:
        # The writer keeps the first half of the original /ID, which matches this
        # file to the copy on the pupil's device: without it, both halves are new.
        _add(removed, FILE_ID)
        del pdf.trailer["/ID"]
    root = pdf.Root
    for key in ("/OpenAction", "/AA"):
        if key in root:
            _add(removed, ACTIVE)
            del root[key]
    names = root.get("/Names")
    if names is not None:
        if "/JavaScript" in names:
            _add(removed, ACTIVE)
            del names["/JavaScript"]
        if "/EmbeddedFiles" in names:
            _add(removed, EMBEDDED)
            del names["/EmbeddedFiles"]
    acroform = root.get("/AcroForm")
    if acroform is not None and "/XFA" in acroform:
        _add(removed, ACTIVE)
        del acroform["/XFA"]
    for page in pdf.pages:
        annotations = page.obj.get("/Annots")
        if annotations is not None:
            kept = pikepdf.Array()
            for annotation in annotations:
                subtype = (
                    annotation.get("/Subtype")
                    if isinstance(annotation, pikepdf.Dictionary)
                    else None
                )
                if subtype is not None and str(subtype) in _ACTIVE_ANNOTATIONS:
                    _add(removed, EMBEDDED if str(subtype) == "/FileAttachment" else ACTIVE)
                    continue
                kept.append(annotation)
            page.obj["/Annots"] = kept
    # Metadata, actions and authors can hide in any object, direct or indirect,
    # dictionary or stream: sweep everything the saved file will contain.
    for obj in _reachable_dictionaries(pdf):
        _strip_pdf_object(obj, removed)
    _clean_pdf_images(pdf, removed)


def _reachable_dictionaries(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    """Every dictionary and stream reachable from the trailer, each once."""
    import pikepdf

    found: list[pikepdf.Object] = []
    seen: set[tuple[int, int]] = set()
    pending: list[pikepdf.Object] = [pdf.trailer]
    while pending:
        obj = pending.pop()
        if not isinstance(obj, pikepdf.Object):  # numbers and booleans come back as Python's
            continue
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Array):
            pending.extend(obj)
        elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            found.append(obj)
            pending.extend(obj[key] for key in obj.keys())  # noqa: SIM118 - a pikepdf object
    return found


def _strip_pdf_object(obj: pikepdf.Object, removed: list[str]) -> None:
    import pikepdf

    if "/Metadata" in obj:
        # XMP, on the catalog or on any page, image, font or form.
        _add(removed, EDITING)
        del obj["/Metadata"]
    if "/PieceInfo" in obj:
        # Private data of the app that last edited the page (names, dates, settings).
        _add(removed, EDITING)
        del obj["/PieceInfo"]
    if "/LastModified" in obj:
        _add(removed, MADE_WHEN)
        del obj["/LastModified"]
    if "/Thumb" in obj and str(obj.get("/Type", "/Page")) == "/Page":
        _add(removed, THUMBNAIL)
        del obj["/Thumb"]
    if _is_annotation(obj):
        # /T of a markup annotation is its author; of a form field, its name (kept).
        if "/T" in obj and str(obj.get("/Subtype", "")) != "/Widget":
            if str(obj.T).strip():
                _add(removed, AUTHOR)
            del obj["/T"]
        for key in ("/M", "/CreationDate"):
            if key in obj:
                if str(obj[key]).strip():
                    _add(removed, MADE_WHEN)
                del obj[key]
    if "/AA" in obj:
        _add(removed, ACTIVE)
        del obj["/AA"]
    if "/JS" in obj:
        _add(removed, ACTIVE)
        del obj["/JS"]
    action = obj.get("/A")
    if isinstance(action, pikepdf.Dictionary) and str(action.get("/S", "")) in _ACTIVE_ACTIONS:
        _add(removed, ACTIVE)
        del obj["/A"]
    if str(obj.get("/S", "")) in _ACTIVE_ACTIONS and "/Type" in obj and str(obj.Type) == "/Action":
        _add(removed, ACTIVE)
        obj["/S"] = pikepdf.Name("/GoTo")
        obj["/D"] = pikepdf.Array()
    if str(obj.get("/Type", "")) in {"/EmbeddedFile", "/Filespec"} and "/EF" in obj:
        _add(removed, EMBEDDED)
        del obj["/EF"]


_ANNOTATION_SUBTYPES = frozenset(
    {
        "/Text",
        "/FreeText",
        "/Line",
        "/Square",
        "/Circle",
        "/Polygon",
        "/PolyLine",
        "/Highlight",
        "/Underline",
        "/Squiggly",
        "/StrikeOut",
        "/Stamp",
        "/Caret",
        "/Ink",
        "/Popup",
        "/Sound",
        "/Redact",
        "/Widget",
        "/Link",
        "/FileAttachment",
    }
)


def _is_annotation(obj: pikepdf.Object) -> bool:
    if str(obj.get("/Type", "")) == "/Annot":
        return True
    return "/Rect" in obj and str(obj.get("/Subtype", "")) in _ANNOTATION_SUBTYPES


# Decoded pixels of all of one PDF's photos together: bounds the time one file costs.
PDF_TOTAL_PIXELS_FACTOR = 5


def _clean_pdf_images(pdf: pikepdf.Pdf, removed: list[str]) -> None:
    """Re-encode every photo inside the PDF the way an uploaded photo is re-encoded.

    A JPEG (DCTDecode) or JPEG 2000 (JPXDecode) image keeps its whole file in
    the PDF, EXIF with GPS position, camera make and serial included, and
    viewers ignore it, so nobody sees it is there. Both are decoded and written
    again from their pixels alone. Other image filters (Flate, LZW, CCITT,
    JBIG2, none) hold only pixels, with no place for metadata.
    """
    import pikepdf

    budget = max_image_pixels() * PDF_TOTAL_PIXELS_FACTOR
    _inline_photos_to_xobjects(pdf)
    for obj in _reachable_dictionaries(pdf):
        if not isinstance(obj, pikepdf.Stream) or str(obj.get("/Subtype", "")) != "/Image":
            continue
        filters = obj.get("/Filter")
        names = (
            [str(f) for f in filters]
            if isinstance(filters, pikepdf.Array)
            else [str(filters)]
            if filters is not None
            else []
        )
        if not _PHOTO_FILTERS & set(names):
            continue
        try:
            width, height = int(obj.Width), int(obj.Height)
        except (AttributeError, TypeError, ValueError) as error:
            raise Refused("damaged") from error
        check_pixels(width, height)
        budget -= width * height
        if budget < 0:
            raise Refused("too_many_pixels")
        _reencode_pdf_image(obj, names, removed)


_PHOTO_FILTERS = frozenset({"/DCTDecode", "/DCT", "/JPXDecode"})


def _inline_photos_to_xobjects(pdf: pikepdf.Pdf) -> None:
    """Move each photo drawn inline in a page's content (BI … ID … EI) into an image object.

    An inline JPEG carries its EXIF like any other; as an image object it is
    re-encoded with the rest. `Do` of the object draws exactly what the inline
    image drew (both fill the unit square of the current transformation).
    """
    import pikepdf

    containers = list(pdf.pages) + [
        obj
        for obj in _reachable_dictionaries(pdf)
        if isinstance(obj, pikepdf.Stream) and str(obj.get("/Subtype", "")) == "/Form"
    ]
    for number, container in enumerate(containers):
        holder = container.obj if isinstance(container, pikepdf.Page) else container
        try:
            instructions = pikepdf.parse_content_stream(container)
        except pikepdf.PdfError as error:
            raise Refused("damaged") from error
        changed = False
        for index, instruction in enumerate(instructions):
            if not isinstance(instruction, pikepdf.ContentStreamInlineImage):
                continue
            inline = instruction.iimage
            if not _PHOTO_FILTERS & {str(name) for name in inline.filters}:
                continue
            image = pikepdf.Stream(pdf, inline.read_raw_bytes())
            for key in inline.obj.keys():  # noqa: SIM118 - a pikepdf object
                image[key] = inline.obj[key]
            image.Type = pikepdf.Name.XObject
            image.Subtype = pikepdf.Name.Image
            if "/Resources" not in holder:
                holder.Resources = pikepdf.Dictionary()
            if "/XObject" not in holder.Resources:
                holder.Resources.XObject = pikepdf.Dictionary()
            name = pikepdf.Name(f"/UpstanderInline{number}x{index}")
            holder.Resources.XObject[name] = pdf.make_indirect(image)
            instructions[index] = pikepdf.ContentStreamInstruction([name], pikepdf.Operator("Do"))
            changed = True
        if changed:
            content = pikepdf.unparse_content_stream(instructions)
            if isinstance(container, pikepdf.Page):
                holder.Contents = pdf.make_stream(content)
            else:
                container.write(content)


def _reencode_pdf_image(obj: pikepdf.Stream, filters: list[str], removed: list[str]) -> None:
    import zlib

    import pikepdf

    try:
        extracted = io.BytesIO()
        extension = pikepdf.PdfImage(obj).extract_to(stream=extracted)
        extracted.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(extracted) as original:
                describe_image_metadata(original, removed)
                if original.format == "JPEG" and original.width * original.height > (
                    jpeg_decode_pixels()
                ):
                    original.draft("RGB", (original.width // 2, original.height // 2))
                original.load()
                # No turning by EXIF orientation: viewers draw a PDF's image as stored.
                picture = original.copy()
    except Refused:
        raise
    except (
        pikepdf.PdfError,
        pikepdf.UnsupportedImageTypeError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        UnidentifiedImageError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as error:
        raise Refused("damaged") from error
    check_pixels(*picture.size)
    if picture.mode not in {"L", "RGB"}:
        # CMYK and others become RGB: one colour space every viewer draws the same.
        picture = picture.convert("RGB")
    picture.info = {}
    colour_space = pikepdf.Name.DeviceGray if picture.mode == "L" else pikepdf.Name.DeviceRGB
    if extension == ".jpg":
        encoded = io.BytesIO()
        picture.save(encoded, "JPEG", quality=JPEG_QUALITY)
        obj.write(encoded.getvalue(), filter=pikepdf.Name.DCTDecode)
    else:
        obj.write(zlib.compress(picture.tobytes()), filter=pikepdf.Name.FlateDecode)
    obj.Width, obj.Height = picture.size
    obj.ColorSpace = colour_space
    obj.BitsPerComponent = 8
    for key in ("/Decode", "/DecodeParms", "/SMaskInData"):
        if key in obj:
            del obj[key]


# --- Plain text ---------------------------------------------------------------------------


def clean_text(source: Path) -> Cleaned:
    """Keep text exactly as written, after making sure it is text and not a web page or script."""
    data = source.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Refused("unknown") from error
    if not types.looks_like_text(data):
        raise Refused("unknown")
    if types.ACTIVE_MARKUP.search(data):
        raise Refused("web_page")
    output = _temporary_output(".txt")
    try:
        with spool_writes():
            output.write_text(text, encoding="utf-8", newline="")
    except BaseException:
        output.unlink(missing_ok=True)
        raise
    return Cleaned(path=output, mime=types.TEXT, extension="txt", removed=[])


def clean(source: Path, mime: str) -> Cleaned:
    if mime in types.IMAGE_TYPES:
        return clean_image(source, mime)
    if mime == types.PDF:
        return clean_pdf(source)
    if mime == types.TEXT:
        return clean_text(source)
    raise Refused("unknown")
