"""`make bench` reports: targets judged from the figures, and each data set written to its own file."""

from bench import targets


def _result(*, guide_ratio=0.10, queue_ms=90.0):
    def row(name, rps, ratio, queries=None, page=None, mode=None):
        return {
            "name": name,
            "page": page,
            "mode": mode,
            "rps": rps,
            "p50_ms": 5.0,
            "p95_ms": 9.0,
            "p99_ms": 12.0,
            "errors": 0,
            "queries": queries,
            "ratio_to_static": ratio,
        }

    return {
        "profile": "sqlite",
        "rows": [
            row("static file (ceiling, cold)", 2000.0, 1.0, 0, mode="cold"),
            row("guide (cold)", 2000.0 * guide_ratio, guide_ratio, 9, page="guide", mode="cold"),
            row("guide (page-cached)", 1600.0, 0.8, page="guide", mode="page-cached"),
        ],
        "memory": {"idle_rss_mb": 130.0},
        "submissions": None,
        "single_connection_p50_ms": {"triage queue": queue_ms},
        "data": {"pages": 2000, "cases": 20000},
    }


def _meta(pages, cases):
    return {
        "date": "2026-11-23 12:00 UTC",
        "commit": "abc1234",
        "machine": "x86_64, 2 cores",
        "pages": pages,
        "cases": cases,
        "duration_s": 10,
        "post_duration_s": 30,
        "worker_class": "sync",
    }


def test_a_figure_below_its_target_is_reported_as_not_met():
    met = {label: passed for label, _value, _goal, passed in targets.evaluate(_result())}
    # Cold: at least 3x bakerydemo's blog post (2.6 %), so 10 % passes and 5 % does not.
    assert met["guide (cold) ratio to static"] and met["triage queue single-connection median"]
    assert met["guide (page-cached) ratio to static"]
    slow = {
        label: passed
        for label, _value, _goal, passed in targets.evaluate(
            _result(guide_ratio=0.05, queue_ms=151.0)
        )
    }
    assert not slow["guide (cold) ratio to static"]
    assert not slow["triage queue single-connection median"]


def test_the_large_data_set_is_written_beside_the_default_one_not_over_it(tmp_path):
    targets.report([_result()], _meta(*targets.DEFAULT_DATA_SET), tmp_path)
    default_doc = (tmp_path / "docs" / "benchmarks.md").read_text()
    large = _result(queue_ms=140.0)
    targets.report([large], _meta(10000, 100000), tmp_path)

    assert (tmp_path / "docs" / "benchmarks.md").read_text() == default_doc
    large_doc = (tmp_path / "docs" / "benchmarks-10000-pages.md").read_text()
    assert "10,000 pages, 100,000 cases" in large_doc
    assert "| triage queue single-connection median | 140.0 ms | <= 150 ms | yes |" in large_doc
    assert (tmp_path / "build" / "bench.json").exists()
    assert (tmp_path / "build" / "bench-10000-pages.json").exists()


def test_a_partial_run_never_replaces_the_published_figures(tmp_path):
    targets.report([_result()], _meta(*targets.DEFAULT_DATA_SET), tmp_path, partial=True)
    assert not (tmp_path / "docs" / "benchmarks.md").exists()
    assert (tmp_path / "build" / "bench-partial.json").exists()


def test_the_table_names_the_worker_class_and_gives_bakerydemos_ratio_beside_each_cold_row(
    tmp_path,
):
    targets.report([_result(guide_ratio=0.05)], _meta(*targets.DEFAULT_DATA_SET), tmp_path)
    doc = (tmp_path / "docs" / "benchmarks.md").read_text()
    assert "2 workers of the **sync** worker class" in doc
    assert "| guide (cold) | 100.0 |" in doc
    assert "| 5.0% | 2.6% (blog post) | >= 7.8% | NO |" in doc


def test_a_scenario_in_which_no_request_finished_is_not_met():
    checks = {label: passed for label, _v, _g, passed in targets.evaluate(_result(queue_ms=0.0))}
    assert not checks["triage queue single-connection median"]
