"""Pupil records, the case-to-pupil link and file transfers; mounted at /admin/safeguarding/pupils/."""

from django.urls import path

from ..permissions import records_required
from . import views

app_name = "reporting_pupils"

urlpatterns = [
    path("", records_required(views.PupilListView.as_view()), name="list"),
    path("import/", records_required(views.PupilImportView.as_view()), name="import"),
    path("<uuid:pupil_id>/", records_required(views.PupilDetailView.as_view()), name="detail"),
    path("<uuid:pupil_id>/transfer/", records_required(views.pupil_transfer), name="transfer"),
    path(
        "cases/<uuid:case_id>/link/",
        records_required(views.CasePupilView.as_view()),
        name="case_link",
    ),
    path(
        "transfers/import/",
        records_required(views.TransferUploadView.as_view()),
        name="transfer_upload",
    ),
    path(
        "transfers/<uuid:transfer_id>/receive/",
        records_required(views.transfer_receive),
        name="transfer_receive",
    ),
    path(
        "transfers/<uuid:transfer_id>/download/",
        records_required(views.transfer_download),
        name="transfer_download",
    ),
    path(
        "transfers/<uuid:transfer_id>/confirm/",
        records_required(views.transfer_confirm),
        name="transfer_confirm",
    ),
]
