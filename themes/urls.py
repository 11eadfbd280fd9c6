"""Included by upstander.urls as `path("theme/", include("themes.urls"))`."""

from django.urls import path

from . import views

app_name = "themes"

urlpatterns = [
    path("branding.css", views.branding_css, name="branding_css"),
]
