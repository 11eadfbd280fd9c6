"""A WSGI app that takes a second per request and names the worker that served it.

tests/site/test_gunicorn_conf.py runs the shipped gunicorn settings with it and
kills a worker mid-request.
"""

import os
import time
from pathlib import Path

SERVING_DIR = Path(os.environ.get("SLOW_WSGI_SERVING_DIR", "/tmp"))


def app(environ, start_response):
    marker = SERVING_DIR / f"{os.getpid()}"
    marker.touch()
    time.sleep(1.0)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(os.getpid()).encode()]
