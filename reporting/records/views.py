"""Records out, insight and legal hold: the leads' views beside the triage queue.

Mounted in the Wagtail admin at /admin/safeguarding/records/ (namespace
"reporting_records"). Every view asks the access policy (reporting.permissions) for
its action and reads cases only through it, so another school's case is a 404
exactly like a missing one; every export and every dashboard view writes an audit
entry. A governor's dashboard hides small numbers.
Private pages: responses are never cached by the browser or a proxy.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Site

from ..audit import audit_record, audit_record_per_school
from ..choices import AuditAction, CaseAction, SchoolAction
from ..models import Case
from ..permissions import case_policy, forbidden, team_member_required
from ..selectors import cases_visible_to
from .casefile import case_file_build
from .dashboard import (
    HIDDEN,
    dashboard_build,
    dashboard_min_group_size,
    dashboard_suppress,
    duration_words,
)
from .exports import incident_log_lines
from .forms import DashboardFilterForm, GovernorsReportForm, IncidentLogFilterForm
from .governors import governors_report_build
from .retention import case_set_legal_hold


def _schools_concerned(school_ids: list[int], chosen: int | None) -> list[int]:
    """The school the lead filtered on, or every school the lead's view covered."""
    return [chosen] if chosen else list(school_ids)


def _private(response):
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private, no-store"
    return response


@team_member_required(school_action=SchoolAction.VIEW_DASHBOARD)
@require_GET
def dashboard(request):
    school_ids = case_policy.schools_with_permission(request.user, SchoolAction.VIEW_DASHBOARD)
    form = DashboardFilterForm(request.GET or None, school_ids=school_ids)
    if form.is_bound and form.is_valid():
        school, weeks = form.cleaned_data["school"], form.cleaned_data["weeks"]
    else:
        school, weeks = None, 12
    # Figures cover whole schools (a governor's include cases no one showed them).
    chosen = [school] if school else school_ids
    cases = Case.objects.filter(school_id__in=chosen)
    figures = dashboard_build(cases=cases, weeks=weeks)
    overview_only = case_policy.sees_overview_only(request.user, chosen)
    if overview_only:
        figures = dashboard_suppress(figures)
    audit_record_per_school(
        actor=request.user,
        action=AuditAction.VIEW_DASHBOARD,
        school_ids=_schools_concerned(school_ids, school),
        detail={"school": school, "schools": school_ids, "weeks": weeks},
    )
    return _private(
        render(
            request,
            "reporting/records/dashboard.html",
            {
                "form": form,
                "several_schools": len(school_ids) > 1,
                "overview_only": overview_only,
                "minimum": dashboard_min_group_size(),
                "may_export": all(
                    case_policy.user_has_school_permission(
                        request.user, SchoolAction.EXPORT_INCIDENT_LOG, school_id
                    )
                    for school_id in chosen
                ),
                "figures": figures,
                "weeks": weeks,
                "triage_rows": [
                    (row.group, HIDDEN, HIDDEN, HIDDEN)
                    if row.triaged is None
                    else (
                        row.group,
                        row.triaged,
                        duration_words(row.median),
                        duration_words(row.p90),
                    )
                    for row in figures.triage_times
                ],
                "charts": [
                    figures.weekly,
                    figures.categories,
                    figures.platforms,
                    figures.risks,
                    figures.year_groups,
                ],
            },
        )
    )


@team_member_required(school_action=SchoolAction.EXPORT_INCIDENT_LOG)
@require_GET
def incident_log_csv(request):
    school_ids = case_policy.schools_with_permission(request.user, SchoolAction.EXPORT_INCIDENT_LOG)
    form = IncidentLogFilterForm(request.GET, school_ids=school_ids)
    if not form.is_valid():
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
        return HttpResponseBadRequest(
            f"The export filters are not valid ({problems}).", content_type="text/plain"
        )
    cases = form.filter(Case.objects.filter(school_id__in=school_ids))
    rows = cases.count()
    audit_record_per_school(
        actor=request.user,
        action=AuditAction.EXPORT,
        school_ids=_schools_concerned(school_ids, form.cleaned_data.get("school")),
        detail={
            "export": "incident_log_csv",
            "filters": form.described(),
            "rows": rows,
            "free_text": False,
        },
    )
    response = StreamingHttpResponse(
        incident_log_lines(cases), content_type="text/csv; charset=utf-8"
    )
    filename = f"incident-log-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


def _governors_report(request):
    # Governors and the trust see this too: figures only, with small numbers suppressed.
    school_ids = case_policy.schools_with_permission(request.user, SchoolAction.VIEW_DASHBOARD)
    form = GovernorsReportForm(request.GET or None, school_ids=school_ids)
    start, end = form.period()
    chosen = form.cleaned_data.get("school") if form.is_bound and form.is_valid() else None
    cases = Case.objects.filter(school_id__in=school_ids)
    schools = Site.objects.filter(pk__in=[chosen] if chosen else school_ids)
    if chosen:
        cases = cases.filter(school_id=chosen)
    names = sorted(site.site_name or site.hostname for site in schools)
    built = governors_report_build(cases=cases, start=start, end=end, school_names=names)
    audit_entries = [chosen] if chosen else school_ids
    return form, built, audit_entries


def _audit_governors_report(request, school_ids, built, export: str):
    # One entry per school covered, so each school's audit log shows the export.
    audit_record_per_school(
        actor=request.user,
        action=AuditAction.EXPORT,
        school_ids=school_ids,
        detail={
            "export": export,
            "from": built.start.isoformat(),
            "to": built.end.isoformat(),
            "schools": school_ids,
        },
    )


@team_member_required(school_action=SchoolAction.VIEW_DASHBOARD)
@require_GET
def governors_report(request):
    form, built, school_ids = _governors_report(request)
    _audit_governors_report(request, school_ids, built, "governors_report_html")
    query = request.GET.urlencode()
    return _private(
        render(
            request,
            "reporting/records/governors.html",
            {
                "form": form,
                "report": built,
                "several_schools": len(school_ids) > 1,
                "pdf_url": reverse("reporting_records:governors_report_pdf")
                + (f"?{query}" if query else ""),
            },
        )
    )


@team_member_required(school_action=SchoolAction.VIEW_DASHBOARD)
@require_GET
def governors_report_pdf(request):
    from .pdf import governors_report_pdf as render_pdf

    _form, built, school_ids = _governors_report(request)
    content = render_pdf(built)
    _audit_governors_report(request, school_ids, built, "governors_report_pdf")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="governors-report-{built.start:%Y-%m-%d}-to-{built.end:%Y-%m-%d}.pdf"'
    )
    return _private(response)


def _refused_as_403(view):
    """A role without the action gets the back office's 403 page that says why (Wagtail
    would turn PermissionDenied into a redirect to the dashboard)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request, reason="role")

    return wrapped


def _case_for(request, case_id, action: CaseAction):
    """The case if this user may open it (else 404, like a missing one); a refusal if their
    role does not include `action`."""
    case = get_object_or_404(cases_visible_to(user=request.user), pk=case_id)
    if not case_policy.user_has_permission_for_instance(request.user, action, case):
        raise PermissionDenied
    return case


def _case_file(request, case_id):
    case = _case_for(request, case_id, CaseAction.EXPORT)
    anonymised = request.GET.get("anonymised") == "1"
    return case, anonymised, case_file_build(case=case, user=request.user, anonymised=anonymised)


@team_member_required
@_refused_as_403
@require_GET
def case_file(request, case_id):
    case, anonymised, built = _case_file(request, case_id)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        case=case,
        detail={"export": "case_file_html", "anonymised": anonymised},
    )
    return _private(
        render(
            request,
            "reporting/records/case_file.html",
            {
                "file": built,
                "pdf_url": reverse("reporting_records:case_file_pdf", args=[case.pk])
                + ("?anonymised=1" if anonymised else ""),
            },
        )
    )


@team_member_required
@_refused_as_403
@require_GET
def case_file_pdf(request, case_id):
    # Imported here: fpdf (with fontTools) adds ~37 MB to every web worker that
    # imports it; only a lead exporting a case file needs it.
    from .pdf import case_file_pdf as render_case_file_pdf

    case, anonymised, built = _case_file(request, case_id)
    content = render_case_file_pdf(built)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        case=case,
        detail={"export": "case_file_pdf", "anonymised": anonymised, "bytes": len(content)},
    )
    response = HttpResponse(content, content_type="application/pdf")
    suffix = "-anonymised" if anonymised else ""
    response["Content-Disposition"] = f'attachment; filename="case-{case.reference}{suffix}.pdf"'
    return _private(response)


@team_member_required
@_refused_as_403
@require_POST
def legal_hold(request, case_id):
    """Turn legal hold on or off from the case page: POST on=1|0, reason, next."""
    case = _case_for(request, case_id, CaseAction.LEGAL_HOLD)
    on = request.POST.get("on") == "1"
    try:
        changed = case_set_legal_hold(
            case=case, user=request.user, on=on, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not changed:
            messages.info(
                request, f"{case.reference} was already {'on' if on else 'off'} legal hold."
            )
        elif on:
            messages.success(
                request, f"{case.reference} is on legal hold: retention will not delete it."
            )
        else:
            messages.success(request, f"Legal hold lifted from {case.reference}.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("reporting_records:dashboard")
    return redirect(target)
