"""Serve uploaded media (images, renditions, video, captions) from MEDIA_ROOT.

WhiteNoise serves only files present at start-up under STATIC_ROOT, so on a
single machine the app serves media itself, with HTTP range requests so video
can seek. At scale, put nginx or object storage in front (SERVE_MEDIA=false);
docs/scaling.md shows how. Evidence is never under MEDIA_ROOT.
"""

import mimetypes
import os
import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.utils._os import safe_join
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe

RANGE_PATTERN = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _file_chunks(handle, remaining: int):
    with handle:
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk


@require_safe
def serve_media(request, path: str):
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
    except Exception as error:  # SuspiciousFileOperation: traversal out of MEDIA_ROOT
        raise Http404("No such file") from error
    if not full_path.is_file():
        raise Http404("No such file")
    stat = full_path.stat()
    modified_since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if modified_since and int(stat.st_mtime) <= modified_since:
        return HttpResponseNotModified()
    content_type = mimetypes.guess_type(str(full_path))[0] or "application/octet-stream"
    if full_path.suffix == ".vtt":
        content_type = "text/vtt"
    size = stat.st_size
    match = RANGE_PATTERN.match(request.headers.get("Range", ""))
    if match and (match.group(1) or match.group(2)):
        first, last = match.groups()
        if first:
            start = int(first)
            end = min(int(last), size - 1) if last else size - 1
        else:
            start = max(size - int(last), 0)
            end = size - 1
        if start > end or start >= size:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        handle = open(full_path, "rb")  # noqa: SIM115 - closed by the generator
        handle.seek(start)
        length = end - start + 1
        from django.http import StreamingHttpResponse

        response = StreamingHttpResponse(
            _file_chunks(handle, length), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(length)
    else:
        response = FileResponse(open(full_path, "rb"), content_type=content_type)  # noqa: SIM115
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    if content_type in {"text/html", "image/svg+xml", "application/xhtml+xml"}:
        # Never render uploaded markup in the site's origin.
        response["Content-Disposition"] = f'attachment; filename="{os.path.basename(path)}"'
    return response
