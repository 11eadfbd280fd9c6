"""How long an urgent case has waited, counted in school hours.

An urgent case must be acknowledged within ReportingSettings.urgent_acknowledge_minutes
of school time: a report sent at 7 pm is due a few minutes after the school day starts,
not at 7.15 pm when nobody is on duty (the pupil was shown 999, Childline and the
school's urgent contact for out-of-hours). Used by the queue's highlight and by
`notify_unacknowledged_urgent`.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

# Counting stops here: a case this old is overdue whatever the calendar says.
MAX_DAYS_COUNTED = 31


def school_days(settings) -> set[int]:
    days = set()
    for part in (settings.school_days or "").split(","):
        part = part.strip()
        if part.isdigit() and 0 <= int(part) <= 6:
            days.add(int(part))
    return days


def _as_time(value) -> time:
    if isinstance(value, str):
        return time.fromisoformat(value)
    return value


def school_minutes_between(start: datetime, end: datetime, settings) -> float:
    """Minutes of school time (open days, between the day's start and end) from start to end."""
    if end <= start:
        return 0.0
    tz = timezone.get_current_timezone()
    start_local = timezone.localtime(start, tz)
    end_local = timezone.localtime(end, tz)
    opens, closes = _as_time(settings.school_day_starts), _as_time(settings.school_day_ends)
    open_days = school_days(settings)
    total = 0.0
    day = start_local.date()
    last_day = min(end_local.date(), day + timedelta(days=MAX_DAYS_COUNTED))
    while day <= last_day:
        if day.weekday() in open_days:
            window_start = timezone.make_aware(datetime.combine(day, opens), tz)
            window_end = timezone.make_aware(datetime.combine(day, closes), tz)
            lo = max(window_start, start_local)
            hi = min(window_end, end_local)
            if hi > lo:
                total += (hi - lo).total_seconds() / 60
        day += timedelta(days=1)
    return total


def is_school_time(moment: datetime, settings) -> bool:
    local = timezone.localtime(moment)
    if local.weekday() not in school_days(settings):
        return False
    return _as_time(settings.school_day_starts) <= local.time() < _as_time(settings.school_day_ends)


def urgent_overdue(case, settings, *, now: datetime | None = None) -> bool:
    """An urgent, open case nobody has acknowledged within the allowed school minutes."""
    from ..choices import Risk, Status

    if case.risk != Risk.URGENT or case.acknowledged_at or case.status == Status.CLOSED:
        return False
    now = now or timezone.now()
    return school_minutes_between(case.created_at, now, settings) >= (
        settings.urgent_acknowledge_minutes
    )


def settings_by_school(school_ids) -> dict:
    """Each school's reporting settings in one query; defaults where none are saved."""
    from ..models import ReportingSettings

    found = {s.site_id: s for s in ReportingSettings.objects.filter(site_id__in=school_ids)}
    return {pk: found.get(pk) or ReportingSettings(site_id=pk) for pk in school_ids}
