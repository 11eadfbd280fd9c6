"""Filters for the triage queue and the audit log (django-filter, Wagtail's admin widgets).

Every filter is on a structured, indexed column, or (pupil, words) on the keyed
blind index of reporting.pupils: the report text and names are encrypted and
never filtered or searched as plaintext server-side.
"""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.models import Site

from .choices import (
    RISK_ORDER,
    AuditAction,
    Category,
    NotificationStatus,
    Platform,
    Risk,
    SchoolAction,
    Status,
)
from .models import AuditEntry, Case, Notification, Pupil
from .permissions import ASSIGNABLE_ROLES, case_policy
from .pupils.selectors import cases_of_pupils, cases_with_words, pupils_matching


def _queue_school_ids(request) -> list[int]:
    return case_policy.schools_with_permission(request.user, SchoolAction.VIEW_QUEUE)


def _led_schools(request):
    return Site.objects.filter(pk__in=_queue_school_ids(request)).order_by("site_name")


def _assignees(request):
    return (
        get_user_model()
        .objects.filter(
            safeguarding_roles__school_id__in=_queue_school_ids(request),
            safeguarding_roles__role__in=ASSIGNABLE_ROLES,
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


class NativeDateRangeWidget(DateRangePickerWidget):
    """Wagtail's "from … to" date range, with the browser's own date fields.

    Wagtail's date picker writes an inline script for each field, which the
    safeguarding pages' policy (script-src 'self') refuses; <input type="date">
    needs no script, works from the keyboard and without JavaScript.
    """

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets = [
            forms.DateInput(attrs={"type": "date", "aria-label": label}, format="%Y-%m-%d")
            for label in ("From", "To")
        ]


class CaseFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, widget=forms.CheckboxSelectMultiple
    )
    # Filtered through risk_rank, the column the queue's indexes are built on.
    risk = django_filters.MultipleChoiceFilter(
        choices=Risk.choices, widget=forms.CheckboxSelectMultiple, method="filter_risk"
    )
    category = django_filters.ChoiceFilter(choices=Category.choices, empty_label="All")
    platform = django_filters.ChoiceFilter(choices=Platform.choices, empty_label="All")
    assignee = django_filters.ModelChoiceFilter(
        queryset=_assignees, null_label="Nobody", empty_label="Anyone"
    )
    created = django_filters.DateFromToRangeFilter(
        field_name="created_at", label="Reported between", widget=NativeDateRangeWidget
    )
    school = django_filters.ModelChoiceFilter(queryset=_led_schools, empty_label="All my schools")
    # Both through the keyed blind index (reporting.pupils): digests of the typed words
    # are compared, never the encrypted names or report text.
    pupil = django_filters.CharFilter(
        label="Pupil (name, linked to the case)", method="filter_pupil"
    )
    words = django_filters.CharFilter(label="Words in the report", method="filter_words")

    class Meta:
        model = Case
        fields = [
            "status",
            "risk",
            "category",
            "platform",
            "assignee",
            "created",
            "school",
            "pupil",
            "words",
        ]

    def filter_pupil(self, queryset, name, value):
        if not value.strip():
            return queryset
        pupils = pupils_matching(pupils=Pupil.objects.all(), query=value)
        return cases_of_pupils(cases=queryset, pupils=pupils)

    def filter_words(self, queryset, name, value):
        if not value.strip():
            return queryset
        return cases_with_words(cases=queryset, query=value)

    def filter_risk(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(risk_rank__in=[RISK_ORDER[Risk(v)] for v in value])


class AuditFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, empty_label="All")
    case_reference = django_filters.CharFilter(label="Case reference", method="filter_reference")
    actor_name = django_filters.CharFilter(label="Who (username)", lookup_expr="iexact")
    created = django_filters.DateFromToRangeFilter(
        field_name="created_at", label="When", widget=NativeDateRangeWidget
    )

    class Meta:
        model = AuditEntry
        fields = ["action", "case_reference", "actor_name", "created"]

    def filter_reference(self, queryset, name, value):
        return queryset.filter(case_reference=normalise_reference(value))


class NotificationFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=NotificationStatus.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Notification
        fields = ["status"]


def normalise_reference(value: str) -> str:
    """'abcd efgh', 'ABCD-EFGH' and 'abcdefgh' all mean the same case reference."""
    compact = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if len(compact) == 8:
        return f"{compact[:4]}-{compact[4:]}"
    return compact


def reference_query(value: str) -> Q:
    return Q(reference=normalise_reference(value))
