"""Figures for the leads' insight dashboard, in a fixed number of aggregate queries.

Who uses this: a safeguarding lead spotting patterns (which platforms, which year
groups, which weeks) to plan prevention work, and checking how quickly reports
are picked up. Every figure is an aggregate over the cases the lead may see;
nothing here reads what a pupil wrote.

Queries: one per chart, whatever the number of cases (the triage-time chart reads
one pair of timestamps per triaged case in the period, because percentiles are not
portable SQL between SQLite and PostgreSQL).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from upstander.suppression import suppressed_groups

from ..choices import Category, Platform, Risk, Status
from ..models import Case
from .casefile import label
from .charts import BarChart, bar_chart

OPEN_AGE_BUCKETS = [
    ("Under 1 day", timedelta(0), timedelta(days=1)),
    ("1 to 7 days", timedelta(days=1), timedelta(days=7)),
    ("1 to 4 weeks", timedelta(days=7), timedelta(days=28)),
    ("4 weeks to 3 months", timedelta(days=28), timedelta(days=91)),
    ("Over 3 months", timedelta(days=91), None),
]


@dataclass
class TriageTime:
    group: str
    triaged: int | None  # None: hidden on the governors' dashboard
    median: timedelta | None
    p90: timedelta | None


@dataclass
class Dashboard:
    start: date
    end: date
    total: int
    weekly: BarChart
    categories: BarChart
    platforms: BarChart
    risks: BarChart
    year_groups: BarChart
    triage_times: list[TriageTime]
    triage_chart: BarChart
    untriaged: int
    open_ages: BarChart
    open_total: int


def duration_words(value: timedelta | None) -> str:
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h"


def percentile(values: list[timedelta], fraction: float) -> timedelta | None:
    """Nearest-rank percentile: a value that really occurred, as staff expect of "90% within"."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(fraction * len(ordered)), 1)
    return ordered[rank - 1]


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _counts(cases: QuerySet[Case], field: str) -> dict:
    return {
        row[field]: row["n"]
        for row in cases.order_by().values(field).annotate(n=Count("pk")).order_by()
    }


def _sorted_rows(counts: dict, choices) -> list[tuple[str, int]]:
    rows = [(label(choices, key) or "Not given", value) for key, value in counts.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def dashboard_build(*, cases: QuerySet[Case], weeks: int, now: datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    today = timezone.localdate(now)
    first_week = _week_start(today) - timedelta(weeks=weeks - 1)
    start = timezone.make_aware(datetime.combine(first_week, datetime.min.time()))
    in_period = cases.filter(created_at__gte=start, created_at__lte=now)

    # 1. Reports per week (weeks start on Monday, in the school's time zone).
    per_week = {
        timezone.localtime(row["week"]).date()
        if isinstance(row["week"], datetime)
        else row["week"]: row["n"]
        for row in in_period.order_by()
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(n=Count("pk"))
        .order_by()
    }
    week_rows = []
    for index in range(weeks):
        monday = first_week + timedelta(weeks=index)
        week_rows.append((f"Week of {monday:%d %b %Y}", per_week.get(monday, 0)))
    total = sum(value for _, value in week_rows)

    # 2–5. By category, platform, risk and year group.
    category_rows = _sorted_rows(_counts(in_period, "category"), Category)
    platform_rows = _sorted_rows(_counts(in_period, "platform"), Platform)
    risk_counts = _counts(in_period, "risk")
    risk_rows = [(choice.label, risk_counts.get(choice.value, 0)) for choice in Risk]
    year_counts = _counts(in_period, "year_group")
    year_rows = [
        (f"Year {year}", year_counts[year])
        for year in sorted(year for year in year_counts if year is not None)
    ]
    if None in year_counts:
        year_rows.append(("Not given", year_counts[None]))

    # 6. Time from report to first triage, overall and per current risk.
    durations: dict[str, list[timedelta]] = {choice.value: [] for choice in Risk}
    for created_at, triaged_at, risk in in_period.filter(triaged_at__isnull=False).values_list(
        "created_at", "triaged_at", "risk"
    ):
        durations.setdefault(risk, []).append(max(triaged_at - created_at, timedelta(0)))
    everything = [value for values in durations.values() for value in values]
    triage_times = [
        TriageTime(
            "All reports", len(everything), percentile(everything, 0.5), percentile(everything, 0.9)
        )
    ] + [
        TriageTime(
            choice.label,
            len(durations[choice.value]),
            percentile(durations[choice.value], 0.5),
            percentile(durations[choice.value], 0.9),
        )
        for choice in Risk
    ]
    median_hours = [
        (row.group, round(row.median.total_seconds() / 3600, 1) if row.median else 0)
        for row in triage_times
    ]

    # 7. Open cases by age, and how many were never triaged: one aggregate.
    open_cases = cases.exclude(status=Status.CLOSED)
    aggregates = {"untriaged": Count("pk", filter=Q(triaged_at__isnull=True))}
    for index, (_, youngest, oldest) in enumerate(OPEN_AGE_BUCKETS):
        condition = Q(created_at__lte=now - youngest)
        if oldest is not None:
            condition &= Q(created_at__gt=now - oldest)
        aggregates[f"age{index}"] = Count("pk", filter=condition)
    ages = open_cases.order_by().aggregate(**aggregates)
    age_rows = [
        (name, ages[f"age{index}"] or 0) for index, (name, _, _) in enumerate(OPEN_AGE_BUCKETS)
    ]

    return Dashboard(
        start=first_week,
        end=today,
        total=total,
        weekly=bar_chart(
            slug="weekly", title="Reports per week", rows=week_rows, label_heading="Week"
        ),
        categories=bar_chart(
            slug="categories",
            title="Reports by category",
            rows=category_rows,
            label_heading="Category",
        ),
        platforms=bar_chart(
            slug="platforms",
            title="Reports by platform",
            rows=platform_rows,
            label_heading="Platform",
        ),
        risks=bar_chart(
            slug="risks", title="Reports by risk", rows=risk_rows, label_heading="Risk"
        ),
        year_groups=bar_chart(
            slug="year-groups",
            title="Reports by year group",
            rows=year_rows,
            label_heading="Year group",
        ),
        triage_times=triage_times,
        triage_chart=bar_chart(
            slug="triage",
            title="Median time from report to first triage, in hours",
            rows=median_hours,
            label_heading="Reports",
            value_heading="Median hours",
            shown=[duration_words(row.median) for row in triage_times],
        ),
        untriaged=ages["untriaged"] or 0,
        open_ages=bar_chart(
            slug="open-ages",
            title="Open cases by age",
            rows=age_rows,
            label_heading="Age",
            value_heading="Open cases",
        ),
        open_total=sum(value for _, value in age_rows),
    )


# --- The governors' view: small numbers hidden ---------------------------------------------

HIDDEN = "Hidden (small number)"


def dashboard_min_group_size() -> int:
    return max(1, int(getattr(settings, "DASHBOARD_MIN_GROUP_SIZE", 5)))


def _suppressed_chart(chart: BarChart, minimum: int) -> BarChart:
    counts = {index: int(bar.value) for index, bar in enumerate(chart.bars)}
    hidden = suppressed_groups(counts, minimum)
    rows = [
        (bar.label, 0 if index in hidden else bar.value) for index, bar in enumerate(chart.bars)
    ]
    shown = [HIDDEN if index in hidden else bar.shown for index, bar in enumerate(chart.bars)]
    return bar_chart(
        slug=chart.slug,
        title=chart.title,
        rows=rows,
        label_heading=chart.label_heading,
        value_heading=chart.value_heading,
        shown=shown,
    )


def dashboard_suppress(figures: Dashboard, *, minimum: int | None = None) -> Dashboard:
    """The same figures for a governor or trust overview: any count under `minimum` (and
    enough others that it cannot be worked out) hidden; triage times only for groups of
    at least `minimum` reports; totals under `minimum` hidden too."""
    minimum = minimum or dashboard_min_group_size()
    times = [
        row
        if row.triaged >= minimum or row.triaged == 0
        else TriageTime(row.group, None, None, None)
        for row in figures.triage_times
    ]
    return replace(
        figures,
        total=figures.total if figures.total == 0 or figures.total >= minimum else None,
        weekly=_suppressed_chart(figures.weekly, minimum),
        categories=_suppressed_chart(figures.categories, minimum),
        platforms=_suppressed_chart(figures.platforms, minimum),
        risks=_suppressed_chart(figures.risks, minimum),
        year_groups=_suppressed_chart(figures.year_groups, minimum),
        triage_times=times,
        triage_chart=bar_chart(
            slug=figures.triage_chart.slug,
            title=figures.triage_chart.title,
            rows=[
                (row.group, round(row.median.total_seconds() / 3600, 1) if row.median else 0)
                for row in times
            ],
            label_heading=figures.triage_chart.label_heading,
            value_heading=figures.triage_chart.value_heading,
            shown=[HIDDEN if row.triaged is None else duration_words(row.median) for row in times],
        ),
        untriaged=figures.untriaged
        if figures.untriaged == 0 or figures.untriaged >= minimum
        else None,
        open_ages=_suppressed_chart(figures.open_ages, minimum),
        open_total=figures.open_total
        if figures.open_total == 0 or figures.open_total >= minimum
        else None,
    )
