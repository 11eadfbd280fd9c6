"""Each school's own case categories: the default set, recording them on a case, editing them."""

import pytest
from django.urls import reverse

from reporting.choices import AuditAction, EventKind, PrejudiceType
from reporting.models import AuditEntry, CaseCategory
from reporting.services.categories import school_categories
from tests.builders import make_lead, make_user

from .conftest import login, make_case

pytestmark = pytest.mark.django_db


def test_a_school_starts_with_the_prejudice_related_categories_schools_record(school):
    categories = list(school_categories(school=school))
    assert {category.prejudice for category in categories if category.prejudice} == set(
        PrejudiceType.values
    )
    assert len({category.name for category in categories}) == len(categories) >= 15


def test_a_lead_records_a_case_under_the_schools_categories(school, lead, lead_client):
    case = make_case(school=school)
    racist = school_categories(school=school).get(prejudice=PrejudiceType.RACIST)
    threats = school_categories(school=school).get(standard="threats")
    response = lead_client.post(
        reverse("reporting_triage:case_categories", args=[case.pk]),
        {"categories": [racist.pk, threats.pk]},
    )
    assert response.status_code == 302
    assert set(case.recorded_categories.all()) == {racist, threats}
    event = case.events.get(kind=EventKind.CATEGORIES)
    assert event.actor == lead
    assert sorted(event.data["categories"]) == sorted([racist.name, threats.name])
    assert AuditEntry.objects.filter(
        case=case, action=AuditAction.CHANGE, detail__has_key="recorded_categories"
    ).exists()
    page = lead_client.get(reverse("reporting_triage:case_detail", args=[case.pk]))
    assert racist.name in page.content.decode()


def test_another_schools_category_cannot_be_put_on_a_case(school, other_school, lead_client):
    case = make_case(school=school)
    theirs = school_categories(school=other_school).first()
    response = lead_client.post(
        reverse("reporting_triage:case_categories", args=[case.pk]), {"categories": [theirs.pk]}
    )
    assert response.status_code == 400  # the case page again, with the form's error
    assert "Select a valid choice" in response.content.decode()
    assert not case.recorded_categories.exists()
    assert not case.events.filter(kind=EventKind.CATEGORIES).exists()


def test_a_lead_renames_adds_and_retires_categories(school, lead_client):
    categories = list(school_categories(school=school, active_only=False))
    url = reverse("reporting_triage:categories")
    page = lead_client.get(url, {"school": school.pk})
    assert page.status_code == 200
    data = {
        "school": school.pk,
        "categories-TOTAL_FORMS": len(categories) + 2,
        "categories-INITIAL_FORMS": len(categories),
        "categories-MIN_NUM_FORMS": 0,
        "categories-MAX_NUM_FORMS": 1000,
    }
    for number, category in enumerate(categories):
        data.update(
            {
                f"categories-{number}-id": category.pk,
                f"categories-{number}-name": category.name,
                f"categories-{number}-standard": category.standard,
                f"categories-{number}-prejudice": category.prejudice,
                f"categories-{number}-sort_order": category.sort_order,
            }
        )
        if number != 0:
            data[f"categories-{number}-active"] = "on"
    data["categories-1-name"] = "Online bullying: pictures, videos or memes"
    new = len(categories)
    data.update(
        {
            f"categories-{new}-name": "Bullying on the school bus chat",
            f"categories-{new}-standard": "chat_social_gaming",
            f"categories-{new}-prejudice": "",
            f"categories-{new}-active": "on",
            f"categories-{new}-sort_order": 99,
        }
    )
    # The second blank row, as a browser sends it untouched: its defaults, so it is skipped.
    data.update(
        {
            f"categories-{new + 1}-standard": "other",
            f"categories-{new + 1}-active": "on",
            f"categories-{new + 1}-sort_order": 0,
        }
    )
    response = lead_client.post(url, data)
    formset = response.context["formset"] if response.status_code == 200 else None
    errors = [e for e in formset.errors if e] + list(formset.non_form_errors()) if formset else None
    assert response.status_code == 302, errors
    names = set(CaseCategory.objects.filter(school=school).values_list("name", flat=True))
    assert "Bullying on the school bus chat" in names
    assert "Online bullying: pictures, videos or memes" in names
    retired = CaseCategory.objects.get(pk=categories[0].pk)
    assert retired.active is False
    offered = set(school_categories(school=school).values_list("pk", flat=True))
    assert retired.pk not in offered
    assert AuditEntry.objects.filter(school=school, detail__has_key="case_categories").exists()


def test_another_schools_categories_screen_is_not_found(school, other_school, lead_client):
    school_categories(school=other_school)
    response = lead_client.get(reverse("reporting_triage:categories"), {"school": other_school.pk})
    assert response.status_code == 404
    assert (
        lead_client.get(reverse("reporting_triage:categories"), {"school": school.pk}).status_code
        == 200
    )


def test_staff_who_are_not_leads_cannot_open_the_categories_screen(school):
    teacher = make_user(username="teacher-categories", groups=["Moderators"])
    response = login(teacher).get(reverse("reporting_triage:categories"), {"school": school.pk})
    assert response.status_code in (302, 403)
    assert response.status_code != 200
    assert make_lead(username="dsl-categories", school=school)
