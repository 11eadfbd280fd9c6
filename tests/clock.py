"""A clock for the rate-limit counters that moves only when a test moves it (no wall-clock waits)."""

import pytest

from upstander import ratelimit


class Clock:
    def __init__(self, start: float = 1_800_000_000.0):
        self.moment = start

    def __call__(self) -> float:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(ratelimit, "now", fake)
    return fake
