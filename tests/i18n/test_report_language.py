"""A report keeps the interface language the pupil used, so the lead can answer in it."""

from __future__ import annotations

import pytest

from reporting.models import Report
from reporting.services.submission import ReportAnswers, report_submit
from tests.reporting.conftest import report_data

pytestmark = pytest.mark.django_db


def test_a_report_sent_from_the_welsh_form_records_welsh_and_keeps_the_text_as_written(
    client, school
):
    client.post("/cy/report/", report_data(what_happened="Mae nhw'n gas i mi <3"), follow=True)
    report = Report.objects.get()
    assert report.interface_language == "cy"
    assert report.interface_language_name == "Welsh"
    assert report.what_happened == "Mae nhw'n gas i mi <3"


def test_a_report_sent_from_the_english_form_records_english(client, school):
    client.post("/report/", report_data(), follow=True)
    assert Report.objects.get().interface_language == "en-gb"


def test_only_a_language_of_the_site_is_recorded(school):
    answers = ReportAnswers(
        reporter_role="me",
        danger_now=False,
        categories=["other"],
        what_happened="something",
        interface_language="<script>",
    )
    result = report_submit(
        school=school, answers=answers, submission_token="t" * 43, passphrase="a b c d e"
    )
    assert result.case.report.interface_language == ""
    assert result.case.report.interface_language_name == ""


def test_the_lead_sees_the_language_of_the_form_beside_the_words_as_written(client, school, lead):
    from django.urls import reverse

    from tests.triage.conftest import login

    client.post("/cy/report/", report_data(what_happened="Mae nhw'n gas i mi"), follow=True)
    report = Report.objects.get()
    page = login(lead).get(reverse("reporting_triage:case_detail", args=[report.case.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="report-language">Welsh' in html
    assert "Mae nhw&#x27;n gas i mi" in html or "Mae nhw'n gas i mi" in html


def test_no_language_is_claimed_for_a_report_that_recorded_none(client, school, lead):
    from django.urls import reverse

    from tests.triage.conftest import login

    client.post("/report/", report_data(), follow=True)
    report = Report.objects.get()
    Report.objects.filter(pk=report.pk).update(interface_language="")
    html = login(lead).get(reverse("reporting_triage:case_detail", args=[report.case.pk])).content
    assert b"report-language" not in html and b"report-text" in html
