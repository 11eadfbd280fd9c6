"""The shipped gunicorn settings: each worker freezes its loaded application.

A full garbage collection walks every object the worker holds; Django and
Wagtail leave about 200,000 that live as long as the worker. Frozen after
loading, they are skipped, so a reader's request does not pay for walking them.
"""

import gc
from pathlib import Path


def load_config() -> dict:
    config: dict = {}
    source = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    exec(compile(source.read_text(), str(source), "exec"), config)  # noqa: S102 - our own config file
    return config


def test_a_worker_freezes_what_it_loaded_out_of_the_collectors_sight():
    hook = load_config()["post_worker_init"]
    gc.unfreeze()
    try:
        hook(worker=None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_each_connection_serves_one_request_so_a_busy_connection_cannot_pin_a_worker():
    assert load_config()["keepalive"] == 0
