from django.urls import include, path

from . import views

app_name = "content"

urlpatterns = [
    path("cover-your-tracks/", views.cover_your_tracks, name="cover_your_tracks"),
    path("search/", views.search, name="search"),
    path("feedback/<int:page_id>/", views.feedback, name="feedback"),
    path("", include("content.voice.urls")),
]
