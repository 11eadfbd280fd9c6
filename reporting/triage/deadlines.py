"""How long an urgent case may wait for a lead, and when it is next re-alerted.

An urgent case runs on real minutes, day and night: a child who reports danger
at 5.13 pm on a Friday cannot wait until Monday. Every
ReportingSettings.urgent_acknowledge_minutes after the report, until a lead
acknowledges it, the team is alerted again, walking the escalation order
(reporting.triage.escalation). Ordinary cases keep school hours
(reporting.school_calendar). Used by the queue's highlight and by
`notify_unacknowledged_urgent`.
"""

from datetime import datetime, timedelta

from django.utils import timezone


def _interval(settings) -> timedelta:
    return timedelta(minutes=max(1, settings.urgent_acknowledge_minutes))


def _waiting_urgent(case) -> bool:
    from ..choices import Risk, Status

    return case.risk == Risk.URGENT and not case.acknowledged_at and case.status != Status.CLOSED


def urgent_overdue(case, settings, *, now: datetime | None = None) -> bool:
    """An urgent, open case nobody has acknowledged within the allowed real minutes."""
    if not _waiting_urgent(case):
        return False
    now = now or timezone.now()
    return now - case.created_at >= _interval(settings)


def reminder_due_at(case, settings) -> datetime:
    """When the next reminder is due: every interval after the report, on its own grid.

    Counting from the report rather than from the last reminder keeps the
    schedule at 17:28, 17:43, … however late in its minute the scheduler ran.
    """
    return case.created_at + _interval(settings) * (case.urgent_reminders_sent + 1)


def reminders_due_by(case, settings, *, now: datetime) -> int:
    """How many reminders the schedule holds up to `now` (0 before the first)."""
    return max(0, int((now - case.created_at) / _interval(settings)))


def reminder_due(case, settings, *, now: datetime | None = None) -> bool:
    if not _waiting_urgent(case):
        return False
    return (now or timezone.now()) >= reminder_due_at(case, settings)


def settings_by_school(school_ids) -> dict:
    """Each school's reporting settings in one query; defaults where none are saved."""
    from ..models import ReportingSettings

    found = {s.site_id: s for s in ReportingSettings.objects.filter(site_id__in=school_ids)}
    return {pk: found.get(pk) or ReportingSettings(site_id=pk) for pk in school_ids}
