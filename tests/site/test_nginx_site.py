"""The shipped nginx site (deploy/nginx/upstander.conf) in front of gunicorn, on loopback.

The file is started as shipped, with only its machine-specific values (ports,
certificate, folders, log files) swapped for the test's own; each swap must
find its value, so a changed config cannot slip past. Requests come from
127.0.0.2, an address used for nothing else, so its absence from nginx's logs
(and gunicorn's) means the client was not logged, not that nothing was.
"""

from __future__ import annotations

import base64
import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE_CONF = ROOT / "deploy" / "nginx" / "upstander.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
CLIENT_ADDRESS = "127.0.0.2"
MEDIA_BYTES = bytes(range(256)) * 40  # 10,240 bytes, each offset recognisable

pytestmark = pytest.mark.skipif(
    NGINX is None,
    reason="needs Debian's nginx: run bench/ensure-tools (apt-get install nginx-light)",
)


def _spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port}")


def _swap(text: str, old: str, new: str) -> str:
    assert old in text, f"the shipped nginx site no longer contains {old!r}"
    return text.replace(old, new)


class Front:
    def __init__(self, port: int, work: Path):
        self.port = port
        self.work = work

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(
            "127.0.0.1",
            self.port,
            context=context,
            timeout=60,
            source_address=(CLIENT_ADDRESS, 0),
        )
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def logs(self) -> str:
        return "\n".join(
            path.read_text(errors="replace")
            for path in sorted(self.work.glob("logs/*"))
            if path.is_file()
        )


@pytest.fixture(scope="module")
def front():
    work = Path(tempfile.mkdtemp(prefix="upstander-nginx-test-"))
    work.chmod(0o755)
    var = work / "var"
    for folder in ("logs", "body", "proxy", "tls", "var/static/probe", "var/media/clips"):
        (work / folder).mkdir(parents=True)
    (var / "static" / "probe" / "probe.css").write_text("body { color: #111; }\n")
    (var / "media" / "clips" / "clip.mp4").write_bytes(MEDIA_BYTES)
    for path in work.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(work / "tls" / "key.pem"),
            "-out",
            str(work / "tls" / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    app_port, https_port, http_port = _spare_port(), _spare_port(), _spare_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "upstander.settings.base",
            "DEBUG": "false",
            "SECRET_KEY": base64.b64encode(os.urandom(48)).decode(),
            "ENCRYPTION_KEYS": "nginx:" + base64.b64encode(os.urandom(32)).decode(),
            "UPSTANDER_VAR_DIR": str(var),
            "MEDIA_ROOT": str(var / "media"),
            "STATIC_ROOT": str(var / "static"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BEHIND_TLS_PROXY": "true",
            "TRUSTED_PROXY_COUNT": "1",
            "MEDIA_SENDFILE": "nginx",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "GUNICORN_BIND": f"127.0.0.1:{app_port}",
            "WEB_CONCURRENCY": "1",
        }
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    for path in (var / "static").rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    gunicorn_log = work / "logs" / "gunicorn.log"
    app = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "upstander.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=gunicorn_log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    site = SITE_CONF.read_text()
    site = _swap(site, "listen 80;", f"listen 127.0.0.1:{http_port};")
    site = _swap(site, "listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    site = _swap(site, "    listen [::]:80;\n", "")
    site = _swap(site, "    listen [::]:443 ssl http2;\n", "")
    site = _swap(site, "server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    site = _swap(site, "/etc/ssl/certs/upstander.pem", str(work / "tls" / "cert.pem"))
    site = _swap(site, "/etc/ssl/private/upstander.key", str(work / "tls" / "key.pem"))
    site = _swap(site, "/var/log/nginx/", f"{work}/logs/")
    site = _swap(site, "/srv/upstander/var/", f"{var}/")
    site = _swap(site, "/srv/upstander/deploy/nginx/errors/", f"{ROOT}/deploy/nginx/errors/")
    (work / "upstander.conf").write_text(site)
    # What Debian's /etc/nginx/nginx.conf gives every site, pointed at the test's folders.
    (work / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"""worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/logs/main-error.log warn;
daemon off;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    access_log off;
    include {work}/upstander.conf;
}}
"""
    )
    nginx = subprocess.Popen(
        [NGINX, "-c", str(work / "nginx.conf"), "-p", str(work)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _wait_for(app_port)
        _wait_for(https_port)
        yield Front(https_port, work)
    finally:
        for process in (nginx, app):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def test_pages_pass_through_with_the_apps_security_headers(front):
    status, headers, body = front.request("GET", "/report/")
    assert status == 200 and b"Get help now" in body
    for header in (
        "Content-Security-Policy",
        "Strict-Transport-Security",
        "X-Frame-Options",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Permissions-Policy",
    ):
        assert header in headers, header
    assert "default-src" in headers["Content-Security-Policy"]


def test_metrics_are_refused_from_any_other_address(front):
    status, _, body = front.request("GET", "/metrics")
    assert status == 403 and b"upstander_" not in body


def test_static_files_come_from_the_static_folder(front):
    status, headers, body = front.request("GET", "/static/probe/probe.css")
    assert status == 200 and body == b"body { color: #111; }\n"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_a_body_no_report_can_be_is_refused_with_a_kind_page(front):
    too_big = b"x" * (53 * 1024 * 1024)
    status, headers, body = front.request(
        "POST", "/report/", body=too_big, headers={"Content-Type": "application/octet-stream"}
    )
    page = body.decode()
    assert status == 413
    assert "too big to send" in page and "Get help now" in page
    assert "999" in page and "0800 1111" in page and "Quick exit" in page


def test_a_large_report_within_the_evidence_limit_reaches_the_app(front):
    boundary = "upstander-test-boundary"
    upload = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="big.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        + b"x" * (40 * 1024 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    status, _, body = front.request(
        "POST",
        "/report/",
        body=upload,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    # The app answered (it wants its form's CSRF token), not nginx's size refusal.
    assert status == 403 and b"too big to send" not in body


def test_media_is_checked_by_the_app_and_sent_by_nginx_with_ranges(front):
    status, headers, body = front.request(
        "GET", "/media/clips/clip.mp4", headers={"Range": "bytes=100-199"}
    )
    assert status == 206
    assert headers["Content-Range"] == f"bytes 100-199/{len(MEDIA_BYTES)}"
    assert body == MEDIA_BYTES[100:200]
    assert "X-Accel-Redirect" not in headers
    status, headers, _ = front.request(
        "GET", "/media/clips/clip.mp4", headers={"Range": f"bytes={len(MEDIA_BYTES) + 10}-"}
    )
    assert status == 416
    status, _, body = front.request("GET", "/media/clips/clip.mp4")
    assert status == 200 and body == MEDIA_BYTES
    # The internal location answers only an X-Accel-Redirect, never a client.
    assert front.request("GET", "/internal-media/clips/clip.mp4")[0] == 404
    assert front.request("GET", "/media/../var/media/clips/clip.mp4")[0] in {400, 404}


def test_report_requests_leave_no_client_address_in_the_logs(front):
    status, _, body = front.request("GET", "/report/")
    assert status == 200 and b"Get help now" in body
    front.request(
        "POST",
        "/report/",
        body=b"step=1",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    front.request(
        "POST", "/report/", body=b"x" * (53 * 1024 * 1024), headers={"Content-Type": "text/plain"}
    )
    time.sleep(0.5)  # nginx writes its access log line after the response
    logs = front.logs()
    assert '"GET /report/" 200' in logs, "the report requests were not logged at all"
    assert '"POST /report/" 413' in logs
    assert CLIENT_ADDRESS not in logs
