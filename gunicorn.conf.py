"""Gunicorn settings for Upstander in production (`gunicorn -c gunicorn.conf.py upstander.wsgi`).

Rule 1 of Upstander: nothing logged links a request to a person. Gunicorn's
default access log starts with %(h)s (the client address) and ends with the
referrer %(f)s and user agent %(a)s; this format has none of them, nor any
request header. %(U)s is the path without its query string.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Threads, not processes, for the requests one worker serves at once: a worker
# waiting on PostgreSQL or on a slow upload still answers other requests.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# A worker takes a connection off the shared listen queue only when a thread is
# free to serve it. By default a gthread worker accepts up to 1000 and queues
# them inside itself, so a worker that died (killed, out of memory) took every
# queued request down with it: 7 of 10 in-flight reports reset. Now a dying
# worker drops at most the `threads` requests it was serving; the rest wait in
# the kernel's queue (backlog) and the surviving workers take them.
worker_connections = threads
backlog = int(os.environ.get("GUNICORN_BACKLOG", "2048"))
# Each worker is replaced, gracefully, after about this many requests (jitter
# so they do not all restart at once): a slow leak never grows into an
# out-of-memory kill, and a graceful restart finishes what it is serving.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# No keep-alive: a connection serves one request, as gunicorn's sync workers do.
# Gunicorn sits behind a reverse proxy that keeps the readers' connections open;
# a kept-alive connection stays with the worker that accepted it, so a few busy
# connections could pin one worker while the other sat idle (measured by `make
# bench`: half the throughput at times). Closed after each response, every next
# request goes to whichever worker is free.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "0"))
# A report with 50 MB of evidence over a slow school connection needs time;
# the app refuses larger bodies before reading them (reporting.views). On a
# restart or deploy (SIGTERM/SIGHUP) a worker stops accepting and has this
# long to finish the requests it holds before it is killed.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
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


def child_exit(server, worker):
    """Let /metrics forget a dead worker's live gauges (prometheus_client multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
