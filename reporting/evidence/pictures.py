"""Evidence drawn as pictures a person can read: photos at a readable size, PDFs page by page.

Who uses this: the case page's evidence viewer (reporting.admin_views) and the case
file for a referral (reporting.records.casefile), so a lead sees on screen exactly
the pictures an agency receives on paper. The original file stays in the private
store, encrypted; these are drawn from it when asked and never kept.
"""

from __future__ import annotations

from io import BytesIO

from ..crypto import DecryptionError
from . import store

# What a reader is told a stored file is.
FILE_KINDS = {
    "image/jpeg": "Photo or screenshot (JPEG)",
    "image/png": "Screenshot (PNG)",
    "image/webp": "Picture (WebP)",
    "image/heic": "Photo (HEIC)",
    "application/pdf": "PDF document",
    "text/plain": "Text file",
}
# A readable size on a screen and on an A4 page; the original keeps every pixel.
PREVIEW_PIXELS = 1400
PREVIEW_PDF_PAGES = 20


def file_kind(detected_type: str) -> str:
    return FILE_KINDS.get(detected_type, "File")


def evidence_read(evidence) -> bytes | None:
    """The plaintext of a stored file, or None when it is missing or cannot be decrypted."""
    try:
        return b"".join(store.read_plaintext(evidence.storage_key))
    except (OSError, DecryptionError, ValueError):
        return None


def _jpeg(image) -> bytes:
    image.thumbnail((PREVIEW_PIXELS, PREVIEW_PIXELS))
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def evidence_previews(data: bytes, detected_type: str) -> tuple[list[bytes], str]:
    """JPEG pictures of a file (one per image, one per PDF page), and a note of anything
    not pictured. Any other kind of file gives no pictures and no note."""
    if detected_type.startswith("image/"):
        from PIL import Image

        try:
            with Image.open(BytesIO(data)) as image:
                return [_jpeg(image)], ""
        except (OSError, ValueError):
            return [], "This picture could not be drawn; its hash is below."
    if detected_type == "application/pdf":
        # Imported here: only a file with a PDF in it needs the renderer.
        import pypdfium2

        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError:
            return [], "This PDF could not be drawn; its hash is below."
        try:
            pages = len(document)
            pictures = [
                _jpeg(document[index].render(scale=1.5).to_pil())
                for index in range(min(pages, PREVIEW_PDF_PAGES))
            ]
        finally:
            document.close()
        note = ""
        if pages > PREVIEW_PDF_PAGES:
            note = (
                f"The first {PREVIEW_PDF_PAGES} of {pages} pages are shown; "
                "download the file for the rest."
            )
        return pictures, note
    return [], ""
