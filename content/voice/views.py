"""Views for pupil voice and mentor recognition.

Public: the answer endpoint for surveys and polls. The survey page itself is a Wagtail
page with no CSRF token or cookie, so the anonymous page cache can keep serving it; the
endpoint is CSRF-exempt, anonymous, honeypotted and rate-limited (like page feedback).

Admin (registered in content/voice/hooks.py): survey results with charts, the CSV
export, mentor recognition and the certificate form. Results and free text are only
for users with `content.view_survey_results` (moderators, safeguarding leads, superusers).
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django_ratelimit.decorators import ratelimit
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Page

from themes.resolution import branding_for_request, themed_template_names
from upstander import danger

from ..models import MentorProfile
from .models import VoicePage
from .recognition import CertificateDetails, certificate_pdf, default_period, mentor_contributions
from .services import NOT_GIVEN, AnswerForm, response_submit, results_csv, survey_results

RESULTS_PERMISSION = "content.view_survey_results"
CERTIFICATE_PERMISSION = "content.generate_certificate"
# How long a browser remembers it answered (local storage only, never sent to us).
ANSWERED_MEMORY = timedelta(days=30)


def answer_rate_per_client(group, request) -> str:
    # A whole class may answer from one school network address: generous per client.
    return getattr(settings, "VOICE_ANSWER_RATE_PER_CLIENT", "120/h")


def answer_rate_overall(group, request) -> str:
    return getattr(settings, "VOICE_ANSWER_RATE_OVERALL", "2000/h")


def _no_store(response):
    # Answers pages are personal (they may show the help panel): never cached anywhere.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- Public -------------------------------------------------------------------------------


@csrf_exempt  # The cached survey page carries no CSRF token; the endpoint is anonymous and rate-limited.
@require_POST
@ratelimit(
    key="upstander.ratelimit.hashed_client_key",
    rate=answer_rate_per_client,
    method="POST",
    block=False,
    group="voice-answer",
)
@ratelimit(
    key="upstander.ratelimit.everyone_key",
    rate=answer_rate_overall,
    method="POST",
    block=False,
    group="voice-answer-all",
)
def answer(request, page_id):
    """Stores one anonymous response and shows the thank-you (with help first, if needed)."""
    page = get_object_or_404(Page.objects.live().public().type(VoicePage), pk=page_id).specific
    template = themed_template_names(request, "content/voice/thanks.html")
    context = {"page": page, "self": page, "back_url": page.get_url(request) or "/"}
    if getattr(request, "limited", False):
        return _no_store(render(request, template, {**context, "limited": True}, status=429))
    if not page.is_open():
        return _no_store(render(request, template, {**context, "closed": True}, status=200))
    form = AnswerForm(page=page, data=request.POST)
    if form.is_spam():
        # The same thank-you as a real answer: nothing to learn by probing.
        return _no_store(render(request, template, context))
    if not form.is_valid():
        page_context = page.get_context(request)
        page_context.update(
            {
                "answers": _answers_for_template(form),
                "errors": form.errors,
                "year_given": request.POST.get("year", ""),
            }
        )
        return _no_store(render(request, page.get_template(request), page_context, status=400))
    response = response_submit(page=page, answers=form.answers, year_group=form.year_group)
    remember_until = timezone.now() + ANSWERED_MEMORY
    if page.closes_at:
        remember_until = min(remember_until, page.closes_at)
    context.update(
        {
            "answered": True,
            "show_help_panel": response.crisis,
            "danger_help": danger.help_for(response.danger, audience="pupil"),
            "remember_until_ms": int(remember_until.timestamp() * 1000),
        }
    )
    return _no_store(render(request, template, context))


def _answers_for_template(form) -> dict:
    """What the pupil chose, by form field name, so a form with a mistake keeps their answers."""
    kept = {}
    for question in form.page.question_list():
        values = form.data.getlist(question.field_name)
        kept[question.id] = values if question.kind == "multiple" else (values[0] if values else "")
    return kept


# --- Admin: results -----------------------------------------------------------------------


class ResultsPermissionMixin:
    permission = RESULTS_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def voice_pages():
    return VoicePage.objects.all().specific().order_by("-opens_at", "-pk")


class SurveyListView(ResultsPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = "Pupil voice"
    header_icon = "form"
    template_name = "content/voice/admin/survey_list.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        from django.db.models import Count

        context = super().get_context_data(**kwargs)
        pages = list(voice_pages())
        counts = dict(
            VoicePage.objects.filter(pk__in=[page.pk for page in pages])
            .annotate(n=Count("voice_responses"))
            .values_list("pk", "n")
        )
        context["surveys"] = [{"page": page, "count": counts.get(page.pk, 0)} for page in pages]
        return context


class SurveyResultsView(ResultsPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "form"
    template_name = "content/voice/admin/results.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.survey = get_object_or_404(VoicePage, pk=kwargs["page_id"]).specific

    def get_page_title(self):
        return f"Results: {self.survey.title}"

    def get_breadcrumbs_items(self):
        from django.urls import reverse

        return [
            *self.breadcrumbs_items,
            {"url": reverse("voice_surveys"), "label": "Pupil voice"},
            {"url": "", "label": self.survey.title},
        ]

    def selected_year(self):
        year = (self.request.GET.get("year") or "").strip()
        if year == NOT_GIVEN:
            return NOT_GIVEN
        return int(year) if year.isdigit() else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = survey_results(page=self.survey, year_group=self.selected_year())
        context.update(
            {
                "survey": self.survey,
                "results": results,
                "year_param": self.request.GET.get("year", ""),
            }
        )
        return context


@method_decorator(never_cache, name="dispatch")
class SurveyResultsCSVView(SurveyResultsView):
    def get(self, request, *args, **kwargs):
        results = survey_results(page=self.survey, year_group=self.selected_year())
        response = HttpResponse(
            results_csv(results=results), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="survey-{self.survey.pk}-results.csv"'
        )
        return response


# --- Admin: recognition -------------------------------------------------------------------


class MentorRecognitionListView(ResultsPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    permission = CERTIFICATE_PERMISSION
    page_title = "Mentor recognition"
    header_icon = "user"
    template_name = "content/recognition/admin/mentor_list.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            mentor_contributions(mentor=mentor) for mentor in MentorProfile.objects.all()
        ]
        context["can_award"] = self.request.user.has_perm("content.add_badgeaward")
        return context


# A browser's date picker only takes ISO dates (yyyy-mm-dd); in the site's en-GB format
# ("07/05/2026") it shows an empty field and the form cannot be sent.
# https://developer.mozilla.org/en-US/docs/Web/HTML/Element/input/date#value
DATE_PICKER = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def signatory_role(user) -> str:
    """The role printed under the signature: only a safeguarding lead is offered "Designated
    Safeguarding Lead"; anyone else types their own (a moderator is not the school's DSL)."""
    from reporting.roles import schools_led_by

    return "Designated Safeguarding Lead" if schools_led_by(user) else ""


class CertificateForm(forms.Form):
    real_name = forms.CharField(
        label="The mentor's full name",
        max_length=80,
        help_text="Printed on the certificate only. It is not saved anywhere on this site.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    period_start = forms.DateField(label="Mentor from", widget=DATE_PICKER)
    period_end = forms.DateField(label="Mentor until", widget=DATE_PICKER)
    signed_by = forms.CharField(label="Signed by", max_length=80)
    signed_role = forms.CharField(label="Their role", max_length=80, required=False)
    include_titles = forms.BooleanField(
        label="List the titles of their published pages",
        required=False,
        initial=True,
        help_text="Titles can be looked up on the site, where the mentor's pseudonym is shown.",
    )

    def clean_real_name(self):
        name = " ".join(self.cleaned_data["real_name"].split())
        if any(not ch.isprintable() for ch in name):
            raise forms.ValidationError("Use letters, spaces, hyphens and apostrophes.")
        return name

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The end must be after the start.")
        return data


@method_decorator(sensitive_post_parameters("real_name"), name="dispatch")
class CertificateView(ResultsPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Staff type the mentor's real name; the PDF is made and sent, and the name is kept nowhere."""

    permission = CERTIFICATE_PERMISSION
    header_icon = "doc-full"
    template_name = "content/recognition/admin/certificate_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.mentor = get_object_or_404(MentorProfile, pk=kwargs["mentor_id"])

    def get_page_title(self):
        return f"Certificate for {self.mentor.display_name}"

    def get_breadcrumbs_items(self):
        from django.urls import reverse

        return [
            *self.breadcrumbs_items,
            {"url": reverse("voice_mentors"), "label": "Mentor recognition"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form(self):
        if self.request.method == "POST":
            return CertificateForm(self.request.POST)
        start, end = default_period(self.mentor)
        user = self.request.user
        return CertificateForm(
            initial={
                "period_start": start,
                "period_end": end,
                "signed_by": user.get_full_name() or user.get_username(),
                "signed_role": signatory_role(user),
                "include_titles": True,
            }
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "mentor": self.mentor,
                "form": kwargs.get("form") or self.get_form(),
                "contributions": mentor_contributions(mentor=self.mentor),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        branding = branding_for_request(request)
        pdf = certificate_pdf(
            mentor=self.mentor,
            details=CertificateDetails(
                real_name=data["real_name"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                signed_by=data["signed_by"],
                signed_role=data["signed_role"],
                include_titles=data["include_titles"],
            ),
            branding=branding,
            generated_by=request.user,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        # The file name holds no name at all: download folders and proxies see only this.
        response["Content-Disposition"] = 'attachment; filename="mentor-certificate.pdf"'
        response["Cache-Control"] = "no-store"
        return response


def award_initial_mentor(request) -> dict:
    """?mentor=<id> pre-fills the award form from the recognition list."""
    mentor_id = request.GET.get("mentor", "")
    return {"mentor": int(mentor_id)} if mentor_id.isdigit() else {}
