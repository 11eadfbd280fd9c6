"""The termly report for governors and the trust: figures only, small numbers suppressed.

Who uses this: a safeguarding lead preparing the termly report to governors (KCSIE
asks governing bodies to have oversight of how concerns are handled), and a trust
comparing its schools. It counts cases by the school's recorded categories (through
their common kind, so schools compare), prejudice-related bullying by type, platform,
year group and outcome, and how quickly reports were triaged. No names, no words a
pupil wrote, no references: and any group smaller than REPORT_MIN_GROUP_SIZE is
shown as "fewer than N", with enough others hidden that it cannot be worked out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone

from upstander.suppression import suppressed_groups

from ..choices import Category, Outcome, Platform, PrejudiceType, Risk, Status
from ..models import Case, CaseCategory
from .dashboard import duration_words, percentile


def min_group_size() -> int:
    return max(1, int(getattr(settings, "REPORT_MIN_GROUP_SIZE", 5)))


@dataclass
class Row:
    label: str
    count: int | None  # None: too small to show

    def shown(self, minimum: int) -> str:
        return f"fewer than {minimum}" if self.count is None else str(self.count)


@dataclass
class Section:
    slug: str
    title: str
    rows: list[Row]
    note: str = ""


@dataclass
class TriageRow:
    group: str
    triaged: int | None
    median: str
    p90: str


@dataclass
class GovernorsReport:
    school_names: list[str]
    start: date
    end: date
    minimum: int
    total: int | None
    sections: list[Section] = field(default_factory=list)
    triage: list[TriageRow] = field(default_factory=list)

    def total_shown(self) -> str:
        return f"fewer than {self.minimum}" if self.total is None else str(self.total)


def _section(slug: str, title: str, counts: dict[str, int], minimum: int, note="") -> Section:
    hidden = suppressed_groups(counts, minimum)
    rows = [
        Row(label, None if label in hidden else count)
        for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if count
    ]
    if hidden:
        note = (note + " " if note else "") + (
            f"Groups of fewer than {minimum} cases, and enough others that they cannot be "
            "worked out, are not shown."
        )
    return Section(slug, title, rows, note)


def _label(choices, value, empty="Not given") -> str:
    if not value:
        return empty
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _kind_counts(cases: QuerySet[Case]) -> tuple[dict[str, int], dict[str, int]]:
    """Cases per common kind and per prejudice type, from the school's recorded categories.

    A case a lead has not yet categorised counts under what the reporter chose, so the
    report is complete while triage is still going on; a case counts once per kind.
    """
    kinds: dict[str, set] = {}
    prejudice: dict[str, set] = {}
    recorded = CaseCategory.cases.through.objects.filter(case__in=cases).values_list(
        "case_id", "casecategory__standard", "casecategory__prejudice"
    )
    categorised = set()
    for case_id, standard, prejudice_type in recorded:
        categorised.add(case_id)
        kinds.setdefault(_label(Category, standard), set()).add(case_id)
        if prejudice_type:
            prejudice.setdefault(_label(PrejudiceType, prejudice_type), set()).add(case_id)
    for case_id, category in cases.exclude(pk__in=categorised).values_list("pk", "category"):
        kinds.setdefault(_label(Category, category), set()).add(case_id)
    return (
        {name: len(ids) for name, ids in kinds.items()},
        {name: len(ids) for name, ids in prejudice.items()},
    )


def _counts(cases: QuerySet[Case], field_name: str, words) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in cases.order_by().values(field_name).annotate(n=Count("pk")).order_by():
        name = words(row[field_name])
        counts[name] = counts.get(name, 0) + row["n"]
    return counts


def governors_report_build(
    *, cases: QuerySet[Case], start: date, end: date, school_names: list[str]
) -> GovernorsReport:
    minimum = min_group_size()
    zone = timezone.get_current_timezone()
    since = timezone.make_aware(datetime.combine(start, time.min), zone)
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone)
    in_term = cases.filter(created_at__gte=since, created_at__lt=until)
    total = in_term.count()
    report = GovernorsReport(
        school_names=school_names,
        start=start,
        end=end,
        minimum=minimum,
        total=total if total == 0 or total >= minimum else None,
    )
    kinds, prejudice = _kind_counts(in_term)
    report.sections.append(_section("kinds", "Cases by kind", kinds, minimum))
    report.sections.append(
        _section(
            "prejudice",
            "Prejudice-related bullying, by type",
            {choice.label: prejudice.get(choice.label, 0) for choice in PrejudiceType},
            minimum,
            note="From the categories leads recorded. A case can count under more than one type.",
        )
    )
    report.sections.append(
        _section(
            "platforms",
            "Where it happened",
            _counts(in_term, "platform", lambda value: _label(Platform, value)),
            minimum,
        )
    )
    report.sections.append(
        _section(
            "years",
            "Year group",
            _counts(
                in_term,
                "year_group",
                lambda value: "Not given" if value is None else f"Year {value}",
            ),
            minimum,
        )
    )
    report.sections.append(
        _section(
            "outcomes",
            "Outcomes of the cases closed so far",
            _counts(
                in_term.filter(status=Status.CLOSED),
                "outcome",
                lambda value: _label(Outcome, value),
            ),
            minimum,
        )
    )
    durations = [
        max(triaged - created, timedelta(0))
        for created, triaged in in_term.filter(triaged_at__isnull=False).values_list(
            "created_at", "triaged_at"
        )
    ]
    urgent = [
        max(triaged - created, timedelta(0))
        for created, triaged in in_term.filter(
            triaged_at__isnull=False, risk=Risk.URGENT
        ).values_list("created_at", "triaged_at")
    ]
    for group, values in (("All cases", durations), ("Urgent cases", urgent)):
        if len(values) < minimum:
            # A median of two urgent cases is nearly each child's own time: not shown.
            report.triage.append(TriageRow(group, None if values else 0, "—", "—"))
        else:
            report.triage.append(
                TriageRow(
                    group,
                    len(values),
                    duration_words(percentile(values, 0.5)),
                    duration_words(percentile(values, 0.9)),
                )
            )
    return report
