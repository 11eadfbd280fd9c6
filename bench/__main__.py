"""`make bench`: start the production profile, load it from separate processes, compare to targets.

One run measures, for each database profile (SQLite; then PostgreSQL + Redis
when they answer on 127.0.0.1): a fixed 30 KB static file (the ceiling), the
public pages, search, the report form, a report POST with a 1 MB photo, the
follow-up check, and the triage queue and case detail as a logged-in lead;
public pages cold (page and fragment caches off), fragment-warm and
page-cached, each beside a static ceiling measured on the same server (the
same gunicorn worker class, `--worker-class`, sync by default). Figures are ratios to the static file in the
same run, so they hold on any machine. Results: a table on stdout,
docs/benchmarks.md and build/bench.json (for another data set than the default,
docs/benchmarks-<pages>-pages.md and build/bench-<pages>-pages.json).

    python -m bench [--pages 2000] [--cases 20000] [--duration 10] [--profiles sqlite,postgres]
    python -m bench --only post,large --pages 50 --cases 500   (while developing; writes
                                                                build/bench-partial.json only)
    python -m bench --scale-out   (two servers behind nginx: bench/scaleout.py)
"""

import argparse
import base64
import contextlib
import hashlib
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from . import targets
from .post_load import (
    large_report_files,
    one_megabyte_photo,
    run_post_load,
    submit_large_report,
    submit_report,
)

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")
STATIC_PATH = "/static/bench/ceiling.css"
# Scenario groups `--only` can pick; a full run (the default) measures them all.
SCENARIO_GROUPS = ("pages", "staff", "singles", "post", "followup", "large", "cached")
# The POST rate is "sustained": measure it for at least this long, whatever --duration says.
POST_MIN_SECONDS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def profile_env(profile: str, workdir: Path, run_id: str) -> dict:
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
            "ENCRYPTION_KEYS": "bench:" + base64.b64encode(os.urandom(32)).decode(),
            "UPSTANDER_VAR_DIR": str(workdir),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain HTTP on loopback: no TLS redirect or secure-only cookies for the run.
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            # Said in the report: rate limits are off for the run, or one client would be throttled.
            "RATELIMIT_ENABLE": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }
    )
    if profile == "postgres":
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/upstander_bench_{run_id}"
        env["REDIS_URL"] = "redis://127.0.0.1:6379/13"
        env["CACHE_KEY_PREFIX"] = f"bench_{run_id}"
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


# What the built data set depends on: a change to any of these builds it again.
DATA_SET_SOURCES = (
    "bench/dataset.py",
    "content/management/commands/seed_demo.py",
    "content/demo",
    "content/search_words.yaml",
    "pyproject.toml",
    "*/migrations",
)
CACHE_DIR = ROOT / "var" / "bench-cache"


def data_set_key(profile: str, pages: int, cases: int) -> str:
    """A hash of the data set builder's sources (and migrations), the profile and the sizes."""
    digest = hashlib.sha256(f"{profile}:{pages}:{cases}".encode())
    files = set()
    for pattern in DATA_SET_SOURCES:
        for found in ROOT.glob(pattern):
            if found.is_dir():
                files.update(f for f in found.rglob("*") if f.is_file() and f.suffix != ".pyc")
            elif found.is_file():
                files.add(found)
    for path in sorted(files):
        if ".venv" in path.parts or "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _psql(*sql: str) -> None:
    for statement in sql:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", statement],
            check=True,
            capture_output=True,
        )


def prepare(env: dict, profile: str, workdir: Path, pages: int, cases: int) -> dict:
    """Migrate, seed and build the data set, or restore the same set built by an earlier run.

    A built set is kept under var/bench-cache/<profile>-<pages>-<cases>-<hash of the
    builder's sources>/: the app's var folder (SQLite database, media, evidence), the keys
    it was encrypted and signed with, and the builder's answer; on PostgreSQL a template
    database, copied by CREATE DATABASE … TEMPLATE. Only a lead's session is made anew.
    """
    key = data_set_key(profile, pages, cases)
    cached = CACHE_DIR / f"{profile}-{pages}-{cases}-{key}"
    template_db = f"upstander_benchcache_{key}"
    name = env["DATABASE_URL"].rsplit("/", 1)[1] if profile == "postgres" else None
    if (cached / "dataset.json").exists():
        saved = json.loads((cached / "dataset.json").read_text())
        env.update(saved["env"])
        shutil.rmtree(workdir)
        shutil.copytree(cached / "var", workdir)
        if name:
            _psql(f"CREATE DATABASE {name} TEMPLATE {template_db}")
        data = {**saved["data"], **bench_json(env, "--session-only", prefix="SESSION ")}
        data["restored_from"] = str(cached.relative_to(ROOT))
        return data
    if name:
        _psql(f"CREATE DATABASE {name}")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "seed_demo")
    data = bench_json(env, "--pages", str(pages), "--cases", str(cases), prefix="DATASET ")
    shutil.rmtree(cached, ignore_errors=True)
    cached.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(workdir, cached / "var")
    if name:
        _psql(
            f"DROP DATABASE IF EXISTS {template_db}",
            f"CREATE DATABASE {template_db} TEMPLATE {name}",
        )
    kept_env = {k: env[k] for k in ("SECRET_KEY", "ENCRYPTION_KEYS")}
    (cached / "dataset.json").write_text(json.dumps({"env": kept_env, "data": data}))
    return data


def bench_json(env: dict, *args: str, prefix: str) -> dict:
    output = subprocess.run(
        [PY, "-m", "bench.dataset", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=7200,
    )
    if output.returncode != 0:
        raise SystemExit(f"dataset failed:\n{output.stderr}")
    line = next(line for line in output.stdout.splitlines() if line.startswith(prefix))
    return json.loads(line[len(prefix) :])


class Server:
    """gunicorn with the shipped config and 2 workers of `worker_class`, on a free loopback port.

    `mode` is what is cached: "cold" (neither whole pages nor fragments: every
    request renders everything), "warm" (fragments only, as with the page cache
    off) or "cached" (both, as in production). The static ceiling is measured on
    the same server, so the same worker class, as the pages it is compared with.
    """

    def __init__(self, env: dict, *, mode: str, workers: int = 2, worker_class: str = "sync"):
        self.port = free_port()
        self.env = {
            **env,
            "PAGE_CACHE_ENABLED": "true" if mode == "cached" else "false",
            "FRAGMENT_CACHE_ENABLED": "false" if mode == "cold" else "true",
        }
        self.workers = workers
        self.worker_class = worker_class

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(Path(PY).with_name("gunicorn")),
                "-c",
                "gunicorn.conf.py",
                "--workers",
                str(self.workers),
                "--worker-class",
                self.worker_class,
                "--bind",
                f"127.0.0.1:{self.port}",
                "upstander.wsgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=2) as response:
                    if response.status == 200:
                        break
            except urllib.error.HTTPError:
                # It answers: it has started. /healthz is red without an alert
                # worker, which a benchmark does not run.
                break
            except OSError:
                time.sleep(0.3)
        else:
            self.__exit__(None, None, None)
            raise SystemExit("gunicorn did not answer /healthz within 60 s")
        return self

    def __exit__(self, *exc):
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def worker_memory(self, field: str) -> list[float]:
        """VmRSS (now) or VmHWM (peak) of each worker, in MB."""
        values = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    values.append(int(line.split()[1]) / 1024)
        return values

    def reset_peaks(self) -> None:
        # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0).
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                Path(f"/proc/{pid}/clear_refs").write_text("5")


def measure_large_report(env: dict, worker_class: str) -> dict:
    """How much a report with 50 MB of photos raises the peak RSS of the worker that takes it.

    A fresh server with ONE worker, so there is no doubt which worker handled
    it; warmed first with a page and a 1 MB report (code, templates, Pillow
    and the database connection loaded), then its peak (VmHWM) is reset to its
    resident size. The rise is the new peak minus that resident size.
    """
    import requests

    files = large_report_files()
    with Server(env, mode="warm", workers=1, worker_class=worker_class) as server:
        urllib.request.urlopen(server.url("/report/"), timeout=30).read()
        submit_report(requests.Session(), server.url(""), [("warm.jpg", one_megabyte_photo())])
        server.reset_peaks()
        (before,) = server.worker_memory("VmRSS")
        ok = submit_large_report(server.url(""))
        (after,) = server.worker_memory("VmHWM")
    return {
        "large_report_rss_before_mb": round(before, 1),
        "large_report_peak_rss_mb": round(after, 1),
        "large_report_rise_mb": round(after - before, 1),
        "large_report_ok": ok,
        "large_report_files_mb": [round(len(data) / 1e6, 1) for _name, data in files],
    }


def wrk(
    url: str,
    *,
    duration: int,
    connections: int = 16,
    threads: int = 2,
    method: str = "GET",
    body: str = "",
    cookie: str = "",
    content_type: str = "",
) -> dict:
    env = {
        **os.environ,
        "BENCH_METHOD": method,
        "BENCH_BODY": body,
        "BENCH_COOKIE": cookie,
        "BENCH_CONTENT_TYPE": content_type,
    }
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(WRK_SCRIPT),
            url,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=duration + 60,
    )
    line = next((out for out in result.stdout.splitlines() if out.startswith("BENCHJSON ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no summary for {url}:\n{result.stdout}\n{result.stderr}")
    data = json.loads(line[len("BENCHJSON ") :])
    seconds = data["duration_us"] / 1e6
    return {
        "rps": round(data["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(data["p50_us"] / 1000, 1),
        "p95_ms": round(data["p95_us"] / 1000, 1),
        "p99_ms": round(data["p99_us"] / 1000, 1),
        "errors": data["errors"],
        "requests": data["requests"],
    }


def query_counts(env: dict, urls: dict, cookie: str) -> dict:
    result = subprocess.run(
        [PY, "-m", "bench.queries", json.dumps({"urls": urls, "cookie": cookie})],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    line = next((out for out in result.stdout.splitlines() if out.startswith("QUERIES ")), None)
    if line is None:
        raise SystemExit(f"query counting failed:\n{result.stderr}")
    return json.loads(line[len("QUERIES ") :])


def run_profile(profile: str, args) -> dict:
    run_id = f"{int(time.time())}_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix=f"upstander-bench-{profile}-"))
    env = profile_env(profile, workdir, run_id)
    print(
        f"\n== {profile}: preparing {args.pages} pages and {args.cases} cases in {workdir}",
        flush=True,
    )
    started = time.time()
    data = prepare(env, profile, workdir, args.pages, args.cases)
    data["ready_seconds"] = round(time.time() - started)
    print(
        f"   data set ready in {data['ready_seconds']} s: {data['pages']} pages, {data['cases']} cases"
        + (f" (restored from {data['restored_from']})" if "restored_from" in data else " (built)"),
        flush=True,
    )

    lead_cookie = data["lead_cookie"]
    public = {
        "home": "/",
        "audience hub": data["hub_url"],
        "guide": data["guide_url"],
        "video page": data["video_url"],
        "search": "/search/?q=block",
        "report form GET": "/report/",
    }
    staff = {
        "triage queue": "/admin/safeguarding/",
        "case detail": f"/admin/safeguarding/cases/{data['case_id']}/",
    }
    wanted = set(args.only.split(",")) if args.only else set(SCENARIO_GROUPS)
    pages_measured = {name: path for name, path in public.items() if name != "report form GET"}
    queries = {}
    if wanted & {"pages", "staff"}:
        queries["warm"] = query_counts(env, {**public, **staff}, lead_cookie)
    if "pages" in wanted:
        queries["cold"] = query_counts(
            {**env, "FRAGMENT_CACHE_ENABLED": "false"}, pages_measured, ""
        )
    rows = []
    memory = {}
    singles = {}
    post = None

    def warm_up(server, paths):
        for _ in range(3):  # warm both workers' caches of templates and code
            for path in [*paths, STATIC_PATH]:
                urllib.request.urlopen(server.url(path), timeout=30).read()

    def ceiling(server, mode):
        static = wrk(server.url(STATIC_PATH), duration=args.duration)
        rows.append(
            {"name": f"static file (ceiling, {mode})", **static, "queries": 0, "mode": mode}
        )
        return static

    # Cold: neither whole pages nor fragments are cached, so every request does
    # everything a page costs: what a reader meets just after a publish.
    if "pages" in wanted:
        with Server(env, mode="cold", worker_class=args.worker_class) as server:
            warm_up(server, pages_measured.values())
            static = ceiling(server, "cold")
            for name, path in pages_measured.items():
                rows.append(
                    {
                        "name": f"{name} (cold)",
                        "page": name,
                        "mode": "cold",
                        **wrk(server.url(path), duration=args.duration),
                        "queries": queries["cold"][name],
                        "ceiling_rps": static["rps"],
                    }
                )
            if "singles" in wanted:
                singles["guide (cold)"] = wrk(
                    server.url(public["guide"]),
                    duration=max(3, args.duration // 2),
                    connections=1,
                    threads=1,
                )["p50_ms"]
    with Server(env, mode="warm", worker_class=args.worker_class) as server:
        memory["idle_rss_mb"] = max(server.worker_memory("VmRSS"))
        warm_up(server, public.values())
        static = ceiling(server, "fragment-warm")
        if "pages" in wanted:
            for name, path in public.items():
                rows.append(
                    {
                        "name": f"{name} (fragment-warm)",
                        "page": name,
                        "mode": "fragment-warm",
                        **wrk(server.url(path), duration=args.duration),
                        "queries": queries["warm"][name],
                        "ceiling_rps": static["rps"],
                    }
                )
        if "staff" in wanted:
            for name, path in staff.items():
                rows.append(
                    {
                        "name": name,
                        **wrk(server.url(path), duration=args.duration, cookie=lead_cookie),
                        "queries": queries["warm"][name],
                        "ceiling_rps": static["rps"],
                    }
                )
        if "singles" in wanted:
            for name, path, cookie in [
                ("guide", public["guide"], ""),
                ("triage queue", staff["triage queue"], lead_cookie),
                ("case detail", staff["case detail"], lead_cookie),
            ]:
                singles[name] = wrk(
                    server.url(path),
                    duration=max(3, args.duration // 2),
                    connections=1,
                    threads=1,
                    cookie=cookie,
                )["p50_ms"]
        if "post" in wanted:
            post = run_post_load(
                server.url(""), duration=max(args.duration, POST_MIN_SECONDS), processes=4
            )
            rows.append(
                {
                    "name": "report POST, 1 MB photo",
                    **post["figures"],
                    "queries": None,
                    "ceiling_rps": static["rps"],
                }
            )
        if "followup" in wanted:
            follow = run_post_load(
                server.url(""),
                duration=args.duration,
                processes=2,
                follow_up=(data["case_reference"], data["passphrase"]),
            )
            rows.append(
                {
                    "name": "follow-up check",
                    **follow["figures"],
                    "queries": None,
                    "ceiling_rps": static["rps"],
                }
            )
        # Peak RSS of each worker over everything above (pages, staff, POSTs).
        memory["peak_rss_per_worker_mb"] = [round(mb, 1) for mb in server.worker_memory("VmHWM")]
    count_check = (
        json.loads(
            subprocess.run(
                [
                    PY,
                    "-m",
                    "bench.queries",
                    json.dumps({"count_submissions": post["submission_tokens"]}),
                ],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            ).stdout.split("QUERIES ", 1)[1]
        )
        if post
        else None
    )
    if "large" in wanted:
        memory.update(measure_large_report(env, args.worker_class))
    if "cached" in wanted:
        with Server(env, mode="cached", worker_class=args.worker_class) as server:
            warm_up(server, pages_measured.values())
            static = ceiling(server, "page-cached")
            for name, path in pages_measured.items():
                rows.append(
                    {
                        "name": f"{name} (page-cached)",
                        "page": name,
                        "mode": "page-cached",
                        **wrk(server.url(path), duration=args.duration),
                        "queries": None,
                        "ceiling_rps": static["rps"],
                    }
                )
    for row in rows:
        ceiling_rps = row.get("ceiling_rps", row["rps"])
        row["ratio_to_static"] = round(row["rps"] / ceiling_rps, 4) if ceiling_rps else 0.0
    if profile == "postgres":
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-c",
                f"DROP DATABASE IF EXISTS upstander_bench_{run_id}",
            ],
            capture_output=True,
        )
    shutil.rmtree(workdir, ignore_errors=True)
    return {
        "profile": profile,
        "rows": rows,
        "single_connection_p50_ms": singles,
        "memory": memory,
        "submissions": (
            {"accepted": post["accepted"], "errors": post["figures"]["errors"], **count_check}
            if post
            else None
        ),
        "data": {
            "pages": data["pages"],
            "cases": data["cases"],
            "ready_seconds": data["ready_seconds"],
            "restored": "restored_from" in data,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=targets.DEFAULT_DATA_SET[0])
    parser.add_argument("--cases", type=int, default=targets.DEFAULT_DATA_SET[1])
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--profiles", default="sqlite,postgres")
    parser.add_argument(
        "--note",
        default="",
        help="a line for the report, e.g. 'loaded machine: other work on the same cores'",
    )
    parser.add_argument(
        "--worker-class",
        default="sync",
        choices=("sync", "gthread"),
        help="gunicorn worker class for every server of the run, static ceiling and pages "
        "alike (sync: as bakerydemo's reference figures were measured)",
    )
    parser.add_argument(
        "--only",
        default="",
        help="while developing: a comma-separated subset of "
        + ",".join(SCENARIO_GROUPS)
        + " (the static ceiling always runs)",
    )
    parser.add_argument(
        "--scale-out", action="store_true", help="two app servers behind nginx (bench/scaleout.py)"
    )
    args = parser.parse_args()
    unknown = set(filter(None, args.only.split(","))) - set(SCENARIO_GROUPS)
    if unknown:
        parser.error(f"--only: unknown scenario group(s) {', '.join(sorted(unknown))}")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: run bench/ensure-tools (or sudo apt-get install wrk)")
    if args.scale_out:
        from .scaleout import run_scale_out

        raise SystemExit(1 if run_scale_out(duration=args.duration) else 0)
    results = []
    for profile in args.profiles.split(","):
        if profile == "postgres" and not (answers(5432) and answers(6379)):
            print("== postgres: PostgreSQL or Redis does not answer on 127.0.0.1; skipped")
            continue
        results.append(run_profile(profile, args))
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    meta = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "pages": args.pages,
        "cases": args.cases,
        "duration_s": args.duration,
        "post_duration_s": max(args.duration, POST_MIN_SECONDS),
        "worker_class": args.worker_class,
        "note": args.note,
    }
    targets.report(results, meta, ROOT, partial=bool(args.only))


if __name__ == "__main__":
    main()
