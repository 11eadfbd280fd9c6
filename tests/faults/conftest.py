"""Fixtures for the fault tests: a private evidence store per test, clean rate-limit counters."""

import pytest
from django.core.cache import caches


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
