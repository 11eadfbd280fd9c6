"""Gunicorn settings for Upstander in production (`gunicorn -c gunicorn.conf.py upstander.wsgi`).

Rule 1 of Upstander: nothing logged links a request to a person. Gunicorn's
default access log starts with %(h)s (the client address) and ends with the
referrer %(f)s and user agent %(a)s; this format has none of them, nor any
request header. %(U)s is the path without its query string.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# No keep-alive: a connection serves one request, as gunicorn's sync workers do.
# Gunicorn sits behind a reverse proxy that keeps the readers' connections open;
# a kept-alive connection stays with the worker that accepted it, so a few busy
# connections could pin one worker while the other sat idle (measured by `make
# bench`: half the throughput at times). Closed after each response, every next
# request goes to whichever worker is free.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "0"))
# A report with 50 MB of evidence over a slow school connection needs time;
# the app refuses larger bodies before reading them (reporting.views).
graceful_timeout = 30
limit_request_line = 4094
limit_request_fields = 100

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = "info"
# Gunicorn writes the client address of every malformed request at WARNING
# ("Invalid request from ip=…"); this logger takes addresses out of its messages.
logger_class = "upstander.gunicorn_logging.AnonymousGunicornLogger"
# Only the proxy in front of us may set X-Forwarded-*; the app decides how far
# to trust it (TRUSTED_PROXY_COUNT), never gunicorn's own IP-based checks.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Take the loaded application out of the garbage collector's sight.

    Django, Wagtail and their models leave about 200,000 objects that live as
    long as the worker. Python's full collections walk all of them (about
    0.1 s, every few dozen requests) to free nothing; frozen, they are skipped
    (https://docs.python.org/3/library/gc.html#gc.freeze).
    """
    import gc

    gc.collect()
    gc.freeze()
