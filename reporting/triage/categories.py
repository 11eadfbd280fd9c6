"""The "Case categories" screen: a school's leads rename, add, order and retire its categories.

One school at a time (`?school=<id>` for a lead of several). Categories are never
deleted, only retired, so a closed case keeps the words it was recorded under.
"""

from django import forms
from django.contrib import messages
from django.forms import modelformset_factory
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.models import Site

from ..audit import audit_record
from ..choices import AuditAction
from ..models import CaseCategory
from ..roles import schools_led_by
from ..services.categories import school_categories


class CategoryForm(forms.ModelForm):
    class Meta:
        model = CaseCategory
        fields = ["name", "standard", "prejudice", "active", "sort_order"]
        labels = {
            "standard": "Common kind",
            "prejudice": "Prejudice type",
            "sort_order": "Order",
        }


CategoryFormSet = modelformset_factory(CaseCategory, form=CategoryForm, extra=2, can_delete=False)


def _school(request) -> Site:
    led = schools_led_by(request.user)
    wanted = request.GET.get("school") or request.POST.get("school")
    if wanted is None and led:
        wanted = led[0]
    try:
        school_id = int(wanted)
    except (TypeError, ValueError):
        raise Http404 from None
    if school_id not in led:
        raise Http404
    return Site.objects.get(pk=school_id)


def categories_edit(request):
    school = _school(request)
    queryset = school_categories(school=school, active_only=False)
    formset = CategoryFormSet(request.POST or None, queryset=queryset, prefix="categories")
    if request.method == "POST" and formset.is_valid():
        saved = formset.save(commit=False)
        for category in saved:
            category.school = school
            category.save()
        if saved:
            audit_record(
                actor=request.user,
                action=AuditAction.CHANGE,
                school=school,
                detail={"case_categories": sorted(category.name for category in saved)},
            )
        messages.success(request, "Categories saved.")
        return redirect(f"{reverse('reporting_triage:categories')}?school={school.pk}")
    led = schools_led_by(request.user)
    response = TemplateResponse(
        request,
        "reporting/admin/categories.html",
        {
            "school": school,
            "formset": formset,
            "schools": Site.objects.filter(pk__in=led) if len(led) > 1 else [],
            "page_title": f"Case categories: {school.site_name or school.hostname}",
            "header_icon": "tag",
        },
    )
    response["Cache-Control"] = "no-store, private"
    return response
