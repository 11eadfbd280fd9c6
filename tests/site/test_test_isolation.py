"""The test profile gives each parallel worker its own private folders.

Workers inherit the controller's environment; if they shared one folder, one
worker clearing the file page cache would turn another worker's cache hit into
a miss (seen as an intermittent failure before this was fixed).
"""

import os

from django.conf import settings


def test_each_worker_has_its_own_var_dir():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    assert settings.VAR_DIR.name.startswith(f"upstander-test-{worker}-")
    assert os.environ["UPSTANDER_TEST_VAR_OWNER"] == (worker or "main")
