"""Public URL of pupil voice: the anonymous answer endpoint (staff pages are in the admin)."""

from django.urls import path

from . import views as voice_views

urlpatterns = [
    path("voice/<int:page_id>/answer/", voice_views.answer, name="voice_answer"),
]
