"""Fixtures for pupil records: a pupil on the default school's roll, leads and cases."""

import pytest

from reporting.services.pupils import pupil_create
from tests.triage.conftest import login, make_case, staff_groups  # noqa: F401 - fixture


@pytest.fixture
def pupil(school, lead):
    return pupil_create(
        school=school, actor=lead, first_name="Sam", last_name="Patel", year_group=8, upn=""
    )


@pytest.fixture
def case(school):
    return make_case(school=school)


@pytest.fixture
def lead_client(lead):
    return login(lead)


@pytest.fixture
def evidence_root(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT
