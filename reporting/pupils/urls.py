"""Pupil records, the case-to-pupil link and file transfers; mounted at /admin/safeguarding/pupils/."""

from django.urls import path

from ..permissions import lead_required
from . import views

app_name = "reporting_pupils"

urlpatterns = [
    path("", lead_required(views.PupilListView.as_view()), name="list"),
    path("import/", lead_required(views.PupilImportView.as_view()), name="import"),
    path("<uuid:pupil_id>/", lead_required(views.PupilDetailView.as_view()), name="detail"),
    path("<uuid:pupil_id>/transfer/", lead_required(views.pupil_transfer), name="transfer"),
    path(
        "cases/<uuid:case_id>/link/", lead_required(views.CasePupilView.as_view()), name="case_link"
    ),
    path(
        "transfers/import/",
        lead_required(views.TransferUploadView.as_view()),
        name="transfer_upload",
    ),
    path(
        "transfers/<uuid:transfer_id>/receive/",
        lead_required(views.transfer_receive),
        name="transfer_receive",
    ),
    path(
        "transfers/<uuid:transfer_id>/download/",
        lead_required(views.transfer_download),
        name="transfer_download",
    ),
    path(
        "transfers/<uuid:transfer_id>/confirm/",
        lead_required(views.transfer_confirm),
        name="transfer_confirm",
    ),
]
