"""A production start (DEBUG off) refuses placeholder secrets, saying what to set."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


VALID_KEY_LINE = "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="


def start_production(env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ENCRYPTION_KEYS", "DEBUG", "DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "upstander.settings.base",
            "UPSTANDER_VAR_DIR": "/tmp/upstander-startup-test",
        }
    )
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = start_production({"ENCRYPTION_KEYS": VALID_KEY_LINE})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_the_published_development_encryption_key():
    result = start_production({"SECRET_KEY": "a-real-secret-" * 4})
    assert result.returncode != 0
    assert "ENCRYPTION_KEYS is not set" in result.stderr
    assert "generate_encryption_key" in result.stderr


def test_production_starts_with_real_secrets():
    result = start_production(
        {"SECRET_KEY": "a-real-secret-" * 4, "ENCRYPTION_KEYS": VALID_KEY_LINE}
    )
    assert result.returncode == 0, result.stderr


def test_manage_py_runs_the_production_profile_unless_told_otherwise():
    """The worker, backups and cron commands on a server run `manage.py` with no
    DJANGO_SETTINGS_MODULE: they must get DEBUG off and the refusal of placeholder secrets."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ENCRYPTION_KEYS", "DEBUG"}
        and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    env["UPSTANDER_VAR_DIR"] = "/tmp/upstander-startup-test"
    code = "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"
    command = [sys.executable, "manage.py", "shell", "--no-imports", "-c", code]

    refused = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert refused.returncode != 0
    assert "SECRET_KEY is not set" in refused.stderr

    env.update({"SECRET_KEY": "a-real-secret-" * 4, "ENCRYPTION_KEYS": VALID_KEY_LINE})
    started = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.split() == ["upstander.settings.base", "False"]


def test_make_run_chooses_the_development_profile():
    """`make run` (the demo, with its printed passwords) is the development profile by choice.

    Its first command is run with PY replaced by `printenv DJANGO_SETTINGS_MODULE`,
    which prints the profile the demo's commands get, then stops make.
    """
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        ["make", "--no-print-directory", "run", "PY=printenv DJANGO_SETTINGS_MODULE"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "upstander.settings.dev" in result.stdout.splitlines(), result.stdout + result.stderr
