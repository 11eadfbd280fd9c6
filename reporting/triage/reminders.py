"""Which urgent cases are due another alert now, and sending it.

Who uses this: `manage.py notify_unacknowledged_urgent`, run every minute by the
scheduler, and the tests that walk an evening's schedule minute by minute.
"""

from datetime import datetime

from ..choices import Risk, Status
from ..models import Case
from ..services.cases import case_remind_unacknowledged
from .deadlines import reminder_due, settings_by_school


def urgent_reminders_send(*, now: datetime, dry_run: bool = False) -> list[Case]:
    """Re-alert every urgent, open, unacknowledged case whose next reminder is due.

    Returns the cases reminded (or, with dry_run, that would be).
    """
    waiting = list(
        Case.objects.filter(risk=Risk.URGENT, acknowledged_at__isnull=True)
        .exclude(status=Status.CLOSED)
        .select_related("school")
    )
    settings = settings_by_school({case.school_id for case in waiting})
    reminded = []
    for case in waiting:
        school_settings = settings[case.school_id]
        if not reminder_due(case, school_settings, now=now):
            continue
        if dry_run or case_remind_unacknowledged(case=case, settings=school_settings, now=now):
            reminded.append(case)
    return reminded
