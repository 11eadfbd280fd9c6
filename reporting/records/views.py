"""Records out, insight and legal hold: the leads' views beside the triage queue.

Mounted in the Wagtail admin at /admin/safeguarding/records/ (namespace
"reporting_records"). Every view is wrapped in lead_required and reads cases only
through cases_visible_to, so another school's case is a 404 exactly like a
missing one; every export and every dashboard view writes an audit entry.
Private pages: responses are never cached by the browser or a proxy.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from ..audit import audit_record, audit_record_per_school
from ..choices import AuditAction
from ..permissions import lead_required
from ..roles import schools_led_by
from ..selectors import cases_visible_to
from .casefile import case_file_build
from .dashboard import dashboard_build, duration_words
from .exports import incident_log_lines
from .forms import DashboardFilterForm, IncidentLogFilterForm
from .retention import case_set_legal_hold


def _schools_concerned(school_ids: list[int], chosen: int | None) -> list[int]:
    """The school the lead filtered on, or every school the lead's view covered."""
    return [chosen] if chosen else list(school_ids)


def _private(response):
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private, no-store"
    return response


@lead_required
@require_GET
def dashboard(request):
    school_ids = schools_led_by(request.user)
    form = DashboardFilterForm(request.GET or None, school_ids=school_ids)
    if form.is_bound and form.is_valid():
        school, weeks = form.cleaned_data["school"], form.cleaned_data["weeks"]
    else:
        school, weeks = None, 12
    cases = cases_visible_to(user=request.user)
    if school:
        cases = cases.filter(school_id=school)
    figures = dashboard_build(cases=cases, weeks=weeks)
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
                "figures": figures,
                "weeks": weeks,
                "triage_rows": [
                    (row.group, row.triaged, duration_words(row.median), duration_words(row.p90))
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


@lead_required
@require_GET
def incident_log_csv(request):
    school_ids = schools_led_by(request.user)
    form = IncidentLogFilterForm(request.GET, school_ids=school_ids)
    if not form.is_valid():
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
        return HttpResponseBadRequest(
            f"The export filters are not valid ({problems}).", content_type="text/plain"
        )
    cases = form.filter(cases_visible_to(user=request.user))
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


def _case_file(request, case_id):
    case = get_object_or_404(cases_visible_to(user=request.user), pk=case_id)
    anonymised = request.GET.get("anonymised") == "1"
    return case, anonymised, case_file_build(case=case, user=request.user, anonymised=anonymised)


@lead_required
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


@lead_required
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


@lead_required
@require_POST
def legal_hold(request, case_id):
    """Turn legal hold on or off from the case page: POST on=1|0, reason, next."""
    case = get_object_or_404(cases_visible_to(user=request.user), pk=case_id)
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
