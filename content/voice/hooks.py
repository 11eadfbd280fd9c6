"""Admin registration for pupil voice and mentor recognition (imported by content/wagtail_hooks.py).

Only registers: the views are in views.py, the rules in services.py and recognition.py
beside it.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from ..models import MentorProfile
from ..users.forms import is_mentor
from . import views as voice_views
from .models import Badge, BadgeAward, PollPage, SurveyPage
from .recognition import CERTIFICATE_LOG_ACTION, mentor_contributions

VOICE_PAGE_TYPES = (SurveyPage, PollPage)


@hooks.register("register_admin_urls")
def register_voice_urls():
    return [
        path("voice/surveys/", voice_views.SurveyListView.as_view(), name="voice_surveys"),
        path(
            "voice/surveys/<int:page_id>/",
            voice_views.SurveyResultsView.as_view(),
            name="voice_results",
        ),
        path(
            "voice/surveys/<int:page_id>/results.csv",
            voice_views.SurveyResultsCSVView.as_view(),
            name="voice_results_csv",
        ),
        path(
            "voice/mentors/", voice_views.MentorRecognitionListView.as_view(), name="voice_mentors"
        ),
        path(
            "voice/mentors/<int:mentor_id>/certificate/",
            voice_views.CertificateView.as_view(),
            name="voice_certificate",
        ),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_voice_menu_item():
    return PermissionMenuItem(
        "Pupil voice",
        reverse("voice_surveys"),
        name="pupil-voice",
        icon_name="form",
        order=260,
        permission=voice_views.RESULTS_PERMISSION,
    )


@hooks.register("register_admin_menu_item")
def register_recognition_menu_item():
    return PermissionMenuItem(
        "Mentor recognition",
        reverse("voice_mentors"),
        name="mentor-recognition",
        icon_name="pick",
        order=265,
        permission=voice_views.CERTIFICATE_PERMISSION,
    )


@hooks.register("register_log_actions")
def register_certificate_log_action(actions):
    actions.register_action(
        CERTIFICATE_LOG_ACTION, "Certificate made", "A certificate was made for this mentor"
    )


# --- Surveys are made by staff ----------------------------------------------------------------


@hooks.register("before_create_page")
def staff_make_surveys(request, parent_page, page_class):
    """Mentors (pupils) may draft advice but not surveys of other pupils."""
    if issubclass(page_class, VOICE_PAGE_TYPES) and is_mentor(request.user):
        messages.error(request, "Only staff can make surveys and polls.")
        return redirect("wagtailadmin_explore", parent_page.pk)
    return None


@hooks.register("before_edit_page")
def staff_edit_surveys(request, page):
    if isinstance(page.specific_deferred, VOICE_PAGE_TYPES) and is_mentor(request.user):
        messages.error(request, "Only staff can change surveys and polls.")
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


# --- Badges -----------------------------------------------------------------------------------


class BadgeAwardCreateView(CreateView):
    def get_initial(self):
        return {**super().get_initial(), **voice_views.award_initial_mentor(self.request)}

    def save_instance(self):
        # Who awarded it comes from the session, never from the form.
        self.form.instance.awarded_by = self.request.user
        return super().save_instance()


class BadgeViewSet(SnippetViewSet):
    model = Badge
    icon = "pick"
    list_display = ["name", "description", "sort_order"]
    copy_view_enabled = False


class BadgeAwardViewSet(SnippetViewSet):
    model = BadgeAward
    icon = "success"
    add_view_class = BadgeAwardCreateView
    list_display = ["badge", "mentor", "awarded_on", "citation", "awarded_by_name"]
    list_filter = ["badge", "mentor"]
    copy_view_enabled = False


class RecognitionGroup(SnippetViewSetGroup):
    menu_label = "Badges"
    menu_icon = "pick"
    menu_order = 266
    items = (BadgeViewSet, BadgeAwardViewSet)


register_snippet(RecognitionGroup)


# --- The mentor's own dashboard panel ------------------------------------------------------------


class MentorContributionsPanel(Component):
    """On a mentor's admin dashboard: what they have published, their drafts and their badges."""

    name = "mentor_contributions"
    template_name = "content/recognition/dashboard_panel.html"
    order = 50

    def __init__(self, mentor: MentorProfile):
        self.mentor = mentor

    def get_context_data(self, parent_context=None):
        return {"contributions": mentor_contributions(mentor=self.mentor, with_drafts=True)}


@hooks.register("construct_homepage_panels")
def add_mentor_contributions_panel(request, panels):
    mentor = MentorProfile.objects.filter(user_id=request.user.pk).first()
    if mentor is not None:
        panels.append(MentorContributionsPanel(mentor))
