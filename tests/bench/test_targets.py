"""`make bench` reports: targets judged from the figures, and each data set written to its own file."""

from bench import targets


def _result(*, guide_ratio=0.10, queue_ms=90.0):
    def row(name, rps, ratio, queries=None):
        return {
            "name": name,
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
            row("static file (ceiling)", 2000.0, 1.0, 0),
            row("guide (uncached)", 2000.0 * guide_ratio, guide_ratio, 1),
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
    }


def test_a_figure_below_its_target_is_reported_as_not_met():
    met = {label: passed for label, _value, _goal, passed in targets.evaluate(_result())}
    assert met["guide (uncached) ratio to static"] and met["triage queue single-connection median"]
    slow = {
        label: passed
        for label, _value, _goal, passed in targets.evaluate(
            _result(guide_ratio=0.05, queue_ms=151.0)
        )
    }
    assert not slow["guide (uncached) ratio to static"]
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
