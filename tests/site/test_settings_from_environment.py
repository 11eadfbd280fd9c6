"""Every variable the README documents is read by the settings, and a malformed
rate limit stops the start with a message that says what to write."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASE_SETTINGS = ROOT / "site" / "settings" / "base.py"

OVERRIDES = {
    "REPORT_RATE_PER_CLIENT": "3/h",
    "REPORT_RATE_OVERALL": "50/m",
    "REPORT_UPLOAD_RATE_PER_CLIENT": "7/h",
    "FOLLOWUP_RATE_PER_CLIENT": "9/15m",
    "VOICE_ANSWER_RATE_PER_CLIENT": "30/h",
    "VOICE_ANSWER_RATE_OVERALL": "500/h",
    "EVIDENCE_MAX_IMAGE_PIXELS": "1234567",
}


def documented_variables() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (`[A-Z][A-Z0-9_]+`(?:, `[A-Z][A-Z0-9_]+`)*) \|", readme, re.M)
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row)}


def settings_with(env_overrides: dict, names=None) -> subprocess.CompletedProcess:
    """Start the settings with these variables; print the named settings (by default, theirs)."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="upstander.settings.test", **env_overrides)
    names = sorted(env_overrides if names is None else names)
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{k: getattr(settings, k) for k in {names!r}}}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


# Read before the settings exist: by manage.py, wsgi.py and the gunicorn config.
READ_BEFORE_SETTINGS = {"DJANGO_SETTINGS_MODULE": ROOT / "manage.py"}


def test_every_documented_variable_is_read_by_the_settings():
    # gunicorn's own variables are read by gunicorn.conf.py, the metrics folder by prometheus_client.
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (BASE_SETTINGS, ROOT / "gunicorn.conf.py", ROOT / "site" / "metrics.py")
    )
    for name, reader in READ_BEFORE_SETTINGS.items():
        assert name in reader.read_text(encoding="utf-8"), (name, reader)
        source += f'\n"{name}"'  # read there, so documented and read
    documented = documented_variables()
    assert "REPORT_RATE_PER_CLIENT" in documented  # the README table was found
    unread = sorted(name for name in documented if f'"{name}"' not in source)
    assert not unread, f"documented in the README but never read from the environment: {unread}"


def test_limits_set_in_the_environment_reach_the_settings():
    result = settings_with(OVERRIDES)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    expected = {k: (int(v) if v.isdigit() else v) for k, v in OVERRIDES.items()}
    assert values == expected


def test_a_malformed_rate_is_refused_at_start_with_an_explanation():
    result = settings_with({"REPORT_RATE_PER_CLIENT": "ten an hour"})
    assert result.returncode != 0
    assert "REPORT_RATE_PER_CLIENT must be a count per period such as 10/h" in result.stderr
