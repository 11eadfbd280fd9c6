"""`make bench BENCH_ARGS=--scale-out`: two app servers behind nginx, sharing PostgreSQL and Redis.

Proves, on loopback, what a deployment past one machine relies on:
1. a rate limit hit through one server holds on the other (counters in Redis);
2. a page published through one server is purged for both at once, and one
   unpublished through one is gone from both (the page cache's generation
   lives in Redis);
3. reports submitted through either server each reach the lead's queue exactly
   once, and one form sent to both servers makes one case.
Then it measures, through nginx, the static file, a cached page and report
POSTs, and writes the figures to build/scaleout.json and docs/scaling.md.
Needs Debian's nginx (bench/ensure-tools installs it), PostgreSQL on
127.0.0.1:5432 and Redis on 127.0.0.1:6379.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
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


def shell_value(env: dict, code: str | None, *, command: list[str] | None = None) -> str:
    """The last word `manage.py shell -c CODE` (or another command) prints, in the run's environment."""
    result = subprocess.run(
        [PY, "manage.py", *(command or ["shell", "-c", code])],
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


RECEIPT_REFERENCE = re.compile(r'id="receipt-reference">([A-Z0-9-]+)<')
TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


def report_once(base: str, form_fields: list | None = None) -> tuple[str, list]:
    """Send a whole report; return the reference its receipt shows ("" if none) and the form."""
    session = requests.Session()
    if form_fields is None:
        form = session.get(f"{base}/report/", timeout=30)
        form_fields = [(n, v) for n, v in hidden_fields(form.text) if n not in {"step", "nav"}]
    else:
        csrf = dict(hidden_fields(session.get(f"{base}/report/", timeout=30).text))[
            "csrfmiddlewaretoken"
        ]
        form_fields = [(n, csrf if n == "csrfmiddlewaretoken" else v) for n, v in form_fields]
    response = session.post(
        f"{base}/report/",
        data=[*form_fields, *REPORT_ANSWERS, ("step", "4"), ("nav", "send")],
        timeout=60,
    )
    found = RECEIPT_REFERENCE.search(response.text)
    return (found.group(1) if found else ""), form_fields


def wrong_followup(base: str, reference: str) -> int:
    session = requests.Session()
    page = session.get(f"{base}/report/follow-up/", timeout=30)
    data = [
        *hidden_fields(page.text),
        ("reference", reference),
        ("passphrase", "wrong words here now please"),
        ("nav", "open"),
    ]
    return session.post(f"{base}/report/follow-up/", data=data, timeout=30).status_code


def bulk_page_action(session: requests.Session, base: str, action: str, page_id: str) -> int:
    """Publish or unpublish a page through Wagtail's own admin action on one server."""
    url = f"{base}/admin/bulk/wagtailcore/page/{action}/?id={page_id}&next=/admin/"
    form = session.get(url, timeout=30)
    return session.post(url, data=dict(hidden_fields(form.text)), timeout=30).status_code


def lead_session(env: dict, base: str) -> requests.Session:
    """The demo lead, signed in with password and second factor through `base`."""
    session = requests.Session()
    login(session, base, "lead", "upstander-lead-demo")
    code = shell_value({**env, "DEBUG": "true"}, None, command=["demo_totp"])
    page = session.get(f"{base}/admin/security/verify/", timeout=30)
    data = dict(hidden_fields(page.text)) | {"token": code, "next": "/admin/"}
    session.post(f"{base}/admin/security/verify/", data=data, timeout=30)
    return session


def title_of(base: str, path: str) -> tuple[str, str | None]:
    response = requests.get(f"{base}{path}", timeout=30)
    found = TITLE.search(response.text)
    return (found.group(1).strip() if found else ""), response.headers.get("X-Page-Cache")


def check_rate_limit(base_a: str, base_b: str) -> bool:
    reference = "ABCD-EFGH"
    statuses = [wrong_followup(base_a, reference) for _ in range(12)]
    on_b = wrong_followup(base_b, reference)
    return check(
        "rate limit hit through A holds on B",
        429 in statuses and on_b == 429,
        f"A: {statuses[-3:]}, B: {on_b}",
    )


def check_publish_purges_both(env: dict, front: str, base_a: str, base_b: str) -> bool:
    guide = re.search(
        r'href="(/pupils/[a-z0-9-]+/)"', requests.get(f"{front}/pupils/", timeout=30).text
    ).group(1)
    page_id = shell_value(
        env,
        f"from wagtail.models import Page; print(Page.objects.get(url_path__endswith='{guide}').pk)",
    )
    for base in (base_a, base_b, base_a, base_b):
        requests.get(f"{base}{guide}", timeout=30)
    before = [title_of(base, guide) for base in (base_a, base_b)]
    # A new draft (no purge: nothing public changed), then published through A.
    new_title = f"Scale-out check {int(time.time())}"
    shell_value(
        env,
        "from wagtail.models import Page; "
        f"p = Page.objects.get(pk={page_id}).specific; p.title = {new_title!r}; "
        "p.save_revision(); print('saved')",
    )
    draft = [title_of(base, guide) for base in (base_a, base_b)]
    for base in (base_a, base_b):  # cached again, whatever saving the draft did
        requests.get(f"{base}{guide}", timeout=30)
    warm = [title_of(base, guide) for base in (base_a, base_b)]
    moderator = requests.Session()
    login(moderator, base_a, "moderator", "upstander-moderator-demo")
    published = bulk_page_action(moderator, base_a, "publish", page_id)
    after_publish = [title_of(base, guide) for base in (base_b, base_a)]
    passed_publish = check(
        "page published through A is fresh on B and A at once",
        all(cache == "hit" and new_title not in title for title, cache in before + warm)
        and all(new_title not in title for title, _cache in draft)
        and published < 400
        and all(new_title in title for title, _cache in after_publish),
        f"old title cached on A and B {[c for _t, c in warm]}; draft not shown "
        f"{[new_title not in t for t, _c in draft]} (saving it purged: "
        f"{[c != 'hit' for _t, c in draft]}); new title at once after publish "
        f"{[new_title in t for t, _c in after_publish]}",
    )
    for base in (base_a, base_b):
        requests.get(f"{base}{guide}", timeout=30)
    cached = [title_of(base, guide)[1] for base in (base_a, base_b)]
    unpublished = bulk_page_action(moderator, base_a, "unpublish", page_id)
    after = [requests.get(f"{base}{guide}", timeout=30).status_code for base in (base_b, base_a)]
    passed_unpublish = check(
        "page unpublished through A is gone from B and A at once",
        cached == ["hit", "hit"] and unpublished < 400 and after == [404, 404],
        f"cached {cached}, after {after}",
    )
    return passed_publish and passed_unpublish


def check_reports_reach_lead_once(env: dict, front: str, base_a: str, base_b: str) -> bool:
    before = int(shell_value(env, CASE_COUNT))
    reference_a, fields = report_once(base_a)
    reference_b, _ = report_once(base_b)
    # The same form, resent to the other server (a double click across a load balancer).
    resent, _ = report_once(base_b, form_fields=fields)
    count = int(shell_value(env, CASE_COUNT))
    queue = lead_session(env, front).get(f"{front}/admin/safeguarding/", timeout=30).text
    seen = {ref: queue.count(ref) for ref in (reference_a, reference_b) if ref}
    return check(
        "reports through A and B each reach the lead's queue once; a resent form makes no second case",
        bool(reference_a and reference_b)
        and resent == reference_a
        and count - before == 2
        and sorted(seen.values()) == [1, 1],
        f"{count - before} new case(s), references {seen} in the queue, resent form shows "
        f"{'the same receipt' if resent == reference_a else repr(resent)}",
    )


def measure_through_nginx(front: str, duration: int) -> dict:
    """Figures for docs/scaling.md: what two one-worker servers behind nginx give on this machine."""
    from .__main__ import STATIC_PATH, wrk
    from .post_load import run_post_load

    requests.get(f"{front}/", timeout=30)
    figures = {
        "static file": wrk(f"{front}{STATIC_PATH}", duration=duration),
        "home (cached)": wrk(f"{front}/", duration=duration),
    }
    post = run_post_load(front, duration=duration, processes=4)
    figures["report POST, 1 MB photo"] = post["figures"]
    return figures


SCALING_FIGURES_START = "<!-- scale-out figures: written by `make bench BENCH_ARGS=--scale-out` -->"
SCALING_FIGURES_END = "<!-- end of scale-out figures -->"


def write_figures(figures: dict, failures: int) -> None:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "scaleout.json").write_text(
        json.dumps({"date": date, "commit": commit, "failures": failures, "figures": figures})
        + "\n"
    )
    lines = [
        SCALING_FIGURES_START,
        f"Last run: {date}, commit `{commit}`, {os.cpu_count()} cores; two gunicorn servers "
        "(1 worker each) behind nginx, PostgreSQL and Redis, all on the same machine as the "
        f"load; checks {'all passed' if not failures else f'{failures} FAILED'}. Rate limits "
        "off for these figures (one client sends every report), on for the checks.",
        "",
        "| through nginx | req/s | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {name} | {row['rps']:.1f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {row['errors']} |"
            for name, row in figures.items()
        ),
        SCALING_FIGURES_END,
    ]
    doc = ROOT / "docs" / "scaling.md"
    text = doc.read_text()
    if SCALING_FIGURES_START in text and SCALING_FIGURES_END in text:
        head, rest = text.split(SCALING_FIGURES_START, 1)
        text = head + "\n".join(lines) + rest.split(SCALING_FIGURES_END, 1)[1]
        doc.write_text(text)


@contextlib.contextmanager
def cluster(env: dict, nginx_binary: str):
    """Two one-worker gunicorn servers and nginx in front; yields the three base URLs."""
    # nginx gets its own folder, apart from the app's private one (0700): started
    # as root, nginx's workers run as an unprivileged user and must reach their
    # temporary folders, or every request body over 16 KB fails.
    nginx_dir = Path(tempfile.mkdtemp(prefix="upstander-nginx-"))
    nginx_dir.chmod(0o755)
    with (
        Server(env, mode="cached", workers=1, worker_class="gthread") as a,
        Server(env, mode="cached", workers=1, worker_class="gthread") as b,
    ):
        port = free_port()
        (nginx_dir / "nginx.conf").write_text(
            NGINX_CONF.format(work=nginx_dir, a=a.port, b=b.port, port=port)
        )
        nginx = subprocess.Popen(
            [nginx_binary, "-c", str(nginx_dir / "nginx.conf"), "-p", str(nginx_dir)],
            start_new_session=True,
        )
        try:
            front = f"http://127.0.0.1:{port}"
            for _ in range(50):
                try:
                    urllib.request.urlopen(f"{front}/healthz", timeout=2)
                    break
                except urllib.error.HTTPError:
                    break  # it answers (red without an alert worker, which no benchmark runs)
                except OSError:
                    time.sleep(0.2)
            yield front, a.url(""), b.url("")
        finally:
            os.killpg(nginx.pid, signal.SIGTERM)
            nginx.wait(timeout=10)
            log = nginx_dir / "nginx-error.log"
            lines = log.read_text(errors="replace").splitlines() if log.exists() else []
            # Bodies over 16 KB are buffered to a file, as they should be (a slow upload
            # never ties up an app worker); nginx warns about each one.
            errors = "\n".join(line for line in lines if "buffered to a temporary" not in line)
            if errors:
                print("  nginx said:\n    " + "\n    ".join(errors.splitlines()[-5:]), flush=True)
            shutil.rmtree(nginx_dir, ignore_errors=True)


def run_scale_out(duration: int = 10) -> int:
    nginx_binary = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx_binary is None:
        raise SystemExit(
            "nginx is needed: run bench/ensure-tools (or sudo apt-get install nginx-light)"
        )
    if not (answers(5432) and answers(6379)):
        raise SystemExit("--scale-out needs PostgreSQL and Redis on 127.0.0.1")
    run_id = f"scale_{int(time.time())}_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="upstander-scaleout-"))
    env = profile_env("postgres", work, run_id)
    env.update(
        {
            "RATELIMIT_ENABLE": "true",
            "TRUSTED_PROXY_COUNT": "1",
            "PAGE_CACHE_ENABLED": "true",
            # The purge check reads whether each page came from the cache.
            "PAGE_CACHE_STATUS_HEADER": "true",
        }
    )
    name = env["DATABASE_URL"].rsplit("/", 1)[1]
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"],
        check=True,
        capture_output=True,
    )
    failures = 0
    figures = {}
    try:
        print(
            "== scale-out: two gunicorn servers behind nginx, sharing PostgreSQL and Redis",
            flush=True,
        )
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        env_debug = {**env, "DEBUG": "true"}  # demo accounts get the documented passwords
        manage(env_debug, "seed_demo")
        with cluster(env, nginx_binary) as (front, base_a, base_b):
            failures += not check_rate_limit(base_a, base_b)
            failures += not check_publish_purges_both(env, front, base_a, base_b)
            failures += not check_reports_reach_lead_once(env, front, base_a, base_b)
        # The figures: a fresh pair with rate limits off, as in `make bench` (one client
        # sends every report, which the per-client limits exist to stop).
        with cluster({**env, "RATELIMIT_ENABLE": "false"}, nginx_binary) as (front, _a, _b):
            figures = measure_through_nginx(front, duration)
        for label, row in figures.items():
            print(
                f"  through nginx: {label}: {row['rps']:.1f} req/s, p50 {row['p50_ms']:.1f} ms, "
                f"p99 {row['p99_ms']:.1f} ms, {row['errors']} errors",
                flush=True,
            )
    finally:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE IF EXISTS {name}"],
            capture_output=True,
        )
        shutil.rmtree(work, ignore_errors=True)
    if figures:
        write_figures(figures, failures)
    print(f"== scale-out: {'all checks passed' if not failures else f'{failures} check(s) FAILED'}")
    return failures
