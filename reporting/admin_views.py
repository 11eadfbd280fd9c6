"""The triage back office's views, inside the Wagtail admin. Thin: read with selectors,
write with reporting.services.cases, record every view in the audit trail.

Every view that shows a case, evidence, the audit log or notifications is wrapped
in `team_member_required` (in reporting.viewsets), reads only through the access
policy (reporting.permissions), so a case the user may not open is a 404 exactly
like one that does not exist, and asks the policy before each action on a case.
"""

import base64
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, DateColumn, Table, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.models import Site

from . import admin_forms
from .audit import audit_record
from .choices import (
    AuditAction,
    CaseAction,
    Category,
    NotificationStatus,
    SchoolAction,
    Status,
)
from .chronology import events_describe
from .evidence.pictures import evidence_previews, evidence_read, file_kind
from .evidence.store import read_plaintext
from .filters import AuditFilterSet, CaseFilterSet, NotificationFilterSet, normalise_reference
from .labels import staff_name, when
from .models import AuditEntry, Case, CaseTask, Notification, PersonInvolved
from .permissions import case_policy, forbidden
from .pupils.selectors import case_search
from .selectors import cases_visible_to
from .services import cases as case_services
from .services.categories import case_set_categories, school_categories
from .services.links import case_link, case_merge_duplicate, linked_cases
from .services.tasks import task_add, task_complete, team_members
from .staff_schools import schools_for_staff_work
from .team_views import evidence_access_context
from .triage.danger_reasons import danger_category, danger_reasons
from .triage.deadlines import settings_by_school, urgent_overdue

# Types a browser shows inline as an image; everything else is sent as an attachment.
INLINE_IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
# How much of a text file the viewer shows; the download has all of it.
TEXT_SHOWN_BYTES = 200_000


def _queue_breadcrumbs(*extra):
    return [
        {"url": reverse("wagtailadmin_home"), "label": "Home"},
        {"url": reverse("reporting_triage:queue"), "label": "Safeguarding cases"},
        *extra,
    ]


def no_store(response):
    response["Cache-Control"] = "no-store, private"
    return response


# --- Queue ------------------------------------------------------------------------------


class RiskColumn(Column):
    def get_value(self, instance):
        label = instance.get_risk_display()
        if getattr(instance, "is_overdue", False):
            return f"{label} — not acknowledged, overdue"
        if not instance.risk_confirmed:
            return f"{label} (suggested)"
        return label


class DangerColumn(Column):
    """Which kinds of danger the words showed, and which words: the reason for "urgent"."""

    def get_value(self, instance):
        return "; ".join(danger_reasons(instance))


class WhenColumn(Column):
    """A date and time as plain text in the school's time zone ("23 Nov 2026, 17:09").

    Wagtail's DateColumn renders a template per cell with a relative time and a
    tooltip: for a page of 50 cases that was half the queue's rendering time.
    Exact times also suit a safeguarding record better than "3 days ago".
    """

    def get_value(self, instance):
        return when(super().get_value(instance))


class QueueTable(Table):
    def get_row_classname(self, instance):
        return "triage-overdue" if getattr(instance, "is_overdue", False) else ""


class QueueView(BaseListingView):
    """The school's cases, most serious and oldest first."""

    template_name = "reporting/admin/queue.html"
    page_title = "Safeguarding cases"
    header_icon = "warning"
    index_url_name = "reporting_triage:queue"
    index_results_url_name = "reporting_triage:queue_results"
    filterset_class = CaseFilterSet
    is_searchable = True
    search_backend_name = None
    # 25 rows: the most serious cases come first, and each row is a dozen rendered
    # cells (50 rows made rendering most of the queue's time).
    paginate_by = 25
    table_class = QueueTable
    default_ordering = "risk_rank"
    verbose_name_plural = "cases"
    columns = [
        TitleColumn("reference", label="Reference", url_name="reporting_triage:case_detail"),
        RiskColumn("risk", label="Risk", sort_key="risk_rank"),
        DangerColumn("danger_signals", label="Why (words that show danger)"),
        Column("status", label="Status", accessor="get_status_display"),
        Column("category", label="Category", accessor="get_category_display"),
        Column("platform", label="Platform", accessor="get_platform_display"),
        Column("source", label="Source", accessor="get_source_display"),
        Column("assignee", label="Assigned to", accessor="assignee_name"),
        Column("tasks", label="Tasks", accessor="task_flag"),
        Column("school", label="School", accessor="school_name"),
        WhenColumn("created_at", label="Reported", sort_key="created_at"),
    ]

    # Each ordering ends with the primary key so pages never overlap or skip.
    ORDERINGS = {
        "risk_rank": ("risk_rank", "created_at", "id"),
        "-risk_rank": ("-risk_rank", "-created_at", "-id"),
        "created_at": ("created_at", "id"),
        "-created_at": ("-created_at", "-id"),
    }

    def get_base_queryset(self):
        # Not select_related("school"): joining the sites table first would make the
        # database walk every school's cases; the few school names come from one query.
        return cases_visible_to(user=self.request.user).select_related("assignee")

    def order_queryset(self, queryset):
        return queryset.order_by(*self.ORDERINGS.get(self.ordering, self.ORDERINGS["risk_rank"]))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # Closed cases leave the working queue unless asked for by status.
        if not self.request.GET.getlist("status"):
            queryset = queryset.exclude(status=Status.CLOSED)
        return queryset

    def search_queryset(self, queryset):
        # Report text and names are encrypted at rest: beyond the reference, the
        # search goes through their keyed blind index (reporting.pupils).
        if not self.is_searching:
            return queryset
        return case_search(cases=queryset, query=self.search_query)

    def get_table(self, object_list):
        led = case_policy.schools_with_permission(self.request.user, SchoolAction.VIEW_QUEUE)
        schools = settings_by_school(led)
        names = dict(Site.objects.filter(pk__in=led).values_list("pk", "site_name"))
        now = timezone.now()
        overdue = dict(
            CaseTask.objects.filter(
                case__in=[case.pk for case in object_list],
                completed_at__isnull=True,
                due_at__lte=now,
            )
            .values("case_id")
            .annotate(n=Count("pk"))
            .values_list("case_id", "n")
        )
        for case in object_list:
            case.school_name = names.get(case.school_id, "")
            case.assignee_name = staff_name(case.assignee)
            case.task_flag = f"{overdue[case.pk]} overdue" if overdue.get(case.pk) else ""
            school_settings = schools.get(case.school_id)
            case.is_overdue = bool(school_settings) and urgent_overdue(
                case, school_settings, now=now
            )
        return super().get_table(object_list)

    @cached_property
    def _counts_by_status(self) -> dict[str, dict]:
        """Per status: its cases, and its urgent cases nobody has acknowledged.

        One pass over the lead's cases gives the status counts above the table,
        the "urgent, not yet acknowledged" alert and the size of the working
        queue; three separate counts each read every case (at 100,000 cases,
        most of the queue's time).
        """
        rows = (
            cases_visible_to(user=self.request.user)
            .values("status")
            .annotate(
                cases=Count("pk"),
                urgent_waiting=Count("pk", filter=Q(risk_rank=0, acknowledged_at__isnull=True)),
            )
            .order_by()
        )
        return {row["status"]: row for row in rows}

    @cached_property
    def status_counts(self):
        counts = self._counts_by_status
        return [
            {
                "status": value,
                "label": label,
                "count": counts.get(value, {}).get("cases", 0),
                "url": f"{reverse(self.index_url_name)}?status={value}",
            }
            for value, label in Status.choices
        ]

    def _open_cases_total(self, count: str) -> int:
        """One of `_counts_by_status`'s counts, summed over every status but closed."""
        return sum(
            row[count] for status, row in self._counts_by_status.items() if status != Status.CLOSED
        )

    @cached_property
    def unacknowledged_urgent_count(self):
        return self._open_cases_total("urgent_waiting")

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if not (self.is_searching or self.is_filtering or self.request.GET.getlist("status")):
            # The working queue (every open case): its size is the sum of the open
            # statuses' counts, so the table is not counted a second time.
            paginator.count = self._open_cases_total("cases")
        return paginator

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        for school_id in case_policy.schools_with_permission(request.user, SchoolAction.VIEW_QUEUE):
            audit_record(
                actor=request.user,
                action=AuditAction.VIEW_QUEUE,
                school=Site(pk=school_id),
                detail={"query": {k: v for k, v in request.GET.lists() if k != "q"}},
            )
        return no_store(response)


class QueueResultsView(QueueView):
    results_only = True


# --- A case -----------------------------------------------------------------------------


def reporter_choices(case: Case) -> list[tuple[str, str]]:
    """Whom a message can go to: this case's reporter, and each merged duplicate's."""
    choices = [(str(case.pk), f"The reporter of {case.reference} (this case)")]
    for duplicate in case.duplicates.order_by("created_at"):
        choices.append((str(duplicate.pk), f"The reporter of {duplicate.reference} (merged in)"))
    return choices


def visible_case(request, case_id) -> Case:
    return get_object_or_404(
        cases_visible_to(user=request.user).select_related("school", "assignee", "acknowledged_by"),
        pk=case_id,
    )


class CaseDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "reporting/admin/case_detail.html"
    header_icon = "warning"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.case = visible_case(request, kwargs["case_id"])
        self.bound_forms = {}

    def get_page_title(self):
        return f"Case {self.case.reference}"

    def get_breadcrumbs_items(self):
        return _queue_breadcrumbs({"url": "", "label": self.case.reference})

    @cached_property
    def case_permissions(self) -> frozenset:
        return case_policy.permissions_for_instance(self.request.user, self.case)

    def evidence_grants(self):
        if CaseAction.GRANT_EVIDENCE not in self.case_permissions:
            return None
        return evidence_access_context(self.case)

    def build_forms(self):
        case = self.case
        forms = {
            "status_form": admin_forms.StatusForm(
                allowed=case_services.allowed_transitions(case), auto_id="id_%s"
            ),
            "risk_form": admin_forms.RiskForm(initial={"risk": case.risk}),
            "assign_form": admin_forms.AssignForm(
                leads=case_services.leads_of(case.school_id),
                initial={"assignee": case.assignee_id},
            ),
            "categories_form": admin_forms.CategoriesForm(
                initial={"categories": list(case.recorded_categories.all())},
                choices=school_categories(school=case.school),
            ),
            "task_form": admin_forms.TaskForm(members=team_members(school_id=case.school_id)),
            "link_form": admin_forms.LinkForm(),
            "note_form": admin_forms.NoteForm(),
            "message_form": admin_forms.MessageForm(reporters=reporter_choices(case)),
            "action_form": admin_forms.ActionForm(),
            "escalation_form": admin_forms.EscalationForm(),
            "person_form": admin_forms.PersonForm(),
        }
        forms.update(self.bound_forms)
        return forms

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.case
        report = getattr(case, "report", None)  # None when a case has no report row
        events = events_describe(list(case.events.select_related("actor").order_by("created_at")))
        school_settings = settings_by_school([case.school_id])[case.school_id]
        may_see_evidence = CaseAction.VIEW_EVIDENCE in self.case_permissions
        # Only the facts of each file: its content is opened, and audited, in the viewer.
        evidence = list(case.evidence.order_by("created_at")) if may_see_evidence else []
        for item in evidence:
            item.kind_label = file_kind(item.detected_type)
        context.update(
            case=case,
            report=report,
            events=events,
            people=list(case.people.select_related("verified_by").order_by("created_at")),
            evidence=evidence,
            audit_entries=list(
                case.audit_entries.select_related("actor").order_by("-created_at")[:200]
            ),
            is_overdue=urgent_overdue(case, school_settings),
            danger_reasons=danger_reasons(case),
            danger_category=danger_category(case),
            tasks=list(case.tasks.select_related("assignee", "completed_by")),
            linked=linked_cases(case=case),
            duplicates=list(case.duplicates.select_related("report").order_by("created_at")),
            category_labels=", ".join(
                str(Category(value).label) if value in Category.values else value
                for value in case.categories or []
            ),
            case_permissions={action.value for action in self.case_permissions},
            may_see_evidence=may_see_evidence,
            may_read_audit=case_policy.user_has_school_permission(
                self.request.user, SchoolAction.VIEW_AUDIT, case.school_id
            ),
            evidence_grants=self.evidence_grants(),
            evidence_count=case.evidence.count(),
            **self.build_forms(),
        )
        return context

    def get(self, request, *args, **kwargs):
        # Opening a case never acknowledges it (a link preview or a glance is not a
        # lead taking it on): only the explicit button, a POST, stops the reminders.
        audit_record(actor=request.user, action=AuditAction.VIEW_CASE, case=self.case)
        return no_store(super().get(request, *args, **kwargs))

    def render_with_errors(self, name, form):
        self.bound_forms[name] = form
        messages.error(self.request, "The form has errors: see below.")
        audit_record(actor=self.request.user, action=AuditAction.VIEW_CASE, case=self.case)
        return no_store(self.render_to_response(self.get_context_data(), status=400))


def _case_write_view(form_name, action, build_form, perform, success):
    """A POST-only view that checks `action` with the access policy, validates one form
    and calls one service."""

    def view(request, case_id, **kwargs):
        detail = CaseDetailView()
        detail.setup(request, case_id=case_id, **kwargs)
        case = detail.case
        if request.method != "POST":
            return redirect("reporting_triage:case_detail", case_id=case.pk)
        if action not in detail.case_permissions:
            return forbidden(request, reason="role")
        form = build_form(request, case, **kwargs)
        if not form.is_valid():
            return detail.render_with_errors(form_name, form)
        try:
            perform(request, case, form.cleaned_data, **kwargs)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return detail.render_with_errors(form_name, form)
        messages.success(request, success)
        return redirect(reverse("reporting_triage:case_detail", args=[case.pk]) + "#chronology")

    return view


case_status = _case_write_view(
    "status_form",
    CaseAction.CHANGE_STATUS,
    lambda request, case: admin_forms.StatusForm(
        request.POST, allowed=case_services.allowed_transitions(case)
    ),
    lambda request, case, data: case_services.case_transition(
        case=case,
        actor=request.user,
        to_status=data["to_status"],
        outcome=data["outcome"],
        reason=data["status_reason"],
    ),
    "Status changed.",
)
case_risk = _case_write_view(
    "risk_form",
    CaseAction.CHANGE_RISK,
    lambda request, case: admin_forms.RiskForm(request.POST),
    lambda request, case, data: case_services.case_set_risk(
        case=case, actor=request.user, risk=data["risk"], reason=data["risk_reason"]
    ),
    "Risk recorded.",
)
case_assign = _case_write_view(
    "assign_form",
    CaseAction.ASSIGN,
    lambda request, case: admin_forms.AssignForm(
        request.POST, leads=case_services.leads_of(case.school_id)
    ),
    lambda request, case, data: case_services.case_assign(
        case=case,
        actor=request.user,
        assignee=data["assignee"],
        handover_note=data["handover_note"],
    ),
    "Assignment saved.",
)
case_categories = _case_write_view(
    "categories_form",
    CaseAction.CATEGORISE,
    lambda request, case: admin_forms.CategoriesForm(
        request.POST, choices=school_categories(school=case.school)
    ),
    lambda request, case, data: case_set_categories(
        case=case, actor=request.user, categories=data["categories"]
    ),
    "Categories recorded.",
)
case_task = _case_write_view(
    "task_form",
    CaseAction.ADD_TASK,
    lambda request, case: admin_forms.TaskForm(
        request.POST, members=team_members(school_id=case.school_id)
    ),
    lambda request, case, data: task_add(
        case=case,
        actor=request.user,
        what=data["what"],
        assignee=data["assignee"],
        due_at=data["due_at"],
    ),
    "Task added.",
)


def _link_or_merge(request, case, data):
    reference = normalise_reference(data["other_reference"])
    other = (
        cases_visible_to(user=request.user)
        .filter(school_id=case.school_id, reference=reference)
        .first()
    )
    if other is None:
        raise ValidationError("No case with that reference was found in this school.")
    how, reason = data["how"], data["link_reason"]
    if how == admin_forms.LinkForm.RELATED:
        case_link(case=case, other=other, actor=request.user, reason=reason)
    elif how == admin_forms.LinkForm.MERGE_THAT_HERE:
        case_merge_duplicate(duplicate=other, original=case, actor=request.user, reason=reason)
    else:
        case_merge_duplicate(duplicate=case, original=other, actor=request.user, reason=reason)


case_link_view = _case_write_view(
    "link_form",
    CaseAction.LINK,
    lambda request, case: admin_forms.LinkForm(request.POST),
    _link_or_merge,
    "Cases connected: see the chronology.",
)


def case_task_done(request, case_id, task_id):
    case = visible_case(request, case_id)
    task = get_object_or_404(case.tasks.all(), pk=task_id)
    if request.method != "POST":
        return redirect("reporting_triage:case_detail", case_id=case.pk)
    if task_complete(task=task, actor=request.user):
        messages.success(request, "Task marked done.")
    else:
        messages.info(request, "That task was already done.")
    return redirect(reverse("reporting_triage:case_detail", args=[case.pk]) + "#tasks")


case_note = _case_write_view(
    "note_form",
    CaseAction.NOTE,
    lambda request, case: admin_forms.NoteForm(request.POST),
    lambda request, case, data: case_services.case_add_note(
        case=case, actor=request.user, body=data["note"]
    ),
    "Internal note added.",
)
case_message = _case_write_view(
    "message_form",
    CaseAction.MESSAGE,
    lambda request, case: admin_forms.MessageForm(request.POST, reporters=reporter_choices(case)),
    lambda request, case, data: case_services.message_send(
        case=case,
        actor=request.user,
        body=data["message"],
        reporter_case=case.duplicates.filter(pk=data.get("to") or None).first() or case,
    ),
    "Message sent to the reporter.",
)
case_action = _case_write_view(
    "action_form",
    CaseAction.RECORD_ACTION,
    lambda request, case: admin_forms.ActionForm(request.POST),
    lambda request, case, data: case_services.case_record_action(
        case=case,
        actor=request.user,
        action_type=data["action_type"],
        details=data["action_details"],
    ),
    "Action recorded.",
)
case_escalate = _case_write_view(
    "escalation_form",
    CaseAction.ESCALATE,
    lambda request, case: admin_forms.EscalationForm(request.POST),
    lambda request, case, data: case_services.case_escalate(
        case=case,
        actor=request.user,
        agency=data["agency"],
        reference_number=data["agency_reference"],
        details=data["escalation_details"],
    ),
    "Escalation recorded.",
)
person_add = _case_write_view(
    "person_form",
    CaseAction.RECORD_PERSON,
    lambda request, case: admin_forms.PersonForm(request.POST),
    lambda request, case, data: case_services.person_add(
        case=case,
        actor=request.user,
        role=data["person_role"],
        name=data["person_name"],
        year_group=data["person_year_group"],
        verified=data["person_verified"],
    ),
    "Person recorded.",
)


def person_verify(request, case_id, person_id):
    case = visible_case(request, case_id)
    person = get_object_or_404(PersonInvolved.objects.filter(case=case), pk=person_id)
    if request.method != "POST":
        return redirect("reporting_triage:case_detail", case_id=case.pk)
    if not case_policy.user_has_permission_for_instance(
        request.user, CaseAction.RECORD_PERSON, case
    ):
        return forbidden(request, reason="role")
    case_services.person_verify(person=person, actor=request.user)
    messages.success(request, "Name confirmed.")
    return redirect(reverse("reporting_triage:case_detail", args=[case.pk]) + "#people")


def case_acknowledge(request, case_id):
    case = visible_case(request, case_id)
    if request.method != "POST":
        return redirect("reporting_triage:case_detail", case_id=case.pk)
    if not case_policy.user_has_permission_for_instance(request.user, CaseAction.ACKNOWLEDGE, case):
        return forbidden(request, reason="role")
    if case_services.case_acknowledge(case=case, actor=request.user):
        messages.success(request, "Acknowledged: the urgent reminders have stopped.")
    return redirect("reporting_triage:case_detail", case_id=case.pk)


# --- Evidence ---------------------------------------------------------------------------


def _evidence_response(request, case_id, evidence_id, *, force_download: bool):
    case = visible_case(request, case_id)
    if not case_policy.user_has_permission_for_instance(
        request.user, CaseAction.VIEW_EVIDENCE, case
    ):
        return forbidden(request, reason="evidence")
    evidence = get_object_or_404(case.evidence.all(), pk=evidence_id)
    inline = evidence.detected_type in INLINE_IMAGE_TYPES and not force_download
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW_EVIDENCE if inline else AuditAction.DOWNLOAD_EVIDENCE,
        case=case,
        detail={"evidence": str(evidence.pk), "sha256": evidence.stored_sha256},
    )
    try:
        chunks = read_plaintext(evidence.storage_key)
        first = next(chunks, b"")
    except FileNotFoundError as error:
        raise Http404("Evidence file is missing.") from error

    def stream():
        yield first
        yield from chunks

    # Never the pupil's file name: a neutral one built from the case reference.
    filename = f"evidence-{case.reference}-{str(evidence.pk)[:8]}.{evidence.extension or 'bin'}"
    response = StreamingHttpResponse(stream(), content_type=evidence.detected_type)
    response["Content-Length"] = str(evidence.plaintext_bytes)
    response["Content-Disposition"] = (
        f'{"inline" if inline else "attachment"}; filename="{filename}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser rendered the file, it could run nothing and reach nothing.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return no_store(response)


class EvidenceViewerView(WagtailAdminTemplateMixin, TemplateView):
    """One evidence file shown to a lead: a photo at a readable size, a PDF as pictures of
    its pages, a text file as text. Opening it is one audit entry, however many pictures it
    holds: they travel inside the page (data: URLs), not as requests of their own, and the
    case page itself never loads the file."""

    template_name = "reporting/admin/evidence_viewer.html"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.case = visible_case(request, kwargs["case_id"])
        if not case_policy.user_has_permission_for_instance(
            request.user, CaseAction.VIEW_EVIDENCE, self.case
        ):
            return forbidden(request, reason="evidence")
        self.files = list(self.case.evidence.order_by("created_at"))
        positions = {item.pk: number for number, item in enumerate(self.files, start=1)}
        if kwargs["evidence_id"] not in positions:
            raise Http404("No such evidence on this case.")
        self.number = positions[kwargs["evidence_id"]]
        self.evidence = self.files[self.number - 1]
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Evidence {self.number} of case {self.case.reference}"

    def get_breadcrumbs_items(self):
        return _queue_breadcrumbs(
            {
                "url": reverse("reporting_triage:case_detail", args=[self.case.pk]),
                "label": self.case.reference,
            },
            {"url": "", "label": f"Evidence {self.number}"},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evidence = self.evidence
        data = evidence_read(evidence)
        pictures, note, text = [], "", None
        if data is None:
            note = "The file could not be read from the evidence store."
        elif evidence.detected_type == "text/plain":
            text = data[:TEXT_SHOWN_BYTES].decode("utf-8", errors="replace")
            if len(data) > TEXT_SHOWN_BYTES:
                note = "Only the start of this text is shown; download the file for all of it."
        else:
            pictures, note = evidence_previews(data, evidence.detected_type)
            if not pictures and not note:
                note = "This kind of file cannot be shown here; download it to open it."
        context.update(
            case=self.case,
            evidence=evidence,
            number=self.number,
            total=len(self.files),
            kind_label=file_kind(evidence.detected_type),
            is_pdf=evidence.detected_type == "application/pdf",
            # The original opens inline (and is audited again) only where a browser shows it.
            is_image=evidence.detected_type in INLINE_IMAGE_TYPES,
            pictures=[
                "data:image/jpeg;base64," + base64.b64encode(picture).decode("ascii")
                for picture in pictures
            ],
            text=text,
            note=note,
            previous=self.files[self.number - 2] if self.number > 1 else None,
            next=self.files[self.number] if self.number < len(self.files) else None,
        )
        return context

    def get(self, request, *args, **kwargs):
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW_EVIDENCE,
            case=self.case,
            detail={"evidence": str(self.evidence.pk), "sha256": self.evidence.stored_sha256},
        )
        return no_store(super().get(request, *args, **kwargs))


def evidence_view(request, case_id, evidence_id):
    return _evidence_response(request, case_id, evidence_id, force_download=False)


def evidence_download(request, case_id, evidence_id):
    return _evidence_response(request, case_id, evidence_id, force_download=True)


# --- Audit and notifications --------------------------------------------------------------


class DetailColumn(Column):
    def get_value(self, instance):
        return json.dumps(instance.detail, sort_keys=True)[:300] if instance.detail else ""


class AuditLogView(BaseListingView):
    """Who viewed, downloaded, exported or changed what, across the lead's schools. Read-only."""

    template_name = "reporting/admin/listing.html"
    page_title = "Safeguarding audit log"
    header_icon = "history"
    index_url_name = "reporting_triage:audit"
    index_results_url_name = "reporting_triage:audit_results"
    filterset_class = AuditFilterSet
    paginate_by = 100
    verbose_name_plural = "audit entries"
    columns = [
        DateColumn("created_at", label="When"),
        Column("actor_name", label="Who"),
        Column("action", label="What", accessor="get_action_display"),
        TitleColumn(
            "case_reference",
            label="Case",
            get_url=lambda entry: (
                reverse("reporting_triage:case_detail", args=[entry.case_id])
                if entry.case_id
                else None
            ),
        ),
        DetailColumn("detail", label="Detail"),
    ]

    def get_breadcrumbs_items(self):
        return _queue_breadcrumbs({"url": "", "label": "Audit log"})

    def get_base_queryset(self):
        return AuditEntry.objects.filter(
            school_id__in=case_policy.schools_with_permission(
                self.request.user, SchoolAction.VIEW_AUDIT
            )
        )

    def order_queryset(self, queryset):
        return queryset.order_by("-created_at", "-id")

    def get(self, request, *args, **kwargs):
        return no_store(super().get(request, *args, **kwargs))


class AuditLogResultsView(AuditLogView):
    results_only = True


class NotificationListView(BaseListingView):
    """Alerts to the leads: failures and pending retries are visible here with their errors."""

    template_name = "reporting/admin/listing.html"
    page_title = "Safeguarding notifications"
    header_icon = "mail"
    index_url_name = "reporting_triage:notifications"
    index_results_url_name = "reporting_triage:notifications_results"
    filterset_class = NotificationFilterSet
    paginate_by = 100
    verbose_name_plural = "notifications"
    columns = [
        DateColumn("created_at", label="Created"),
        TitleColumn(
            "case",
            label="Case",
            accessor="case.reference",
            url_name="reporting_triage:case_detail",
            id_accessor="case_id",
        ),
        Column("kind", label="Kind"),
        Column("audience", label="For"),
        Column("status", label="Status", accessor="get_status_display"),
        Column("delivered_summary", label="Delivered"),
        Column("attempts", label="Attempts"),
        Column("last_error", label="Last error"),
        DateColumn("next_attempt_at", label="Next try"),
        DateColumn("sent_at", label="Sent"),
    ]

    def get_breadcrumbs_items(self):
        return _queue_breadcrumbs({"url": "", "label": "Notifications"})

    def get_base_queryset(self):
        return Notification.objects.filter(
            case__school_id__in=case_policy.schools_with_permission(
                self.request.user, SchoolAction.VIEW_NOTIFICATIONS
            )
        ).select_related("case")

    def order_queryset(self, queryset):
        return queryset.order_by("-created_at", "-id")

    @cached_property
    def problem_counts(self):
        counts = dict(
            self.get_base_queryset()
            .filter(
                status__in=[
                    NotificationStatus.PENDING,
                    NotificationStatus.FAILED,
                    NotificationStatus.GAVE_UP,
                ]
            )
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return [
            {"label": NotificationStatus(value).label, "count": counts.get(value, 0)}
            for value in (
                NotificationStatus.FAILED,
                NotificationStatus.GAVE_UP,
                NotificationStatus.PENDING,
            )
        ]

    def get(self, request, *args, **kwargs):
        return no_store(super().get(request, *args, **kwargs))


class NotificationResultsView(NotificationListView):
    results_only = True


# --- Cases that do not start as an anonymous report --------------------------------------------


class AdminFormView(WagtailAdminTemplateMixin, TemplateView):
    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {"url": "", "label": self.get_page_title()},
        ]


def loggable_schools(request):
    """The team logs for its schools; other staff for the school whose admin this is."""
    led = case_policy.schools_with_permission(request.user, SchoolAction.LOG_CASE)
    if led:
        return Site.objects.filter(pk__in=led).order_by("site_name")
    allowed = [
        school.pk
        for school in schools_for_staff_work(request)
        if case_services.may_log_cases(request.user, school)
    ]
    return Site.objects.filter(pk__in=allowed).order_by("site_name", "hostname")


class CaseLogView(AdminFormView):
    """Log a case from a face-to-face disclosure or a named concern."""

    template_name = "reporting/admin/case_log.html"
    page_title = "Log a safeguarding case"
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        self.schools = loggable_schools(request)
        if not self.schools.exists():
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", admin_forms.CaseLogForm(schools=self.schools))
        return context

    def post(self, request, *args, **kwargs):
        form = admin_forms.CaseLogForm(request.POST, schools=self.schools)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        people = []
        if data["person_name"]:
            people.append(
                {
                    "name": data["person_name"],
                    "role": data["person_role"],
                    "year_group": data["person_year_group"],
                }
            )
        case = case_services.case_log(
            actor=request.user,
            school=data["school"],
            what_happened=data["what_happened"],
            when_happened=data["when_happened"],
            category=data["category"],
            platform=data["platform"],
            risk=data["risk"],
            danger_now=data["danger_now"],
            people=people,
            year_group=data["person_year_group"],
        )
        if case_policy.user_has_permission_for_instance(request.user, CaseAction.VIEW, case):
            messages.success(request, f"Case {case.reference} logged.")
            return redirect("reporting_triage:case_detail", case_id=case.pk)
        return redirect("reporting_triage:case_logged")


class CaseLoggedView(AdminFormView):
    template_name = "reporting/admin/received.html"
    page_title = "Case logged"
    header_icon = "success"
    extra_context = {
        "heading": "Thank you: the case has been logged",
        "text": "The safeguarding leads have been told. They will follow it up.",
    }

    def dispatch(self, request, *args, **kwargs):
        if not loggable_schools(request).exists():
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


class ConcernView(AdminFormView):
    """A peer mentor (or any member of staff) raises a worry with the safeguarding leads."""

    template_name = "reporting/admin/concern.html"
    page_title = "Raise a concern"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        self.schools = schools_for_staff_work(request)
        if not self.schools.exists():
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", admin_forms.ConcernForm(schools=self.schools))
        return context

    def post(self, request, *args, **kwargs):
        form = admin_forms.ConcernForm(request.POST, schools=self.schools)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        case_services.concern_raise(
            actor=request.user,
            school=data["school"],
            what_worried_you=data["what_worried_you"],
            emergency_now=data["emergency_now"],
            platform=data["where"],
            category=data["category"],
            who=data["who"],
            year_group=data["year_group"],
        )
        url = reverse("reporting_triage:concern_received")
        return redirect(f"{url}?emergency=1" if data["emergency_now"] else url)


class ConcernReceivedView(AdminFormView):
    template_name = "reporting/admin/received.html"
    page_title = "Concern received"
    header_icon = "success"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading="Thank you: your concern has been received",
            text=(
                "The safeguarding leads have been told and will look at it. You do not need "
                "to do anything else, and you will not be shown the case."
            ),
            emergency=self.request.GET.get("emergency") == "1",
        )
        return context
