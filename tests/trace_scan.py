"""A check at the end of every test run: no identifying marker was left on disk by any test.

The evidence tests send files carrying a GPS position, a camera serial and
make and an owner's name (tests/identifying_files.py). Whatever ran, in
whatever order, with whatever failure injected, none of those markers may be
left in an evidence store (decrypted), an upload spool, a cache folder
(decompressed) or a log file under the test folders. Loaded by
tests/conftest.py; fails the run, naming the files, if one is found.
It reads only those folders, so it stays cheap.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import zlib
from pathlib import Path

import pytest

from tests.identifying_files import markers_in

WATCHED_FOLDERS = frozenset({"evidence", "spool", "cache"})


def _readings(path: Path) -> list[bytes]:
    """The file's bytes, and what they decrypt or decompress to, when they do."""
    data = path.read_bytes()
    readings = [data]
    from reporting import crypto

    if data.startswith(crypto.FILE_MAGIC):
        # A file under a rotation test's key is unreadable here, so nothing leaks from it.
        with contextlib.suppress(crypto.DecryptionError):
            readings.append(b"".join(crypto.decrypt_chunks(io.BytesIO(data))))
    else:
        with io.BytesIO(data) as handle:
            try:
                pickle.load(handle)  # noqa: S301 - Django's file cache: expiry, then zlib
                readings.append(zlib.decompress(handle.read()))
            except Exception:  # noqa: S110 - not a cache entry
                pass
    return readings


def _watched_files(root: Path):
    for path in root.rglob("*"):
        if path.is_file() and (
            WATCHED_FOLDERS & set(path.relative_to(root).parent.parts) or path.suffix == ".log"
        ):
            yield path


def leaked_files(roots: list[Path]) -> list[str]:
    leaks = []
    for root in roots:
        if not root.is_dir():
            continue
        for path in _watched_files(root):
            try:
                found = sorted({m for reading in _readings(path) for m in markers_in(reading)})
            except OSError:  # removed while we looked
                continue
            if found:
                leaks.append(f"{path}: {', '.join(found)}")
    return leaks


REPORT_NAME = "identifying-traces.txt"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # Under pytest-xdist each worker has its own var folder, and its temporary
    # folder is inside the controller's: a worker scans its var folder and leaves
    # what it found for the controller, which scans every test's temporary folder.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    factory = getattr(session.config, "_tmp_path_factory", None)
    basetemp = factory.getbasetemp() if factory is not None else None
    roots = [Path(os.environ["UPSTANDER_VAR_DIR"])] if os.environ.get("UPSTANDER_VAR_DIR") else []
    if not worker and basetemp is not None:
        roots.append(basetemp)
    leaks = leaked_files(roots)
    if worker:
        if leaks and basetemp is not None:
            (basetemp / REPORT_NAME).write_text("\n".join(leaks))
        return
    if basetemp is not None:
        for report in basetemp.glob(f"*/{REPORT_NAME}"):
            leaks += report.read_text().splitlines()
    if leaks:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("")
            reporter.write_line(
                "Identifying markers left on disk after the tests:\n  " + "\n  ".join(leaks),
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
