"""The safeguarding role: who may see reports, for which schools.

Access to reports is an explicit role held per school (SafeguardingLead rows),
never implied by is_superuser or by any Django permission alone: a superuser
passes every has_perm check, so these functions look at the role itself.
"""

from django.contrib.auth.models import AnonymousUser
from wagtail.models import Site

SAFEGUARDING_GROUP = "Safeguarding leads"


def schools_led_by(user) -> list[int]:
    """Ids of the schools (Sites) whose cases this user may see; empty for everyone else."""
    if (
        user is None
        or isinstance(user, AnonymousUser)
        or not user.is_authenticated
        or not user.is_active
    ):
        return []
    cached = getattr(user, "_upstander_led_school_ids", None)
    if cached is None:
        cached = sorted(user.safeguarding_roles.values_list("school_id", flat=True))
        user._upstander_led_school_ids = cached
    return cached


def is_safeguarding_lead(user, school: Site | int | None = None) -> bool:
    schools = schools_led_by(user)
    if school is None:
        return bool(schools)
    school_id = school.pk if isinstance(school, Site) else school
    return school_id in schools
