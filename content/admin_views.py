"""Admin views of the knowledge site: the review-date report and the pupil-safe account page."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.admin.views import account
from wagtail.admin.views.reports import ReportView

from upstander.spreadsheets import formula_safe, worksheet_safe

from .models import AdvicePage
from .users.forms import MentorNameForm, is_mentor

REVIEW_REPORT_PERMISSION = "content.view_review_report"


class FormulaSafeExportMixin:
    """For Wagtail listings with a spreadsheet export: quote CSV cells that would start a formula.

    Wagtail writes CSV cells exactly as stored, and page titles or readers' comments
    are typed by mentors and by anyone on the public site (CSV injection,
    https://owasp.org/www-community/attacks/CSV_Injection). Its XLSX export already
    stores such cells as text, but refuses a control character in one, ending the
    whole export: those characters are replaced.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return formula_safe(value) if export_format == self.FORMAT_CSV else worksheet_safe(value)


class PastReviewDateReportView(FormulaSafeExportMixin, ReportView):
    """Advice pages whose "review by" date has passed, oldest first, for moderators."""

    page_title = "Pages past their review date"
    header_icon = "time"
    template_name = "wagtailadmin/reports/base_report.html"
    results_template_name = "content/admin/past_review_results.html"
    index_url_name = "content_review_report"
    index_results_url_name = "content_review_report_results"
    context_object_name = "pages"
    model = AdvicePage
    list_export = ["title", "review_by", "last_published_at", "url_path"]
    export_headings = {"review_by": "Review by", "last_published_at": "Last published"}

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REVIEW_REPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            AdvicePage.objects.filter(review_by__lt=timezone.localdate())
            .select_related("mentor", "content_type")
            .order_by("review_by", "pk")
        )


class MentorNameEmailPanel(account.NameEmailSettingsPanel):
    """A mentor's own name panel: first name (or pseudonym) only, no surname field."""

    form_class = MentorNameForm


class PupilSafeAccountView(account.AccountView):
    """Wagtail's account page, minus the surname and profile picture for mentors (who are pupils)."""

    def get_panels(self):
        panels = super().get_panels()
        if not is_mentor(self.request.user):
            return panels
        safe = []
        for panel in panels:
            if isinstance(panel, account.AvatarSettingsPanel):
                continue
            if isinstance(panel, account.NameEmailSettingsPanel):
                panel = MentorNameEmailPanel(panel.request, panel.user, panel.profile)
            safe.append(panel)
        return safe
