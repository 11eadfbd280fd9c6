"""A school's whole safeguarding team, another school's DSL, and cases to try them on."""

import pytest

from reporting.choices import Risk, TeamRole
from reporting.models import SafeguardingLead
from reporting.services.team import team_appoint, team_remove
from tests.builders import make_user
from tests.triage.conftest import make_case, make_evidence, make_person


@pytest.fixture(autouse=True)
def staff_groups(db):
    from django.contrib.auth.models import Group, Permission

    access_admin = Permission.objects.get(codename="access_admin")
    for name in ("Mentors", "Moderators"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)


def appoint(*, username, school, role, by):
    """Appointed as the team screen does (which also gives admin access)."""
    user = make_user(username=username, email=f"{username}@school.example", first_name=username)
    team_appoint(actor=by, school=school, user=user, role=role)
    return user


class Team(dict):
    """Everyone the matrix tries, by the name the tests use; each made when first asked for,
    so a test builds only the people it needs."""

    ROLES = {
        "dsl": ("dsl", "school", TeamRole.DSL),
        "deputy": ("deputy", "school", TeamRole.DEPUTY),
        "out_of_hours": ("night", "school", TeamRole.OUT_OF_HOURS),
        "pastoral": ("hoy", "school", TeamRole.PASTORAL),
        "pastoral_granted": ("hoy2", "school", TeamRole.PASTORAL),
        "pastoral_unassigned": ("tutor", "school", TeamRole.PASTORAL),
        "governor": ("governor", "school", TeamRole.GOVERNOR),
        "other_school_dsl": ("otherdsl", "other_school", TeamRole.DSL),
    }

    def __init__(self, *, schools, superuser):
        super().__init__(superuser=superuser)
        self.schools = schools

    def __missing__(self, key):
        if key == "removed":
            removed = make_user(username="leaver", email="leaver@school.example")
            team_appoint(
                actor=self["superuser"],
                school=self.schools["school"],
                user=removed,
                role=TeamRole.DEPUTY,
            )
            team_remove(actor=self["superuser"], member=SafeguardingLead.objects.get(user=removed))
            self[key] = removed
            return removed
        username, school, role = self.ROLES[key]
        self[key] = appoint(
            username=username, school=self.schools[school], role=role, by=self["superuser"]
        )
        return self[key]


@pytest.fixture
def team(school, other_school, superuser):
    return Team(schools={"school": school, "other_school": other_school}, superuser=superuser)


class Cases(dict):
    """An urgent and a routine case of the school, each with evidence and a person
    involved, assigned to "pastoral" or to "pastoral_granted" (who has been shown its
    evidence); each made when first asked for, as (kind, assignee)."""

    RISKS = {"urgent": Risk.URGENT, "routine": Risk.MEDIUM}

    def __init__(self, *, school, team):
        super().__init__()
        self.school, self.team = school, team

    def __missing__(self, key):
        from reporting.models import EvidenceGrant

        kind, assignee = key
        case = make_case(school=self.school, risk=self.RISKS[kind], assignee=self.team[assignee])
        make_evidence(
            case=case, data=b"%PDF-1.4 secret", detected_type="application/pdf", extension="pdf"
        )
        make_person(case=case)
        if assignee == "pastoral_granted":
            EvidenceGrant.objects.create(
                case=case, user=self.team[assignee], granted_by=self.team["superuser"]
            )
        self[key] = case
        return case

    def every_one(self) -> list:
        return [
            self[(kind, who)] for kind in self.RISKS for who in ("pastoral", "pastoral_granted")
        ]


@pytest.fixture
def cases(school, team):
    return Cases(school=school, team=team)
