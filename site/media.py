"""Serve uploaded media (images, renditions, video, captions) from MEDIA_ROOT.

WhiteNoise serves only files present at start-up under STATIC_ROOT, so on a
single machine the app serves media itself, with HTTP range requests so video
can seek. Behind the shipped nginx site (deploy/nginx/upstander.conf) set
MEDIA_SENDFILE=nginx: the app still decides (path inside MEDIA_ROOT, file
exists, markup as a download) and answers with X-Accel-Redirect through
django-sendfile2, and nginx sends the bytes (ranges, 304s) from an internal
location no client can request. Evidence is never under MEDIA_ROOT.
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
from django_sendfile import sendfile

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
    if settings.MEDIA_SENDFILE == "nginx":
        return _sent_by_nginx(request, full_path)
    stat = full_path.stat()
    modified_since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if modified_since and int(stat.st_mtime) <= modified_since:
        return HttpResponseNotModified()
    content_type = _content_type(full_path)
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
    if content_type in MARKUP_TYPES:
        # Never render uploaded markup in the site's origin.
        response["Content-Disposition"] = f'attachment; filename="{os.path.basename(path)}"'
    return response


MARKUP_TYPES = {"text/html", "image/svg+xml", "application/xhtml+xml"}


def _content_type(full_path: Path) -> str:
    if full_path.suffix == ".vtt":
        return "text/vtt"
    return mimetypes.guess_type(str(full_path))[0] or "application/octet-stream"


def _sent_by_nginx(request, full_path: Path):
    content_type = _content_type(full_path)
    # nginx keeps Content-Type, Content-Disposition and Cache-Control from this
    # answer when it follows X-Accel-Redirect; it adds nosniff itself.
    response = sendfile(
        request,
        full_path,
        attachment=content_type in MARKUP_TYPES,
        mimetype=content_type,
    )
    response["Content-Type"] = content_type
    response["Cache-Control"] = "public, max-age=3600"
    return response
