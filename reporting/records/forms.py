"""GET filters of the records views, read from the same parameters as the triage queue.

The school choices are only the schools the lead leads, so a lead cannot ask for
another school's cases: an unknown school is a form error, never an empty leak.
"""

from datetime import datetime, time, timedelta

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from wagtail.models import Site

from ..choices import Risk, Status
from ..models import Case


def school_choices(school_ids: list[int]) -> list[tuple[str, str]]:
    sites = Site.objects.filter(pk__in=school_ids).order_by("site_name", "hostname")
    return [(str(site.pk), site.site_name or site.hostname) for site in sites]


class _SchoolFilterForm(forms.Form):
    school = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)

    def __init__(self, *args, school_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", "All my schools"), *school_choices(school_ids)]

    def school_filter(self, cases: QuerySet[Case]) -> QuerySet[Case]:
        school = self.cleaned_data.get("school")
        return cases.filter(school_id=school) if school else cases


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class IncidentLogFilterForm(_SchoolFilterForm):
    """status, risk (repeatable), school, and a date range on when the case was reported.

    Both django-filter's range names (created_at_after/_before) and plain
    date_from/date_to are read, so a link copied from the queue keeps its filters.
    """

    status = forms.MultipleChoiceField(required=False, choices=Status.choices)
    risk = forms.MultipleChoiceField(required=False, choices=Risk.choices)
    date_from = forms.DateField(required=False)
    date_to = forms.DateField(required=False)

    ALIASES = {"created_at_after": "date_from", "created_at_before": "date_to"}

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = data.copy()
            for alias, name in self.ALIASES.items():
                if alias in data and not data.get(name):
                    data[name] = data[alias]
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The start date is after the end date.")
        return cleaned

    def filter(self, cases: QuerySet[Case]) -> QuerySet[Case]:
        cases = self.school_filter(cases)
        data = self.cleaned_data
        if data.get("status"):
            cases = cases.filter(status__in=data["status"])
        if data.get("risk"):
            cases = cases.filter(risk__in=data["risk"])
        if data.get("date_from"):
            cases = cases.filter(created_at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            # The whole of the last day is included.
            cases = cases.filter(created_at__lt=_start_of(data["date_to"] + timedelta(days=1)))
        return cases

    def described(self) -> dict:
        """The filters applied, for the audit entry."""
        data = self.cleaned_data
        return {
            "school": data.get("school"),
            "status": data.get("status") or [],
            "risk": data.get("risk") or [],
            "date_from": data["date_from"].isoformat() if data.get("date_from") else None,
            "date_to": data["date_to"].isoformat() if data.get("date_to") else None,
        }


class DashboardFilterForm(_SchoolFilterForm):
    PERIODS = [("12", "Last 12 weeks"), ("26", "Last 26 weeks"), ("52", "Last 52 weeks")]

    weeks = forms.TypedChoiceField(
        required=False, choices=PERIODS, coerce=int, empty_value=12, label="Period"
    )


class GovernorsReportForm(_SchoolFilterForm):
    """The term the governors' report covers: from and to dates (the last 13 weeks by default)."""

    date_from = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        today = timezone.localdate()
        self.fields["date_from"].initial = today - timedelta(weeks=13)
        self.fields["date_to"].initial = today

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The start of the term must come before its end.")
        if start and end and (end - start).days > 400:
            raise forms.ValidationError("Choose a term or a school year: at most 400 days.")
        return cleaned

    def period(self) -> tuple:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["date_from"], self.cleaned_data["date_to"]
        return self.fields["date_from"].initial, self.fields["date_to"].initial
