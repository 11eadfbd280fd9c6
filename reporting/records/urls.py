"""Records out, insight and legal hold; mounted by the triage admin at /admin/safeguarding/records/."""

from django.urls import path

from . import views

app_name = "reporting_records"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("incident-log.csv", views.incident_log_csv, name="incident_log_csv"),
    path("governors/", views.governors_report, name="governors_report"),
    path("governors.pdf", views.governors_report_pdf, name="governors_report_pdf"),
    path("cases/<uuid:case_id>/file/", views.case_file, name="case_file"),
    path("cases/<uuid:case_id>/file.pdf", views.case_file_pdf, name="case_file_pdf"),
    path("cases/<uuid:case_id>/legal-hold/", views.legal_hold, name="legal_hold"),
]
