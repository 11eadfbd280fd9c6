"""How the back office and the case file name things: one time format, staff by name.

Who uses this: the case page, the queue, the pupil's page, the chronology's details
and the case file (page and PDF), so a time or a colleague reads the same everywhere.
"""

from django.utils import timezone


def when(value) -> str:
    """A date and time in the school's time zone, as "6 Jan 2031, 09:00"; "" for none."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{local.day} {local:%b %Y, %H:%M}"


def staff_name(user) -> str:
    """A member of staff by their full name, or their username if they gave none."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
