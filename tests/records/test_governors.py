"""The termly report for governors: figures by kind, prejudice type, platform, year, outcome and
triage time, with small numbers suppressed and nothing that identifies a child."""

import io
from datetime import timedelta

import pikepdf
import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.choices import AuditAction, Outcome, Platform, PrejudiceType, Risk, Status
from reporting.models import AuditEntry
from reporting.records.governors import governors_report_build
from reporting.services.categories import school_categories
from tests.security.helpers import verified_login

from .builders import make_case

pytestmark = pytest.mark.django_db

SECRET_WORDS = "Jayden Marsh-Okafor said the n-word in the year 9 chat"


def _term_cases(school, *, racist=6, homophobic=2, platform=Platform.SNAPCHAT):
    categories = school_categories(school=school)
    racist_category = categories.get(prejudice=PrejudiceType.RACIST)
    homophobic_category = categories.get(prejudice=PrejudiceType.HOMOPHOBIC)
    made = []
    now = timezone.now()
    for number in range(racist + homophobic):
        case = make_case(
            school=school,
            report_text=SECRET_WORDS,
            platform=platform,
            year_group=9,
            created_at=now - timedelta(days=10),
            triaged_at=now - timedelta(days=10) + timedelta(hours=number + 1),
            risk=Risk.URGENT if number < 2 else Risk.MEDIUM,
        )
        case.recorded_categories.add(racist_category if number < racist else homophobic_category)
        made.append(case)
    return made


def _build(school, **kwargs):
    today = timezone.localdate()
    return governors_report_build(
        cases=school.cases.all(),
        start=today - timedelta(weeks=13),
        end=today,
        school_names=["Northfield Academy"],
        **kwargs,
    )


def test_figures_by_kind_and_prejudice_type_with_small_groups_hidden(school):
    _term_cases(school, racist=6, homophobic=2)
    report = _build(school)
    assert report.total == 8
    sections = {section.slug: section for section in report.sections}
    prejudice = {row.label: row.count for row in sections["prejudice"].rows}
    # Two homophobic cases are too few to show, and with only one small group left,
    # the racist figure would give them away (8 - 6 = 2): both are hidden.
    assert prejudice == {"Racist": None, "Homophobic": None}
    assert "cannot be worked out" in sections["prejudice"].note
    kinds = {row.label: row.count for row in sections["kinds"].rows}
    assert kinds == {"Hate pages or groups": 8}
    assert {row.label: row.count for row in sections["years"].rows} == {"Year 9": 8}
    # Two urgent cases: their median triage time would be nearly each child's own.
    urgent = next(row for row in report.triage if row.group == "Urgent cases")
    assert urgent.triaged is None and urgent.median == "—"
    everyone = next(row for row in report.triage if row.group == "All cases")
    assert everyone.triaged == 8 and everyone.median == "4 h 0 min"


def test_groups_large_enough_are_shown(school):
    _term_cases(school, racist=6, homophobic=5)
    sections = {section.slug: section for section in _build(school).sections}
    prejudice = {row.label: row.count for row in sections["prejudice"].rows}
    assert prejudice == {"Racist": 6, "Homophobic": 5}
    assert sections["prejudice"].note.startswith("From the categories")


def test_a_term_with_few_cases_shows_no_exact_total(school):
    _term_cases(school, racist=3, homophobic=0)
    report = _build(school)
    assert report.total is None
    assert report.total_shown() == "fewer than 5"


def test_outcomes_count_closed_cases_only(school):
    for case in _term_cases(school, racist=6, homophobic=0):
        case.status, case.outcome = Status.CLOSED, Outcome.RESOLVED
        case.save()
    sections = {section.slug: section for section in _build(school).sections}
    assert {row.label: row.count for row in sections["outcomes"].rows} == {"Resolved in school": 6}


def test_the_report_and_its_pdf_name_no_child_and_no_case(client, school, other_school, lead):
    cases = _term_cases(school, racist=6, homophobic=5)
    _term_cases(other_school, racist=7, homophobic=0, platform=Platform.ROBLOX)
    verified_login(client, lead)
    response = client.get(reverse("reporting_records:governors_report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Racist" in html and "Homophobic" in html and "Snapchat" in html
    # The other school's cases are not counted for this lead.
    assert "Roblox" not in html
    assert ">11<" in html
    pdf = client.get(reverse("reporting_records:governors_report_pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    with pikepdf.open(io.BytesIO(pdf.content)) as document:
        assert len(document.pages) >= 1
    built = repr(_build(school).__dict__)
    for identifying in ("Jayden", "Marsh-Okafor", "n-word", *(case.reference for case in cases)):
        assert identifying not in html
        assert identifying not in built
    exports = AuditEntry.objects.filter(action=AuditAction.EXPORT)
    assert {entry.school_id for entry in exports} == {school.pk}
    assert {entry.detail["export"] for entry in exports} == {
        "governors_report_html",
        "governors_report_pdf",
    }


def test_an_inverted_term_is_refused_kindly(client, lead):
    verified_login(client, lead)
    today = timezone.localdate()
    response = client.get(
        reverse("reporting_records:governors_report"),
        {"date_from": today.isoformat(), "date_to": (today - timedelta(days=30)).isoformat()},
    )
    assert response.status_code == 200
    assert "The start of the term must come before its end." in response.content.decode()
