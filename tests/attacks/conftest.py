"""Fixtures for the attack tests: a private evidence store per test, clean rate-limit counters."""

import pytest
from django.core.cache import caches

# The knowledge site's fixtures (a school home page, a hub, a guide), for the editor-side attacks.
from tests.content.conftest import (  # noqa: F401 - fixtures, registered by being imported here
    guide,
    home,
    hub,
    mentor_profile,
    plain_topic,
)


@pytest.fixture(autouse=True)
def _private_evidence_root(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


@pytest.fixture(autouse=True)
def _fresh_caches(settings):
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()
