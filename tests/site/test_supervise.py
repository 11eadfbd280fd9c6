"""scripts/supervise, which `make run` puts around the alert worker and the periodic jobs."""

import os
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUPERVISE = ROOT / "scripts" / "supervise"


def wait_for(predicate, attempts=200):
    for _ in range(attempts):
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_a_command_that_exits_is_started_again_and_stopping_the_supervisor_stops_it(tmp_path):
    starts = tmp_path / "starts"
    pid_file = tmp_path / "pid"
    # Each run notes that it started; the third one stays up, as a healthy worker does.
    script = (
        f"echo started >> {starts}; echo $$ > {pid_file}; "
        f'[ "$(wc -l < {starts})" -ge 3 ] && exec sleep 600; exit 1'
    )
    supervisor = subprocess.Popen(
        [str(SUPERVISE), "test job", "bash", "-c", script],
        env={**os.environ, "SUPERVISE_RESTART_SECONDS": "0.1"},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for(lambda: starts.exists() and len(starts.read_text().split()) >= 3)
        assert wait_for(lambda: pid_file.exists() and pid_file.read_text().strip())
        survivor = int(pid_file.read_text())
        os.kill(survivor, 0)  # the third run is alive

        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=10) == 0
        assert wait_for(lambda: not Path(f"/proc/{survivor}").exists())
        assert supervisor.stderr.read().count("test job stopped (exit status 1)") == 2
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
