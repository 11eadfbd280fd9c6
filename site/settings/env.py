"""Small readers for settings taken from the environment.

Every variable read here is listed, with its default, in the README's
"Configuration" table.
"""

import os
import re

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from error


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


# django-ratelimit's rate syntax: a count per period, e.g. "10/h" or "10/15m".
RATE_PATTERN = re.compile(r"\d+/\d*[smhd]")


def env_rate(name: str, default: str) -> str:
    """A rate limit such as "10/h": refused at start-up when malformed, rather than
    failing on the first request of a pupil trying to report."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip()
    if not RATE_PATTERN.fullmatch(value):
        raise ImproperlyConfigured(
            f"{name} must be a count per period such as 10/h or 10/15m, not {raw!r}."
        )
    return value
