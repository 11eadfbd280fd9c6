"""Step 2 of the evidence pipeline: the rules a file must meet, and the reasons in plain words.

Limits come from settings (EVIDENCE_MAX_FILE_BYTES, EVIDENCE_MAX_REPORT_BYTES,
EVIDENCE_MAX_FILES) so a school can change them without a code change.
"""

from __future__ import annotations

from django.conf import settings

# What the pupil reads when a file is refused. Short, kind, and says what to do instead.
REASONS = {
    "archive": "This is a zip or other packed-up file. Please add the pictures or documents one by one instead.",
    "program": "This file is a program or script. For safety we cannot take those. A screenshot works well instead.",
    "web_page": "This file is a web page or code, not a picture or document. Please take a screenshot of it instead.",
    "unsupported_image": "We cannot take this kind of picture. Please send a screenshot (JPEG, PNG, WebP or HEIC) instead.",
    "unknown": "We cannot open this kind of file. You can send photos, screenshots, PDFs or plain text files.",
    "polyglot": "This file has something hidden inside it, so we cannot keep it safely. Please take a screenshot instead.",
    "damaged": "We could not open this file. It may be broken. Please try a screenshot instead.",
    "too_many_pixels": "This picture is too big for us to open safely. Please send a screenshot or a smaller photo.",
    "too_big": "This file is too big. Each file can be up to {max_file_mb} MB.",
    "report_too_big": "These files are too big all together. A report can have up to {max_report_mb} MB of files.",
    "too_many_files": "That is too many files. You can add up to {max_files}. Pick the ones that show what happened best.",
    "empty": "This file is empty.",
    "store_failed": (
        "We could not keep your files safe just now because of a problem on our side. "
        "Your words are still here. You can send your report without the files, "
        "or try adding them again later."
    ),
    "locked_pdf": "This PDF is locked with a password, so we cannot check it. Please send it without a password, or a screenshot.",
    "not_allowed_for_sexual_images": (
        "We do not take pictures for this kind of report. That keeps you safe: sharing a nude or "
        "sexual picture of someone under 18 is against the law, even to report it."
    ),
}


class Refused(Exception):
    """A file the pipeline will not accept; `message` is safe to show the pupil."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return REASONS.get(self.reason, REASONS["unknown"]).format(**limits_in_words())


def max_file_bytes() -> int:
    return settings.EVIDENCE_MAX_FILE_BYTES


def max_report_bytes() -> int:
    return settings.EVIDENCE_MAX_REPORT_BYTES


def max_files() -> int:
    return settings.EVIDENCE_MAX_FILES


def max_image_pixels() -> int:
    """Pixels we will decode at most: 40 million is a 200 MB bitmap in RGBA, at worst."""
    return getattr(settings, "EVIDENCE_MAX_IMAGE_PIXELS", 40_000_000)


def jpeg_decode_pixels() -> int:
    """Pixels a JPEG is decoded at, at most: bigger photos are decoded at 1/2, 1/4 or 1/8 scale.

    12 million pixels is a 48 MB bitmap (Pillow keeps RGB in 4 bytes a pixel),
    and the cleaner holds one at a time with no copy, so a 50 MB report of
    photos raises a worker's peak memory by about 50 MB (measured by `make
    bench`); a 48-megapixel phone photo still comes out at 12 megapixels,
    plenty to read a screen or a face.
    """
    return min(getattr(settings, "EVIDENCE_JPEG_DECODE_PIXELS", 12_000_000), max_image_pixels())


def limits_in_words() -> dict[str, int]:
    return {
        "max_file_mb": max_file_bytes() // (1024 * 1024),
        "max_report_mb": max_report_bytes() // (1024 * 1024),
        "max_files": max_files(),
    }


def check_file_size(size: int) -> None:
    if size <= 0:
        raise Refused("empty")
    if size > max_file_bytes():
        raise Refused("too_big")


def check_report_totals(*, count: int, total_bytes: int) -> None:
    """Across everything a report (or one follow-up message) carries."""
    if count > max_files():
        raise Refused("too_many_files")
    if total_bytes > max_report_bytes():
        raise Refused("report_too_big")


def check_pixels(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise Refused("damaged")
    if width * height > max_image_pixels():
        raise Refused("too_many_pixels")


def request_too_large(content_length: str | None) -> bool:
    """True if a request body is bigger than any honest report could be.

    Checked before the body is read, so a 2 GB upload is refused at once.
    The allowance covers the typed answers and multipart framing.
    """
    try:
        length = int(content_length or 0)
    except ValueError:
        return True
    allowance = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 64 * 1024
    return length > max_report_bytes() + allowance
