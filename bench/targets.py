"""The targets of issue 7, checked against one run's figures, and the reports written from them."""

import json
from pathlib import Path

# (pages, cases) of `make bench` with no arguments; its figures go to docs/benchmarks.md.
DEFAULT_DATA_SET = (2000, 20000)

# bakerydemo's ratios to its own static file, measured beside Upstander (issue 24: same
# machine, Wagtail 8.0 / Django 5.2, SQLite, gunicorn 2 sync workers, wrk -t2 -c16), all
# caches off. Each Upstander page type is paired with the bakerydemo page most like it.
BAKERYDEMO_COLD_RATIO = {
    "home": ("home", 0.009),
    "audience hub": ("blog index", 0.020),
    "guide": ("blog post", 0.026),
    "video page": ("blog post", 0.026),
    "search": ("search", 0.012),
}
COLD_TIMES_BAKERYDEMO = 3
FRAGMENT_WARM_MIN_RATIO = 0.15
PAGE_CACHED_MIN_RATIO = 0.75


def ratio_goal(row: dict) -> float | None:
    """The least ratio to static a page row must reach, by its mode (issue 24's targets)."""
    mode, page = row.get("mode"), row.get("page")
    if page not in BAKERYDEMO_COLD_RATIO:
        return None
    if mode == "cold":
        return COLD_TIMES_BAKERYDEMO * BAKERYDEMO_COLD_RATIO[page][1]
    if mode == "fragment-warm":
        return FRAGMENT_WARM_MIN_RATIO
    if mode == "page-cached":
        return PAGE_CACHED_MIN_RATIO
    return None


MAX_QUERIES_PER_PUBLIC_PAGE = 12
SINGLE_P50_MS = {"guide (cold)": 8, "guide": 20, "triage queue": 150, "case detail": 100}
POST_MIN_RPS = 5.0
POST_MAX_P99_MS = 2000
LARGE_REPORT_MAX_RISE_MB = 100
IDLE_RSS_MAX_MB = 150


def evaluate(result: dict) -> list[tuple[str, str, str, bool]]:
    rows = {row["name"]: row for row in result["rows"]}
    checks = []
    for name, row in rows.items():
        minimum = ratio_goal(row)
        if minimum is not None:
            value = row["ratio_to_static"]
            checks.append(
                (f"{name} ratio to static", f"{value:.1%}", f">= {minimum:.1%}", value >= minimum)
            )
    for name, row in rows.items():
        if (
            row.get("queries") is not None
            and row.get("mode") == "fragment-warm"
            and row.get("page") in BAKERYDEMO_COLD_RATIO
        ):
            checks.append(
                (
                    f"{name} SQL queries",
                    str(row["queries"]),
                    f"<= {MAX_QUERIES_PER_PUBLIC_PAGE}",
                    row["queries"] <= MAX_QUERIES_PER_PUBLIC_PAGE,
                )
            )
    for name, limit in SINGLE_P50_MS.items():
        value = result["single_connection_p50_ms"].get(name)
        if value is not None:
            checks.append(
                (
                    f"{name} single-connection median",
                    f"{value:.1f} ms",
                    f"<= {limit} ms",
                    0 < value <= limit,  # 0: no request finished, which is no figure
                )
            )
    post = rows.get("report POST, 1 MB photo")
    if post:
        checks.append(
            (
                "report POST rate",
                f"{post['rps']:.1f}/s",
                f">= {POST_MIN_RPS}/s",
                post["rps"] >= POST_MIN_RPS,
            )
        )
        checks.append(
            (
                "report POST p99",
                f"{post['p99_ms']:.0f} ms",
                f"<= {POST_MAX_P99_MS} ms",
                post["p99_ms"] <= POST_MAX_P99_MS,
            )
        )
        checks.append(("report POST errors", str(post["errors"]), "0", post["errors"] == 0))
    submissions = result["submissions"]
    if submissions is not None:
        complete = submissions["stored"] == submissions["expected"] == submissions["distinct"]
        checks.append(
            (
                "accepted submissions stored once each",
                f"{submissions['stored']} of {submissions['expected']} "
                f"({submissions['distinct']} distinct)",
                "all, once",
                complete,
            )
        )
    memory = result["memory"]
    checks.append(
        (
            "idle worker RSS",
            f"{memory['idle_rss_mb']:.0f} MB",
            f"<= {IDLE_RSS_MAX_MB} MB",
            memory["idle_rss_mb"] <= IDLE_RSS_MAX_MB,
        )
    )
    if "large_report_rise_mb" in memory:
        checks.append(
            (
                "50 MB report: worker peak rise",
                f"{memory['large_report_rise_mb']:.0f} MB"
                + ("" if memory["large_report_ok"] else " (report NOT accepted)"),
                f"<= {LARGE_REPORT_MAX_RISE_MB} MB",
                memory["large_report_rise_mb"] <= LARGE_REPORT_MAX_RISE_MB
                and memory["large_report_ok"],
            )
        )
    return checks


def _table(result: dict) -> list[str]:
    lines = [
        "| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | SQL queries | ratio to static "
        "| bakerydemo, cold | target | met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for row in result["rows"]:
        queries = "" if row.get("queries") is None else str(row["queries"])
        pair = BAKERYDEMO_COLD_RATIO.get(row.get("page"))
        bakerydemo = f"{pair[1]:.1%} ({pair[0]})" if pair and row.get("mode") == "cold" else ""
        goal = ratio_goal(row)
        target = "" if goal is None else f">= {goal:.1%}"
        met = "" if goal is None else ("yes" if row["ratio_to_static"] >= goal else "NO")
        lines.append(
            f"| {row['name']} | {row['rps']:.1f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} "
            f"| {row['errors']} | {queries} | {row['ratio_to_static']:.1%} | {bakerydemo} | {target} | {met} |"
        )
    return lines


def _memory_lines(memory: dict) -> list[str]:
    lines = [f"- Idle worker RSS: {memory['idle_rss_mb']:.0f} MB"]
    if "peak_rss_per_worker_mb" in memory:
        peaks = ", ".join(f"{mb:.0f} MB" for mb in memory["peak_rss_per_worker_mb"])
        lines.append(f"- Peak RSS per worker over the fragment-warm run: {peaks}")
    if "large_report_rise_mb" in memory:
        sizes = " + ".join(f"{mb:.1f}" for mb in memory["large_report_files_mb"])
        lines.append(
            f"- Report with {sizes} MB of 12-megapixel photos, on a fresh one-worker server: "
            f"resident {memory['large_report_rss_before_mb']:.0f} MB before, peak "
            f"{memory['large_report_peak_rss_mb']:.0f} MB while it was taken "
            f"(rise {memory['large_report_rise_mb']:.0f} MB); "
            f"{'accepted' if memory['large_report_ok'] else 'NOT accepted'}"
        )
    return lines


def report(results: list[dict], meta: dict, root: Path, *, partial: bool = False) -> None:
    """Print the tables; write the figures to docs/ and build/ (not for a partial run).

    The default data set's run writes docs/benchmarks.md and build/bench.json; a run
    on another data set (the large one: --pages 10000 --cases 100000) writes its own
    docs/benchmarks-<pages>-pages.md and build/bench-<pages>-pages.json beside them,
    so neither replaces the other.
    """
    default_data_set = (meta["pages"], meta["cases"]) == DEFAULT_DATA_SET
    stem = "bench" if default_data_set else f"bench-{meta['pages']}-pages"
    doc_name = "benchmarks.md" if default_data_set else f"benchmarks-{meta['pages']}-pages.md"
    markdown = [
        "# Benchmarks"
        + ("" if default_data_set else f": {meta['pages']:,} pages, {meta['cases']:,} cases"),
        "",
        "Produced by `make bench` (bench/). Do not edit by hand: run it again.",
        "",
        "`make bench` measures the default data set (2,000 pages, 20,000 cases) on SQLite, then on "
        "PostgreSQL + Redis when they answer on 127.0.0.1 ([benchmarks.md](benchmarks.md)); "
        "`make bench BENCH_ARGS='--pages 10000 --cases 100000'` the large set "
        "([benchmarks-10000-pages.md](benchmarks-10000-pages.md)); "
        "`make bench BENCH_ARGS=--scale-out` for two servers behind nginx (figures in "
        "[scaling.md](scaling.md)). Load comes from Debian's wrk (and nginx for --scale-out): "
        "`bench/ensure-tools` installs them when run as root, or says how.",
        "",
        f"- Date: {meta['date']}; commit `{meta['commit']}`",
        f"- Machine: {meta['machine']}",
        *([f"- Note: {meta['note']}"] if meta.get("note") else []),
        f"- Data: {meta['pages']} pages requested, {meta['cases']} cases; {meta['duration_s']} s per "
        f"scenario ({meta['post_duration_s']} s for the report POST)",
        f"- Server: gunicorn with gunicorn.conf.py, 2 workers of the **{meta['worker_class']}** "
        "worker class (`--worker-class`) for every row, the static ceiling included, DEBUG off, "
        "production settings; load "
        "from wrk (2 threads, 16 connections) and a multi-process Python client for POSTs (4 "
        "processes, each GETs a fresh form then POSTs it with a 1 MB, 1600 x 1200 JPEG), all on "
        "the same 2 cores.",
        "- Rate limits are switched off for the run (RATELIMIT_ENABLE=false): one client sending "
        "hundreds of reports a minute would otherwise be throttled, as it should be in production.",
        "- Each page type is measured on three servers, each with its own static ceiling: "
        '"cold" has the page cache and the fragment cache off (PAGE_CACHE_ENABLED=false, '
        "FRAGMENT_CACHE_ENABLED=false): every request finds the Site, routes, queries and "
        "renders everything, as a reader does just after a publish. "
        '"Fragment-warm" has the page cache off and the fragment cache on: the Site and '
        "branding, the routed page, listings, search rankings, cards and page bodies come "
        'from it. "Page-cached" serves whole pages from the page cache, as in production.',
        "- Targets (issue 24): cold >= 3x bakerydemo's ratio for the paired page (bakerydemo "
        "measured beside Upstander on the same kind of machine with 2 sync workers; reference "
        "figures, not a live run), fragment-warm >= 15%, page-cached >= 75%. Staff pages, the "
        "report POST and the follow-up are measured on the fragment-warm server.",
        "",
    ]
    bench_json = []
    details = []
    failures = 0
    for result in results:
        print(
            f"\n== {result['profile']}: {result['data']['pages']} pages, {result['data']['cases']} cases"
        )
        table = _table(result)
        print("\n".join(table))
        checks = evaluate(result)
        memory_lines = _memory_lines(result["memory"])
        data = result["data"]
        if "ready_seconds" in data:
            memory_lines.insert(
                0,
                f"- Data set ready in {data['ready_seconds']} s ("
                + (
                    "restored from var/bench-cache"
                    if data.get("restored")
                    else "migrated, seeded and built, then kept in var/bench-cache"
                )
                + ")",
            )
        print("\n".join(["", *memory_lines]))
        print("\n| target | measured | goal | met |\n|---|---|---|---|")
        markdown += [
            f"## {result['profile']}",
            "",
            *table,
            "",
            *memory_lines,
            "",
            "| target | measured | goal | met |",
            "|---|---|---|---|",
        ]
        for label, value, goal, passed in checks:
            line = f"| {label} | {value} | {goal} | {'yes' if passed else 'NO'} |"
            print(line)
            markdown.append(line)
            failures += 0 if passed else 1
        markdown.append("")
        for row in result["rows"]:
            bench_json.append(
                {
                    "name": f"{result['profile']}: {row['name']}",
                    "rps": row["rps"],
                    "p50_ms": row["p50_ms"],
                    "p95_ms": row["p95_ms"],
                    "p99_ms": row["p99_ms"],
                    "errors": row["errors"],
                    "queries": row.get("queries"),
                    "ratio_to_static": row["ratio_to_static"],
                }
            )
        details.append(
            {
                "profile": result["profile"],
                "memory": result["memory"],
                "submissions": result["submissions"],
                "single_connection_p50_ms": result["single_connection_p50_ms"],
                "targets": [
                    {"target": label, "measured": value, "goal": goal, "met": passed}
                    for label, value, goal, passed in checks
                ],
            }
        )
    (root / "build").mkdir(exist_ok=True)
    if partial:
        # A run of some scenarios only (--only) must not replace the full run's figures.
        (root / "build" / "bench-partial.json").write_text(
            json.dumps({"meta": meta, "scenarios": bench_json, "details": details}, indent=2) + "\n"
        )
        print(f"\nPartial run: wrote build/bench-partial.json; {failures} target(s) not met.")
        return
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / doc_name).write_text("\n".join(markdown) + "\n")
    # One object per scenario (name, rps, p50_ms, p95_ms, p99_ms, errors, queries,
    # ratio_to_static); memory, submission counts and target checks beside it.
    (root / "build" / f"{stem}.json").write_text(json.dumps(bench_json, indent=2) + "\n")
    (root / "build" / f"{stem}-details.json").write_text(
        json.dumps({"meta": meta, "details": details}, indent=2) + "\n"
    )
    print(
        f"\nWrote docs/{doc_name}, build/{stem}.json and build/{stem}-details.json; "
        f"{failures} target(s) not met."
    )
