"""Development profile used by `make run`: DEBUG on, plain HTTP, demo secrets allowed."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# Quick exit goes to a page on this machine unless told otherwise.
