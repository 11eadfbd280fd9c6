"""Uploads whose spool cannot be written (a full disk) are dropped, and the rest of the form kept.

Django spools each uploaded file to memory or a temporary file while it reads the
request. When that write fails, Django's parser gives up on the whole request,
and the pupil's words would be lost with the file. Wrapped in this handler, a
file that cannot be spooled is skipped (Django's SkipFile), its partial spool is
removed, the other fields are read as usual, and the view tells the pupil that
no file was kept.
"""

from __future__ import annotations

import logging

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

logger = logging.getLogger(__name__)


def tolerate_spool_failures(request) -> None:
    """Wrap the request's upload handlers; call before anything reads the body."""
    request.upload_spool_failed = False
    request.upload_handlers = [
        SpoolFailureTolerant(request, handler) for handler in request.upload_handlers
    ]


class SpoolFailureTolerant(FileUploadHandler):
    def __init__(self, request, inner: FileUploadHandler):
        super().__init__(request)
        self.inner = inner

    def handle_raw_input(self, *args, **kwargs):
        return self.inner.handle_raw_input(*args, **kwargs)

    def _give_up_on_this_file(self, error: OSError):
        logger.error("Upload spool could not be written: %s", type(error).__name__)
        self.request.upload_spool_failed = True
        spooled = getattr(self.inner, "file", None)
        if spooled is not None:
            try:
                spooled.close()  # a temporary upload file is deleted when closed
            except OSError:
                logger.warning("Partial upload spool could not be closed", exc_info=True)
            del self.inner.file  # nothing left for Django to close or delete again
        raise SkipFile from error

    def new_file(self, *args, **kwargs):
        try:
            return self.inner.new_file(*args, **kwargs)
        except OSError as error:
            self._give_up_on_this_file(error)

    def receive_data_chunk(self, raw_data, start):
        try:
            return self.inner.receive_data_chunk(raw_data, start)
        except OSError as error:
            self._give_up_on_this_file(error)

    def file_complete(self, file_size):
        try:
            return self.inner.file_complete(file_size)
        except OSError as error:
            try:
                self._give_up_on_this_file(error)
            except SkipFile:
                return None

    def upload_interrupted(self):
        return self.inner.upload_interrupted()

    def upload_complete(self):
        return self.inner.upload_complete()
