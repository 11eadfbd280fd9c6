"""The case page and the queue speak in names: categories and platforms by their labels,
staff by their full names (their username only if they gave no name), times in one format."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.choices import AuditAction, EventKind, Platform
from reporting.models import AuditEntry, CaseEvent, CaseTask, PersonInvolved
from tests.builders import make_lead

from .conftest import login, make_case

pytestmark = pytest.mark.django_db

REPORTED = datetime(2030, 11, 23, 17, 9, tzinfo=UTC)
# One format for a time everywhere, in the school's time zone: "23 Nov 2030, 17:09".
ONE_FORMAT = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$")


@pytest.fixture
def joan(school):
    return make_lead(username="jhughes", school=school, first_name="Joan", last_name="Hughes")


@pytest.fixture
def labelled_case(school, joan):
    case = make_case(
        school=school,
        categories=["chat_social_gaming", "threats"],
        platform=Platform.TIKTOK,
        assignee=joan,
        created_at=REPORTED,
        acknowledged_at=REPORTED + timedelta(minutes=4),
        acknowledged_by=joan,
    )
    CaseEvent.objects.create(
        case=case, kind=EventKind.ASSIGNMENT, actor=joan, data={"from": "", "to": "jhughes"}
    )
    CaseTask.objects.create(
        case=case, what="Call home", assignee=joan, due_at=REPORTED + timedelta(days=1)
    )
    PersonInvolved.objects.create(
        case=case, name="Sam", role="target", verified=True, verified_by=joan
    )
    return case


def _local(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y, %H:%M}"


def test_the_case_page_names_categories_platforms_and_staff(labelled_case, joan):
    html = login(joan).get(reverse("reporting_triage:case_detail", args=[labelled_case.pk]))
    html = html.content.decode()
    assert "Bullying in chats, social media or games, Threats to hurt someone" in html
    assert "TikTok" in html
    assert re.search(r'data-testid="case-assignee">Joan Hughes<', html)
    assert (
        "Acknowledged</dt><dd>" + _local(REPORTED + timedelta(minutes=4)) + " by Joan Hughes"
        in html
    )
    assert "Change: nobody → Joan Hughes" in html
    assert "Verified by Joan Hughes" in html
    assert f"For Joan Hughes, by {_local(REPORTED + timedelta(days=1))}" in html
    # The assignment menu offers colleagues by name.
    assert re.search(rf'<option value="{joan.pk}"[^>]*>Joan Hughes</option>', html)
    for raw in ("chat_social_gaming", "jhughes", "tiktok<", "True", "False"):
        assert raw not in html, raw


def test_every_time_on_the_case_page_is_in_one_format(labelled_case, joan):
    html = login(joan).get(reverse("reporting_triage:case_detail", args=[labelled_case.pk]))
    html = html.content.decode()
    assert f"<dt>Reported</dt><dd>{_local(REPORTED)}</dd>" in html
    times = re.findall(r"\d{1,2} [A-Z][a-z]{2}\.? \d{4}[^<\"—]*", html)
    assert times, "no times found on the page"
    for text in times:
        assert ONE_FORMAT.match(text.split(" by ")[0].split(". ")[0].strip()), text
    # The audit trail too names the person and uses the same format.
    entry = AuditEntry.objects.filter(case=labelled_case, action=AuditAction.VIEW_CASE).first()
    assert entry is not None
    assert f"<td>{_local(entry.created_at)}</td><td>Joan Hughes</td>" in html


def test_the_queue_names_the_assignee_and_the_category(labelled_case, joan):
    html = login(joan).get(reverse("reporting_triage:queue")).content.decode()
    row = html.split(labelled_case.reference, 1)[1].split("</tr>", 1)[0]
    assert "Joan Hughes" in row and "TikTok" in row
    assert _local(REPORTED) in row
    assert "jhughes" not in row
