"""Gunicorn's own logger, with client addresses taken out of its error log.

Used by gunicorn.conf.py (`logger_class`). Gunicorn's error log is not configured
by Django's LOGGING: it has its own handlers, set up in glogging.Logger.setup.
"""

from gunicorn.glogging import Logger

from .logging import ClientAddressFilter


class AnonymousGunicornLogger(Logger):
    """gunicorn.glogging.Logger whose error log never records who a request came from."""

    def setup(self, cfg):
        super().setup(cfg)
        # On the logger itself, so every handler (stderr, a file, syslog) gets clean records.
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, ClientAddressFilter) for f in log.filters):
                log.addFilter(ClientAddressFilter())
