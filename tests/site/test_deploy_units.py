"""The systemd units and logrotate rule in deploy/ keep the services running, confined.

Parsed as systemd reads them (later keys win, lists accumulate), then checked
with `systemd-analyze verify` and `logrotate --debug` where those tools exist.
"""

import configparser
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = {
    "upstander-web.service": ["gunicorn", "-c", "gunicorn.conf.py", "upstander.wsgi"],
    "upstander-worker.service": ["python", "manage.py", "run_alert_worker"],
    "upstander-scheduler.service": ["python", "manage.py", "run_periodic_jobs", "--loop", "60"],
}


def read_unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(path)
    return parser


@pytest.mark.parametrize("name", sorted(UNITS))
def test_each_service_restarts_always_as_its_own_user_confined(name):
    unit = read_unit(DEPLOY / "systemd" / name)
    service = unit["Service"]
    assert service["Restart"] == "always"
    assert 0 < float(service["RestartSec"]) <= 10
    assert unit["Unit"]["StartLimitIntervalSec"] == "0"  # never stops trying
    assert service["User"] == service["Group"] == "upstander"
    assert service["ProtectSystem"] == "strict"
    assert service["PrivateTmp"] == "yes" and service["NoNewPrivileges"] == "yes"
    assert service["EnvironmentFile"] == "/etc/upstander/upstander.env"
    writable = service["ReadWritePaths"].split()
    assert writable == ["/var/lib/upstander", "/var/log/upstander"]
    command = shlex.split(service["ExecStart"])
    assert Path(command[0]).name == UNITS[name][0]
    assert command[1:] == UNITS[name][1:]
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_the_environment_file_keeps_app_data_where_the_units_let_it_write():
    values = dict(
        line.split("=", 1)
        for line in (DEPLOY / "upstander.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    for folder in ("UPSTANDER_VAR_DIR", "EVIDENCE_ROOT", "MEDIA_ROOT", "STATIC_ROOT"):
        assert values[folder].startswith("/var/lib/upstander"), folder
    assert values["GUNICORN_ACCESS_LOG"].startswith("/var/log/upstander/")
    documented = (ROOT / "README.md").read_text()
    gunicorn_settings = (ROOT / "gunicorn.conf.py").read_text()
    for name in values:
        assert f"`{name}`" in documented or f'"{name}"' in gunicorn_settings, (
            f"{name} is read by nothing documented"
        )


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_accepts_the_units(tmp_path):
    # verify checks that ExecStart's program exists: point the units at this checkout.
    for name in UNITS:
        text = (DEPLOY / "systemd" / name).read_text()
        text = text.replace("/srv/upstander/.venv/bin/python", sys.executable)
        text = text.replace(
            "/srv/upstander/.venv/bin/gunicorn", str(Path(sys.executable).parent / "gunicorn")
        )
        text = text.replace("/srv/upstander", str(ROOT))
        (tmp_path / name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", *[str(tmp_path / name) for name in UNITS]],
        capture_output=True,
        text=True,
        env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"},
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""


@pytest.mark.skipif(not shutil.which("logrotate"), reason="logrotate not installed")
def test_logrotate_accepts_the_rule(tmp_path):
    # The rule's files belong to the upstander user, which this machine need not have.
    rule = tmp_path / "upstander"
    rule.write_text(
        (DEPLOY / "logrotate" / "upstander").read_text().replace("upstander upstander", "root root")
    )
    result = subprocess.run(
        [
            "logrotate",
            "--debug",
            "--state",
            str(tmp_path / "state"),
            str(rule),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower(), result.stderr
    assert "rotating pattern: /var/log/upstander/*.log" in result.stderr
