"""Make the database fail on demand, as an outage does: every query raises OperationalError."""

from __future__ import annotations

import contextlib
import re

from django.db import OperationalError, connections


class DatabaseFault:
    """Queries matching `pattern` (all, by default) raise, from when it is switched on."""

    def __init__(self, pattern: str = ""):
        self.pattern = re.compile(pattern, re.I) if pattern else None
        self.on = False
        self.refused: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        if self.on and (self.pattern is None or self.pattern.search(sql)):
            self.refused.append(sql)
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


@contextlib.contextmanager
def database_fault(fault: DatabaseFault):
    with contextlib.ExitStack() as stack:
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(fault))
        yield fault
