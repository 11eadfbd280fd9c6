"""`make bench`: start the production profile, load it from separate processes, compare to targets.

One run measures, for each database profile (SQLite; then PostgreSQL + Redis
when they answer on 127.0.0.1): a fixed 30 KB static file (the ceiling), the
public pages, search, the report form, a report POST with a 1 MB photo, the
follow-up check, and the triage queue and case detail as a logged-in lead;
public pages uncached and cached. Figures are ratios to the static file in the
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


def prepare(env: dict, pages: int, cases: int) -> dict:
    if env.get("DATABASE_URL", "").startswith("postgres"):
        name = env["DATABASE_URL"].rsplit("/", 1)[1]
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"],
            check=True,
            capture_output=True,
        )
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "seed_demo")
    output = subprocess.run(
        [PY, "-m", "bench.dataset", "--pages", str(pages), "--cases", str(cases)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=7200,
    )
    if output.returncode != 0:
        raise SystemExit(f"dataset failed:\n{output.stderr}")
    line = next(line for line in output.stdout.splitlines() if line.startswith("DATASET "))
    return json.loads(line[len("DATASET ") :])


class Server:
    """gunicorn with the shipped config, 2 sync workers, on a free loopback port."""

    def __init__(self, env: dict, *, cached: bool, workers: int = 2):
        self.port = free_port()
        self.env = {**env, "PAGE_CACHE_ENABLED": "true" if cached else "false"}
        self.workers = workers

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(Path(PY).with_name("gunicorn")),
                "-c",
                "gunicorn.conf.py",
                "--workers",
                str(self.workers),
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


def measure_large_report(env: dict) -> dict:
    """How much a report with 50 MB of photos raises the peak RSS of the worker that takes it.

    A fresh server with ONE worker, so there is no doubt which worker handled
    it; warmed first with a page and a 1 MB report (code, templates, Pillow
    and the database connection loaded), then its peak (VmHWM) is reset to its
    resident size. The rise is the new peak minus that resident size.
    """
    import requests

    files = large_report_files()
    with Server(env, cached=False, workers=1) as server:
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
    data = prepare(env, args.pages, args.cases)
    print(
        f"   data set ready in {time.time() - started:.0f} s: {data['pages']} pages, {data['cases']} cases",
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
    queries = (
        query_counts(env, {**public, **staff}, lead_cookie) if wanted & {"pages", "staff"} else {}
    )
    rows = []
    memory = {}
    singles = {}
    post = None
    with Server(env, cached=False) as server:
        memory["idle_rss_mb"] = max(server.worker_memory("VmRSS"))
        for _ in range(3):  # warm both workers' caches of templates and code
            for path in [*public.values(), STATIC_PATH]:
                urllib.request.urlopen(server.url(path), timeout=30).read()
        static = wrk(server.url(STATIC_PATH), duration=args.duration)
        rows.append({"name": "static file (ceiling)", **static, "queries": 0})
        if "pages" in wanted:
            for name, path in public.items():
                rows.append(
                    {
                        "name": f"{name} (uncached)",
                        **wrk(server.url(path), duration=args.duration),
                        "queries": queries[name],
                    }
                )
        if "staff" in wanted:
            for name, path in staff.items():
                rows.append(
                    {
                        "name": name,
                        **wrk(server.url(path), duration=args.duration, cookie=lead_cookie),
                        "queries": queries[name],
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
            rows.append({"name": "report POST, 1 MB photo", **post["figures"], "queries": None})
        if "followup" in wanted:
            follow = run_post_load(
                server.url(""),
                duration=args.duration,
                processes=2,
                follow_up=(data["case_reference"], data["passphrase"]),
            )
            rows.append({"name": "follow-up check", **follow["figures"], "queries": None})
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
        memory.update(measure_large_report(env))
    cached_static = static
    if "cached" in wanted:
        with Server(env, cached=True) as server:
            for path in public.values():
                urllib.request.urlopen(server.url(path), timeout=30).read()
            cached_static = wrk(server.url(STATIC_PATH), duration=args.duration)
            rows.append(
                {"name": "static file (ceiling, cached run)", **cached_static, "queries": 0}
            )
            for name, path in public.items():
                if name == "report form GET":
                    continue  # never cached: it holds a CSRF token
                rows.append(
                    {
                        "name": f"{name} (cached)",
                        **wrk(server.url(path), duration=args.duration),
                        "queries": None,
                    }
                )
    for row in rows:
        ceiling = (
            cached_static if "cached" in row["name"] and "uncached" not in row["name"] else static
        )
        row["ratio_to_static"] = round(row["rps"] / ceiling["rps"], 4) if ceiling["rps"] else 0.0
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
        "data": {"pages": data["pages"], "cases": data["cases"]},
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
    }
    targets.report(results, meta, ROOT, partial=bool(args.only))


if __name__ == "__main__":
    main()
