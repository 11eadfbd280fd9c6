"""WSGI entry point for gunicorn (production profile by default)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstander.settings.base")

application = get_wsgi_application()
