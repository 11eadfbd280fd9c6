"""The triage back office's URLs and menu, under /admin/safeguarding/ (namespace reporting_triage).

Every URL that shows or changes a case, its evidence, the audit log or the
notifications is wrapped in `team_member_required` (reporting.permissions): signed
in, in a safeguarding team, past the second factor, and for the listings allowed
that school-wide action; each case view then asks the access policy about the case.
The ones open to other staff (logging a case where the school allows it, and a
mentor's concern) check their own rule and never show a case.
"""

from django.urls import NoReverseMatch, path, reverse
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_views as views
from . import team_views
from .choices import SchoolAction
from .permissions import (
    case_policy,
    lead_required,
    records_required,
    team_manager_required,
    team_member_required,
)
from .triage import categories as category_views

queue_required = team_member_required(school_action=SchoolAction.VIEW_QUEUE)
audit_required = team_member_required(school_action=SchoolAction.VIEW_AUDIT)
notifications_required = team_member_required(school_action=SchoolAction.VIEW_NOTIFICATIONS)

app_name = "reporting_triage"


urlpatterns = [
    path("", queue_required(views.QueueView.as_view()), name="queue"),
    path("results/", queue_required(views.QueueResultsView.as_view()), name="queue_results"),
    path("cases/new/", views.CaseLogView.as_view(), name="case_log"),
    path("cases/logged/", views.CaseLoggedView.as_view(), name="case_logged"),
    path(
        "cases/<uuid:case_id>/", lead_required(views.CaseDetailView.as_view()), name="case_detail"
    ),
    path(
        "cases/<uuid:case_id>/acknowledge/",
        lead_required(views.case_acknowledge),
        name="case_acknowledge",
    ),
    path("cases/<uuid:case_id>/status/", lead_required(views.case_status), name="case_status"),
    path("cases/<uuid:case_id>/risk/", lead_required(views.case_risk), name="case_risk"),
    path("cases/<uuid:case_id>/assign/", lead_required(views.case_assign), name="case_assign"),
    path("cases/<uuid:case_id>/note/", lead_required(views.case_note), name="case_note"),
    path(
        "cases/<uuid:case_id>/categories/",
        lead_required(views.case_categories),
        name="case_categories",
    ),
    path("categories/", records_required(category_views.categories_edit), name="categories"),
    path("cases/<uuid:case_id>/tasks/", lead_required(views.case_task), name="case_task"),
    path("cases/<uuid:case_id>/links/", lead_required(views.case_link_view), name="case_link"),
    path(
        "cases/<uuid:case_id>/tasks/<uuid:task_id>/done/",
        lead_required(views.case_task_done),
        name="case_task_done",
    ),
    path("cases/<uuid:case_id>/message/", lead_required(views.case_message), name="case_message"),
    path("cases/<uuid:case_id>/action/", lead_required(views.case_action), name="case_action"),
    path(
        "cases/<uuid:case_id>/escalate/", lead_required(views.case_escalate), name="case_escalate"
    ),
    path("cases/<uuid:case_id>/people/", lead_required(views.person_add), name="person_add"),
    path(
        "cases/<uuid:case_id>/people/<uuid:person_id>/verify/",
        lead_required(views.person_verify),
        name="person_verify",
    ),
    path(
        "cases/<uuid:case_id>/evidence/<uuid:evidence_id>/",
        lead_required(views.evidence_view),
        name="evidence",
    ),
    path(
        "cases/<uuid:case_id>/evidence/<uuid:evidence_id>/viewer/",
        lead_required(views.EvidenceViewerView.as_view()),
        name="evidence_viewer",
    ),
    path(
        "cases/<uuid:case_id>/evidence/<uuid:evidence_id>/download/",
        lead_required(views.evidence_download),
        name="evidence_download",
    ),
    path(
        "cases/<uuid:case_id>/evidence-access/",
        lead_required(team_views.evidence_access),
        name="evidence_access",
    ),
    path("audit/", audit_required(views.AuditLogView.as_view()), name="audit"),
    path(
        "audit/results/", audit_required(views.AuditLogResultsView.as_view()), name="audit_results"
    ),
    path(
        "notifications/",
        notifications_required(views.NotificationListView.as_view()),
        name="notifications",
    ),
    path(
        "notifications/results/",
        notifications_required(views.NotificationResultsView.as_view()),
        name="notifications_results",
    ),
    path("team/", team_manager_required(team_views.team_schools), name="team_schools"),
    path("team/<int:school_id>/", team_manager_required(team_views.team_screen), name="team"),
    path(
        "team/<int:school_id>/members/<int:member_id>/remove/",
        team_manager_required(team_views.team_member_remove),
        name="team_remove",
    ),
    path("concern/", views.ConcernView.as_view(), name="concern"),
    path("concern/received/", views.ConcernReceivedView.as_view(), name="concern_received"),
]

# URL names open to staff who are not leads; every other name here is leads-only.
STAFF_URL_NAMES = {"case_log", "case_logged", "concern", "concern_received"}
# Open to admins (superusers) as well as a school's DSL: appointing the team.
TEAM_MANAGER_URL_NAMES = {"team_schools", "team", "team_remove"}


# --- Menu ------------------------------------------------------------------------------------


class LeadMenuItem(MenuItem):
    """Shown only to those the access policy allows `school_action` for some school;
    resolves its URL name when shown, so an item whose view is not installed yet simply
    does not appear."""

    def __init__(self, label, url_name, *, school_action=SchoolAction.VIEW_QUEUE, **kwargs):
        self.url_name = url_name
        self.school_action = school_action
        super().__init__(label, "#", **kwargs)

    def resolved_url(self):
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None

    def is_shown(self, request):
        return (
            case_policy.user_has_school_permission(request.user, self.school_action)
            and self.resolved_url() is not None
        )

    def render_component(self, request):
        self.url = self.resolved_url()
        return super().render_component(request)


class StaffMenuItem(LeadMenuItem):
    """Shown to every admin user (peer mentors especially)."""

    def is_shown(self, request):
        return request.user.is_authenticated and self.resolved_url() is not None


def safeguarding_menu_item():
    menu = Menu(
        items=[
            LeadMenuItem("Queue", "reporting_triage:queue", icon_name="list-ul", order=100),
            LeadMenuItem(
                "Pupils",
                "reporting_pupils:list",
                school_action=SchoolAction.MANAGE_RECORDS,
                icon_name="group",
                order=250,
            ),
            LeadMenuItem(
                "Dashboard",
                "reporting_records:dashboard",
                school_action=SchoolAction.VIEW_DASHBOARD,
                icon_name="table",
                order=200,
            ),
            LeadMenuItem(
                "Audit log",
                "reporting_triage:audit",
                school_action=SchoolAction.VIEW_AUDIT,
                icon_name="history",
                order=300,
            ),
            LeadMenuItem(
                "Notifications",
                "reporting_triage:notifications",
                school_action=SchoolAction.VIEW_NOTIFICATIONS,
                icon_name="mail",
                order=400,
            ),
            LeadMenuItem(
                "Log a case",
                "reporting_triage:case_log",
                school_action=SchoolAction.LOG_CASE,
                icon_name="form",
                order=500,
            ),
            LeadMenuItem(
                "Safeguarding team",
                "reporting_triage:team_schools",
                school_action=SchoolAction.MANAGE_TEAM,
                icon_name="group",
                order=600,
            ),
            LeadMenuItem(
                "Case categories",
                "reporting_triage:categories",
                school_action=SchoolAction.MANAGE_RECORDS,
                icon_name="tag",
                order=700,
            ),
        ]
    )
    return SubmenuMenuItem(
        "Safeguarding", menu, name="safeguarding", icon_name="warning", order=150
    )


def concern_menu_item():
    return StaffMenuItem(
        "Raise a concern",
        "reporting_triage:concern",
        name="raise-a-concern",
        icon_name="help",
        order=160,
    )
