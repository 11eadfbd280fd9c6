"""Whose name a page's byline may carry.

A mentor signs only their own work: in the editor they can pick their own mentor profile (or
leave the byline empty), never another mentor's. Staff who publish (moderators, admins) may
put any mentor's name on a page, e.g. when a guide was written by two mentors together. The
profile already on the page stays selectable, so a mentor editing a page a moderator bylined
does not have to change it.
"""

from wagtail.permission_policies.pages import PagePermissionPolicy

from .models.snippets import MentorProfile


def user_may_sign_for_others(user) -> bool:
    return user.is_superuser or PagePermissionPolicy().user_has_permission(user, "publish")


def mentor_profiles_user_may_sign(*, user, current_id=None):
    profiles = MentorProfile.objects.all()
    if user is None or user_may_sign_for_others(user):
        return profiles
    allowed = profiles.filter(user_id=user.pk)
    if current_id:
        allowed = allowed | profiles.filter(pk=current_id)
    return allowed
