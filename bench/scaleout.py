"""`make bench BENCH_ARGS=--scale-out`: two app servers behind nginx, sharing PostgreSQL and Redis.

Proves, on loopback, what a deployment past one machine relies on:
1. a rate limit hit through one server holds on the other (counters in Redis);
2. a page unpublished through one server is gone from both at once (the page
   cache's generation lives in Redis);
3. reports submitted through either server each reach the lead exactly once,
   and one form sent to both servers makes one case.
Needs Debian's nginx, PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379.
"""

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import requests

from .__main__ import PY, ROOT, Server, answers, free_port, manage, profile_env
from .post_load import REPORT_ANSWERS, hidden_fields

NGINX_CONF = """
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
daemon off;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    client_max_body_size 60m;
    upstream upstander {{ server 127.0.0.1:{a}; server 127.0.0.1:{b}; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://upstander;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


CASE_COUNT = "from reporting.models import Case; print(Case.objects.count())"


def shell_value(env: dict, code: str) -> str:
    """The last word `manage.py shell -c CODE` prints, in the benchmark's environment."""
    result = subprocess.run(
        [PY, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()[-1]


def check(label: str, passed: bool, detail: str = "") -> bool:
    print(
        f"  [{'ok' if passed else 'FAILED'}] {label}{': ' + detail if detail else ''}", flush=True
    )
    return passed


def login(session: requests.Session, base: str, username: str, password: str) -> None:
    page = session.get(f"{base}/admin/login/", timeout=30)
    data = dict(hidden_fields(page.text)) | {"username": username, "password": password}
    response = session.post(f"{base}/admin/login/", data=data, timeout=30)
    if response.status_code >= 400:
        raise SystemExit(f"login as {username} failed: {response.status_code}")


def report_once(base: str, form_fields: list | None = None) -> tuple[bool, list]:
    session = requests.Session()
    if form_fields is None:
        form = session.get(f"{base}/report/", timeout=30)
        form_fields = [(n, v) for n, v in hidden_fields(form.text) if n not in {"step", "nav"}]
    else:
        session.get(f"{base}/report/", timeout=30)
        csrf = dict(hidden_fields(session.get(f"{base}/report/", timeout=30).text))[
            "csrfmiddlewaretoken"
        ]
        form_fields = [(n, csrf if n == "csrfmiddlewaretoken" else v) for n, v in form_fields]
    response = session.post(
        f"{base}/report/",
        data=[*form_fields, *REPORT_ANSWERS, ("step", "4"), ("nav", "send")],
        timeout=60,
    )
    return 'id="receipt-reference"' in response.text, form_fields


def run_scale_out() -> int:
    if not shutil.which("nginx"):
        raise SystemExit("nginx is needed: sudo apt-get install nginx-light")
    if not (answers(5432) and answers(6379)):
        raise SystemExit("--scale-out needs PostgreSQL and Redis on 127.0.0.1")
    run_id = f"scale_{int(time.time())}_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="upstander-scaleout-"))
    env = profile_env("postgres", work, run_id)
    env.update(
        {"RATELIMIT_ENABLE": "true", "TRUSTED_PROXY_COUNT": "1", "PAGE_CACHE_ENABLED": "true"}
    )
    name = env["DATABASE_URL"].rsplit("/", 1)[1]
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"],
        check=True,
        capture_output=True,
    )
    failures = 0
    try:
        print(
            "== scale-out: two gunicorn servers behind nginx, sharing PostgreSQL and Redis",
            flush=True,
        )
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        env_debug = {**env, "DEBUG": "true"}  # demo accounts get the documented passwords
        manage(env_debug, "seed_demo")
        with Server(env, cached=True, workers=1) as a, Server(env, cached=True, workers=1) as b:
            port = free_port()
            (work / "nginx.conf").write_text(
                NGINX_CONF.format(work=work, a=a.port, b=b.port, port=port)
            )
            nginx = subprocess.Popen(
                ["nginx", "-c", str(work / "nginx.conf"), "-p", str(work)], start_new_session=True
            )
            try:
                front = f"http://127.0.0.1:{port}"
                for _ in range(50):
                    try:
                        urllib.request.urlopen(f"{front}/healthz", timeout=2)
                        break
                    except OSError:
                        time.sleep(0.2)
                base_a, base_b = a.url(""), b.url("")

                # 1. A rate limit hit through one server holds on the other.
                reference = "ABCD-EFGH"
                statuses = []
                for _ in range(12):
                    session = requests.Session()
                    page = session.get(f"{base_a}/report/follow-up/", timeout=30)
                    data = [
                        *hidden_fields(page.text),
                        ("reference", reference),
                        ("passphrase", "wrong words here now please"),
                        ("nav", "open"),
                    ]
                    statuses.append(
                        session.post(
                            f"{base_a}/report/follow-up/", data=data, timeout=30
                        ).status_code
                    )
                session = requests.Session()
                page = session.get(f"{base_b}/report/follow-up/", timeout=30)
                data = [
                    *hidden_fields(page.text),
                    ("reference", reference),
                    ("passphrase", "wrong words here now please"),
                    ("nav", "open"),
                ]
                on_b = session.post(f"{base_b}/report/follow-up/", data=data, timeout=30)
                failures += not check(
                    "rate limit hit through A holds on B",
                    429 in statuses and on_b.status_code == 429,
                    f"A: {statuses[-3:]}, B: {on_b.status_code}",
                )

                # 2. A page unpublished through one server is gone from both.
                guide = re.search(
                    r'href="(/pupils/[a-z0-9-]+/)"',
                    requests.get(f"{front}/pupils/", timeout=30).text,
                ).group(1)
                for base in (base_a, base_b, base_a, base_b):
                    requests.get(f"{base}{guide}", timeout=30)
                cached = [
                    requests.get(f"{base}{guide}", timeout=30).headers.get("X-Page-Cache")
                    for base in (base_a, base_b)
                ]
                moderator = requests.Session()
                login(moderator, base_a, "moderator", "upstander-moderator-demo")
                page_id = shell_value(
                    env,
                    f"from wagtail.models import Page; print(Page.objects.get(url_path__endswith='{guide}').pk)",
                )
                form = moderator.get(f"{base_a}/admin/pages/{page_id}/unpublish/", timeout=30)
                moderator.post(
                    f"{base_a}/admin/pages/{page_id}/unpublish/",
                    data=dict(hidden_fields(form.text)),
                    timeout=30,
                )
                after = [
                    requests.get(f"{base}{guide}", timeout=30).status_code
                    for base in (base_b, base_a)
                ]
                failures += not check(
                    "page unpublished through A is gone from A and B at once",
                    cached == ["hit", "hit"] and after == [404, 404],
                    f"cached {cached}, after {after}",
                )

                # 3. Reports through either server reach the lead once each; one form sent twice is one case.
                before = int(shell_value(env, CASE_COUNT))
                ok_a, fields = report_once(base_a)
                ok_b, _ = report_once(base_b)
                again, _ = report_once(
                    base_b, form_fields=fields
                )  # the same form, resent to the other server
                count = int(shell_value(env, CASE_COUNT))
                failures += not check(
                    "reports through A and B each arrive once; a resent form makes no second case",
                    ok_a and ok_b and again and count - before == 2,
                    f"{count - before} new case(s)",
                )
            finally:
                os.killpg(nginx.pid, signal.SIGTERM)
                nginx.wait(timeout=10)
    finally:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE IF EXISTS {name}"],
            capture_output=True,
        )
        shutil.rmtree(work, ignore_errors=True)
    print(f"== scale-out: {'all checks passed' if not failures else f'{failures} check(s) FAILED'}")
    return failures
