"""Small builders with sensible defaults, for tests that need users and roles."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from reporting.choices import TeamRole
from reporting.models import SafeguardingLead
from reporting.roles import SAFEGUARDING_GROUP

TEST_PASSWORD = "correct-horse-battery"


def make_user(*, username: str, groups: list[str] = (), password: str = TEST_PASSWORD, **fields):
    user = get_user_model().objects.create_user(username=username, password=password, **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_lead(*, username: str, school, role: str = TeamRole.DSL, **fields):
    """A member of `school`'s safeguarding team (its DSL unless `role` says otherwise)."""
    user = make_user(
        username=username, groups=[SAFEGUARDING_GROUP], email=f"{username}@school.example", **fields
    )
    SafeguardingLead.objects.create(user=user, school=school, role=role)
    return user
