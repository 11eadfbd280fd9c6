"""Step 1 of the evidence pipeline: decide what a file is from its bytes.

Never from the file's name or the browser's Content-Type: a web page renamed
"photo.jpg" is still a web page. Used by reporting.evidence.pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .validate import Refused

# How many bytes from the start are enough to recognise every allowed type.
HEAD_BYTES = 4096

JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
HEIC = "image/heic"
PDF = "application/pdf"
TEXT = "text/plain"

IMAGE_TYPES = frozenset({JPEG, PNG, WEBP, HEIC})

# ISO base media "ftyp" brands of HEIF stills as phones write them.
HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})

# Things we recognise in order to refuse them with a clear reason.
_REFUSED_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "archive"),
    (b"PK\x05\x06", "archive"),
    (b"\x1f\x8b", "archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"Rar!\x1a\x07", "archive"),
    (b"BZh", "archive"),
    (b"\xfd7zXZ\x00", "archive"),
    (b"MZ", "program"),
    (b"\x7fELF", "program"),
    (b"\xca\xfe\xba\xbe", "program"),
    (b"\xcf\xfa\xed\xfe", "program"),
    (b"\xce\xfa\xed\xfe", "program"),
    (b"\x00asm", "program"),
    (b"GIF8", "unsupported_image"),
    (b"II*\x00", "unsupported_image"),
    (b"MM\x00*", "unsupported_image"),
    (b"BM", "unsupported_image"),
)

# Markup a browser or viewer might run: refused anywhere in a text file, and
# after the end of an image (a "polyglot" that is both a picture and a web page).
ACTIVE_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|link|style|form|\?xml)\b"
    rb"|<\?php|javascript:",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sniffed:
    mime: str

    @property
    def is_image(self) -> bool:
        return self.mime in IMAGE_TYPES


def sniff(head: bytes) -> Sniffed:
    """Return the allowed type these first bytes start, or raise Refused saying why not."""
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed(JPEG)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed(PNG)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed(WEBP)
    if head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS:
        return Sniffed(HEIC)
    if head.startswith(b"%PDF-"):
        return Sniffed(PDF)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if ACTIVE_MARKUP.search(head) or stripped.startswith(b"<"):
        raise Refused("web_page")
    if looks_like_text(head):
        # A script is text too, but one that runs: "#!/bin/sh", "@echo off".
        if stripped.startswith(b"#!") or stripped.lower().startswith(b"@echo"):
            raise Refused("program")
        return Sniffed(TEXT)
    # Binary and not an allowed type: say what it is when we can tell.
    for signature, kind in _REFUSED_SIGNATURES:
        if head.startswith(signature):
            raise Refused(kind)
    raise Refused("unknown")


def looks_like_text(data: bytes) -> bool:
    """UTF-8 without control characters other than tabs and line breaks."""
    if b"\x00" in data:
        return False
    try:
        # The head may end in the middle of a character: ignore at most 3 bytes of it.
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(data) - 3:
            return False
        text = data[: error.start].decode("utf-8")
    return not any(ord(char) < 32 and char not in "\t\r\n\f" for char in text)
