"""Which schools a member of staff belongs to, for work that must reach their own school.

A mentor's concern and a staff-logged case go to the leads of the school the person
belongs to, never to the school whose hostname the admin happened to be opened on: a
mentor of one school using another school's address would otherwise send a worry to
strangers. Belonging is what the site already grants: a safeguarding role in the school,
or membership of a group with page permissions on the school's root page (its
"<School> mentors" and "<School> moderators" groups, themes.schools).
"""

from django.db.models import Q, QuerySet
from wagtail.models import Site

from .roles import schools_led_by


def schools_of_staff(user) -> QuerySet[Site]:
    """The schools (Sites) this user belongs to, by name; none for a user outside every school."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Site.objects.none()
    return (
        Site.objects.filter(
            Q(pk__in=schools_led_by(user))
            | Q(root_page__group_permissions__group__in=user.groups.all())
        )
        .distinct()
        .order_by("site_name", "hostname")
    )


def schools_for_staff_work(request) -> QuerySet[Site]:
    """Where a concern or a logged case from this user may go.

    Their own schools; only a user who belongs to no school (a fresh install whose
    site is not yet set up as a school) falls back to the school of this address.
    """
    own = schools_of_staff(request.user)
    if own.exists():
        return own
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    return Site.objects.filter(pk=site.pk) if site else Site.objects.none()
