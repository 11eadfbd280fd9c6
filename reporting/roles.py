"""Short questions about the safeguarding team, answered by the one access policy.

The rule itself lives in reporting.permissions (`case_policy`); these names stay for
the callers outside the back office (the editorial workflow's safeguarding review,
the second-factor rule) that ask a simpler question.
"""

from wagtail.models import Site

from .permissions import case_policy

SAFEGUARDING_GROUP = "Safeguarding leads"


def schools_led_by(user) -> list[int]:
    """Ids of the schools where this user is a DSL or deputy (every case, every action)."""
    return case_policy.lead_schools(user)


def is_safeguarding_lead(user, school: Site | int | None = None) -> bool:
    """A DSL or deputy of `school` (or of any school)."""
    schools = case_policy.lead_schools(user)
    if school is None:
        return bool(schools)
    return (school.pk if isinstance(school, Site) else school) in schools


def is_team_member(user) -> bool:
    """Holds any role in any school's safeguarding team (all of them need a second factor)."""
    return case_policy.is_team_member(user)
