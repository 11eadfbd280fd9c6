"""The insight dashboard: figures, accessible charts, scope, audit and a constant query count."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reporting.choices import AuditAction, Category, Platform, Risk, Status
from reporting.models import AuditEntry, Case, SafeguardingLead
from reporting.records.dashboard import percentile
from tests.security.helpers import verified_login

from .builders import make_case

pytestmark = pytest.mark.django_db


def _table(html: str, caption: str) -> dict[str, str]:
    """Row header → first value cell of the table with this caption."""
    match = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", html, re.S)
    assert match, caption
    return dict(re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', match.group(1)))


def _bulk_cases(school, count: int, now):
    Case.objects.bulk_create(
        [
            Case(
                school=school,
                category=list(Category)[index % len(Category)],
                platform=list(Platform)[index % len(Platform)],
                risk=list(Risk)[index % 4],
                year_group=7 + index % 7,
                status=Status.CLOSED if index % 3 == 0 else Status.TRIAGED,
                created_at=now - timedelta(hours=index * 5),
                triaged_at=now - timedelta(hours=index * 5) + timedelta(minutes=30 + index),
            )
            for index in range(count)
        ]
    )


def test_dashboard_counts_by_week_category_platform_risk_and_year_group(client, school, lead):
    now = timezone.now()
    for risk, category, platform, year in [
        (Risk.URGENT, Category.THREATS, Platform.SNAPCHAT, 8),
        (Risk.HIGH, Category.THREATS, Platform.SNAPCHAT, 8),
        (Risk.LOW, Category.LEFT_OUT, Platform.ROBLOX, None),
    ]:
        make_case(
            school=school,
            risk=risk,
            category=category,
            platform=platform,
            year_group=year,
            created_at=now - timedelta(minutes=5),
        )
    make_case(school=school, created_at=now - timedelta(weeks=30))  # outside 12 weeks
    verified_login(client, lead)
    response = client.get(reverse("reporting_records:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert _table(html, "Reports by category") == {
        "Threats to hurt someone": "2",
        "Leaving someone out on purpose": "1",
    }
    assert _table(html, "Reports by platform") == {"Snapchat": "2", "Roblox": "1"}
    assert _table(html, "Reports by risk") == {
        "Urgent": "1",
        "High": "1",
        "Medium": "0",
        "Low": "1",
    }
    assert _table(html, "Reports by year group") == {"Year 8": "2", "Not given": "1"}
    weekly = _table(html, "Reports per week")
    assert len(weekly) == 12
    reported = timezone.localdate(now - timedelta(minutes=5))
    monday = reported - timedelta(days=reported.weekday())
    assert weekly[f"Week of {monday:%d %b %Y}"] == "3"
    assert sum(int(value) for value in weekly.values()) == 3
    # Older cases appear with a longer period.
    response = client.get(reverse("reporting_records:dashboard"), {"weeks": "52"})
    assert sum(int(v) for v in _table(response.content.decode(), "Reports per week").values()) == 4


def test_dashboard_shows_time_to_first_triage_and_open_cases_by_age(client, school, lead):
    now = timezone.now()
    for minutes in (10, 20, 30, 40, 600):
        make_case(
            school=school,
            risk=Risk.HIGH,
            status=Status.TRIAGED,
            created_at=now - timedelta(hours=12),
            triaged_at=now - timedelta(hours=12) + timedelta(minutes=minutes),
        )
    make_case(school=school, created_at=now - timedelta(days=3))  # new, never triaged
    make_case(school=school, created_at=now - timedelta(days=120))  # new, very old
    make_case(school=school, status=Status.CLOSED, created_at=now - timedelta(days=3))
    verified_login(client, lead)
    html = client.get(reverse("reporting_records:dashboard")).content.decode()
    triage = re.search(
        r"<caption>Time from report to first triage</caption>(.*?)</table>", html, re.S
    )
    rows = re.findall(
        r'<th scope="row">(.*?)</th><td>(\d+)</td><td>(.*?)</td><td>(.*?)</td>', triage.group(1)
    )
    assert ("All reports", "5", "30 min", "10 h 0 min") in rows
    assert ("High", "5", "30 min", "10 h 0 min") in rows
    assert ("Urgent", "0", "—", "—") in rows
    assert _table(html, "Open cases by age") == {
        "Under 1 day": "5",
        "1 to 7 days": "1",
        "1 to 4 weeks": "0",
        "4 weeks to 3 months": "0",
        "Over 3 months": "1",
    }
    assert "<strong>2</strong> open cases not yet triaged" in html


def test_percentile_is_nearest_rank():
    values = [timedelta(minutes=minutes) for minutes in range(1, 11)]
    assert percentile(values, 0.5) == timedelta(minutes=5)
    assert percentile(values, 0.9) == timedelta(minutes=9)
    assert percentile([], 0.9) is None


def test_dashboard_charts_are_local_svg_with_accessible_tables(client, school, lead):
    make_case(school=school, created_at=timezone.now())
    verified_login(client, lead)
    html = client.get(reverse("reporting_records:dashboard")).content.decode()
    main = html.split('id="main"', 1)[1]
    assert main.count('<svg class="records-chart"') == 7
    assert main.count('role="img"') == 7
    assert main.count("<caption>") == 7
    assert 'scope="col"' in main and 'scope="row"' in main
    # No chart script, and nothing loaded from another host (links a person may follow are fine).
    assert "<script" not in main
    assert not re.search(r'src="(https?:)?//', html)
    assert not re.search(r'<link[^>]*href="(https?:)?//', html)


def test_dashboard_never_counts_another_schools_cases(client, school, other_school, lead):
    make_case(school=school, category=Category.CALLS)
    make_case(school=other_school, category=Category.SEXUAL_IMAGE)
    verified_login(client, lead)
    html = client.get(reverse("reporting_records:dashboard")).content.decode()
    assert _table(html, "Reports by category") == {"Nasty or silent phone calls": "1"}
    # Asking for the other school's figures is refused and shows the lead's own.
    html = client.get(
        reverse("reporting_records:dashboard"), {"school": other_school.pk}
    ).content.decode()
    assert _table(html, "Reports by category") == {"Nasty or silent phone calls": "1"}
    assert "were not valid" in html


def test_lead_of_several_schools_can_filter_by_school(client, school, other_school, lead):
    SafeguardingLead.objects.create(user=lead, school=other_school)
    make_case(school=school, category=Category.CALLS)
    make_case(school=other_school, category=Category.THREATS)
    verified_login(client, lead)
    html = client.get(reverse("reporting_records:dashboard")).content.decode()
    assert 'name="school"' in html
    assert len(_table(html, "Reports by category")) == 2
    html = client.get(
        reverse("reporting_records:dashboard"), {"school": other_school.pk}
    ).content.decode()
    assert _table(html, "Reports by category") == {"Threats to hurt someone": "1"}
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW_DASHBOARD).first()
    assert entry.school_id == other_school.pk


def test_dashboard_view_writes_an_audit_entry(client, school, lead):
    verified_login(client, lead)
    client.get(reverse("reporting_records:dashboard"), {"weeks": "26"})
    entry = AuditEntry.objects.get(action=AuditAction.VIEW_DASHBOARD)
    assert entry.actor == lead
    assert entry.school_id == school.pk
    assert entry.detail["weeks"] == 26


def test_dashboard_query_count_is_the_same_for_10_and_300_cases(client, school, lead):
    verified_login(client, lead)
    now = timezone.now()
    url = reverse("reporting_records:dashboard")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.get(url)  # warm per-process caches (the Site comes from the fragment cache after)
    _bulk_cases(school, 10, now)
    with_ten = queries()
    _bulk_cases(school, 290, now)
    assert Case.objects.count() == 300
    assert queries() == with_ten
