"""Reads of reports and cases, always scoped by the access policy (reporting.permissions)."""

from django.db.models import QuerySet

from .choices import CaseAction
from .models import Case
from .permissions import case_policy


def cases_visible_to(*, user, action: CaseAction = CaseAction.VIEW) -> QuerySet[Case]:
    """The cases this user may open (or do `action` to); none for anyone else.

    A case outside it is simply absent, so it answers exactly like one that does not exist.
    """
    return case_policy.instances_user_has_permission_for(user, action)
