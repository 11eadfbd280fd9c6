"""Registers the knowledge site's admin pieces; the logic lives in the modules imported here."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from .admin_views import REVIEW_REPORT_PERMISSION, FormulaSafeExportMixin, PastReviewDateReportView
from .media_chooser import media_chosen, widen_media_chooser_queryset
from .models import Helpline, MentorProfile, PageFeedback, Topic
from .workflow_revisions import workflow_state_follow_latest_revision


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug", "sensitive"]
    list_filter = ["sensitive"]
    search_fields = ["name"]


class HelplineViewSet(SnippetViewSet):
    model = Helpline
    icon = "help"
    list_display = ["name", "phone", "hours", "emergency"]


class MentorProfileViewSet(SnippetViewSet):
    model = MentorProfile
    icon = "user"
    list_display = ["display_name", "year_label", "show_on_site"]
    list_filter = ["show_on_site", "year_group"]


class PageFeedbackIndexView(FormulaSafeExportMixin, IndexView):
    pass


class PageFeedbackViewSet(SnippetViewSet):
    """Read-only: answers come from readers; moderators list them per page and may delete them."""

    model = PageFeedback
    index_view_class = PageFeedbackIndexView
    icon = "comment"
    menu_label = "Page feedback"
    list_display = ["page", "helpful", "comment", "created_on"]
    list_filter = ["helpful", "page", "created_on"]
    inspect_view_enabled = True
    copy_view_enabled = False
    list_export = ["page", "helpful", "comment", "created_on"]


class KnowledgeSiteGroup(SnippetViewSetGroup):
    menu_label = "Knowledge site"
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (TopicViewSet, HelplineViewSet, MentorProfileViewSet, PageFeedbackViewSet)


register_snippet(KnowledgeSiteGroup)


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path(
            "reports/past-review-date/",
            PastReviewDateReportView.as_view(),
            name="content_review_report",
        ),
        path(
            "reports/past-review-date/results/",
            PastReviewDateReportView.as_view(results_only=True),
            name="content_review_report_results",
        ),
    ]


class ReviewReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REVIEW_REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return ReviewReportMenuItem(
        "Past review date",
        reverse("content_review_report"),
        name="past-review-date",
        icon_name="time",
        order=650,
    )


class PupilPagesContentChecker(ContentCheckerItem):
    """Wagtail's built-in content checks (accessibility and readability, shown in the editor's
    Checks panel and the userbar), with a few more axe rules that matter on pupils' pages."""

    axe_run_only = [*ContentCheckerItem.axe_run_only, "image-alt", "list", "listitem"]


@hooks.register("construct_wagtail_userbar")
def use_stricter_content_checks(request, items, page=None):
    for index, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, PupilPagesContentChecker):
            items[index] = PupilPagesContentChecker(in_editor=item.in_editor)


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("content/css/admin.css"))


@hooks.register("insert_global_admin_js")
def admin_field_names_js():
    """Accessible names for two editor inputs Wagtail leaves unnamed (see the script)."""
    return format_html(
        '<script src="{}" defer></script>', static("content/js/admin-field-names.js")
    )


hooks.register("construct_media_chooser_queryset", widen_media_chooser_queryset)


@hooks.register("after_edit_page")
def keep_moderation_on_latest_draft(request, page):
    workflow_state_follow_latest_revision(page=page)


# Before wagtailmedia's own URLs (order -1), so this view answers the chooser's
# "chosen" step at wagtailmedia's address: see content/media_chooser.py.
@hooks.register("register_admin_urls", order=-1)
def register_media_chosen_url():
    return [path("media/chooser/<int:media_id>/", media_chosen, name="content_media_chosen")]


from . import admin_menu, reading_level_panel, workflow_notices  # noqa: F401, E402
from .voice import hooks as voice_hooks  # noqa: F401, E402


@hooks.register("before_serve_page")
def cached_page_depends_on_itself(page, request, serve_args, serve_kwargs):
    """A page kept by the page cache is purged when that page is published or moved."""
    from upstander.pagecache import depends_on

    from .purge import page_tag

    depends_on(page_tag(page.pk))
