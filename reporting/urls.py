"""Public URLs of the report flow, under /report/ (namespace "reporting")."""

from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.report, name="report"),
    path("receipt/<str:token>/", views.receipt, name="receipt"),
    path("how-anonymous/", views.how_anonymous, name="how_anonymous"),
    path("follow-up/", views.follow_up, name="follow_up"),
]
