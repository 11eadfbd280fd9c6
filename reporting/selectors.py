"""Reads of reports and cases, always scoped to what the user may see."""

from django.db.models import QuerySet

from .models import Case
from .roles import schools_led_by


def cases_visible_to(*, user) -> QuerySet[Case]:
    """Cases of the schools this user leads safeguarding for; none for anyone else.

    A case of another school is simply absent, so it answers exactly like one
    that does not exist.
    """
    school_ids = schools_led_by(user)
    if not school_ids:
        return Case.objects.none()
    return Case.objects.filter(school_id__in=school_ids)
