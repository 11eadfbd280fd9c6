"""The lead sees why a case was suggested urgent: which kind of danger, which words."""

import pytest
from django.urls import reverse

from reporting.choices import Risk
from upstander import danger

from .conftest import login, make_case

pytestmark = pytest.mark.django_db


def _case_with_words(school, text):
    recognition = danger.recognise(text)
    return make_case(
        school=school, risk=Risk.URGENT, text=text, danger_signals=recognition.as_data()
    )


def test_the_queue_row_shows_the_kind_and_the_words(school, lead):
    case = _case_with_words(school, "he said hes gonna stab me")
    quiet = make_case(school=school)
    body = login(lead).get(reverse("reporting_triage:queue")).content.decode()
    row = body[body.find(case.reference) :]
    row = row[: row.find("</tr>")]
    assert "Threat of violence or a weapon: “is going to stab me”" in row
    quiet_row = body[body.find(quiet.reference) :]
    assert "Threat of violence" not in quiet_row[: quiet_row.find("</tr>")]


def test_the_case_page_lists_every_reason(school, lead):
    case = _case_with_words(school, "my stepdad hits me and i want to kill myself")
    body = login(lead).get(reverse("reporting_triage:case_detail", args=[case.pk])).content.decode()
    reasons = body[body.find('data-testid="case-danger"') :]
    reasons = reasons[: reasons.find("</dd>")]
    assert "Suicide, self-harm or an eating disorder: “kill myself”" in reasons
    assert "Abuse or fear at home: “step dad hits me”" in reasons
    assert reasons.find("Suicide") < reasons.find("Abuse or fear")
    assert "Suggested category: Worried someone might hurt themselves" in reasons
