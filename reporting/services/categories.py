"""Each school's own case categories, and recording them on a case.

Who uses this: a safeguarding lead, on the case page (which categories this case
is recorded under) and on the school's "Case categories" screen (renaming, adding
and retiring them). A school starts with the default set in
reporting/default_categories.toml, including the prejudice-related categories
schools record.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail.models import Site

from ..audit import audit_record
from ..choices import AuditAction, CaseAction, Category, EventKind, PrejudiceType
from ..chronology import event_add
from ..models import Case, CaseCategory
from ..permissions import case_policy

DEFAULTS_FILE = Path(__file__).resolve().parents[1] / "default_categories.toml"


@lru_cache(maxsize=1)
def default_categories() -> tuple[dict, ...]:
    rows = tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))["category"]
    for row in rows:
        # A typo in the data file must fail loudly, not file cases under "Other".
        Category(row["standard"])
        if row.get("prejudice"):
            PrejudiceType(row["prejudice"])
    return tuple(rows)


def school_categories_ensure(*, school: Site) -> int:
    """Give a school the default categories if it has none yet. Returns how many were made."""
    if CaseCategory.objects.filter(school=school).exists():
        return 0
    made = CaseCategory.objects.bulk_create(
        [
            CaseCategory(
                school=school,
                name=row["name"],
                standard=row["standard"],
                prejudice=row.get("prejudice", ""),
                sort_order=number,
            )
            for number, row in enumerate(default_categories())
        ],
        ignore_conflicts=True,
    )
    return len(made)


def school_categories(*, school: Site, active_only: bool = True):
    school_categories_ensure(school=school)
    categories = CaseCategory.objects.filter(school=school)
    return categories.filter(active=True) if active_only else categories


@transaction.atomic
def case_set_categories(*, case: Case, actor, categories: Iterable[CaseCategory]) -> bool:
    """Record which of its school's categories a case falls under. True if anything changed."""
    if not case_policy.user_has_permission_for_instance(actor, CaseAction.CATEGORISE, case):
        raise PermissionDenied("Your role in this school's safeguarding team does not allow that.")
    chosen = list(categories)
    if any(category.school_id != case.school_id for category in chosen):
        raise ValidationError("A case can only use its own school's categories.")
    before = set(case.recorded_categories.values_list("pk", flat=True))
    after = {category.pk for category in chosen}
    if before == after:
        return False
    case.recorded_categories.set(chosen)
    names = sorted(category.name for category in chosen)
    event_add(
        case=case,
        kind=EventKind.CATEGORIES,
        data={"categories": names},
        actor=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        case=case,
        detail={"recorded_categories": sorted(after)},
    )
    return True
