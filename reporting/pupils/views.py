"""The pupil screens of the safeguarding back office. Thin: read with selectors, write with services.

Mounted at /admin/safeguarding/pupils/ (namespace "reporting_pupils"); every
view is wrapped in `records_required` in reporting.pupils.urls and reads only
through pupils_visible_to / cases_visible_to, so another school's pupil or case
is a 404 like one that does not exist. Opening a pupil's file is audited. A
name typed into a search never goes into the audit trail or a URL we log.
"""

from __future__ import annotations

import base64
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site

from .. import crypto
from ..admin_views import no_store, visible_case
from ..audit import audit_record
from ..choices import AuditAction, EventKind
from ..chronology import events_describe
from ..roles import schools_led_by
from ..services import pupils as pupil_services
from ..services import transfers as transfer_services
from . import forms, mis_import, selectors


def _breadcrumbs(*extra):
    return [
        {"url": reverse("wagtailadmin_home"), "label": "Home"},
        {"url": reverse("reporting_triage:queue"), "label": "Safeguarding cases"},
        {"url": reverse("reporting_pupils:list"), "label": "Pupils"},
        *extra,
    ]


class PupilScreen(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "user"

    def get_breadcrumbs_items(self):
        return _breadcrumbs({"url": "", "label": self.get_page_title()})

    def render(self, status=200, **context):
        response = self.render_to_response(self.get_context_data(**context), status=status)
        return no_store(response)


def _led_school(request, school_id=None) -> Site:
    led = schools_led_by(request.user)
    chosen = school_id or (led[0] if len(led) == 1 else None)
    if chosen is None or int(chosen) not in led:
        return None
    return Site.objects.get(pk=chosen)


# --- Finding pupils --------------------------------------------------------------------------


class PupilListView(PupilScreen):
    """The school's pupils, found by name through the blind index."""

    template_name = "reporting/pupils/list.html"
    page_title = "Pupils"

    def get_breadcrumbs_items(self):
        return _breadcrumbs()

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "").strip()
        pupils = selectors.pupils_visible_to(user=request.user).select_related("school")
        if query:
            pupils = selectors.pupils_matching(pupils=pupils, query=query)
        pupils = pupils.order_by("year_group", "created_at", "id")
        page = Paginator(pupils, 50).get_page(request.GET.get("page"))
        # One entry per school searched, so each school's audit log shows it; it says
        # whether a name was searched for, never the name.
        for school_id in schools_led_by(request.user):
            audit_record(
                actor=request.user,
                action=AuditAction.SEARCH_PUPILS,
                school=Site(pk=school_id),
                detail={"searched": bool(query), "results": page.paginator.count},
            )
        return self.render(
            query=query,
            page=page,
            incoming=list(selectors.transfers_to_confirm(user=request.user)),
        )


# --- A pupil's file ----------------------------------------------------------------------------


def visible_pupil(request, pupil_id):
    return get_object_or_404(
        selectors.pupils_visible_to(user=request.user).select_related("school"), pk=pupil_id
    )


class PupilDetailView(PupilScreen):
    """The child-protection file: the pupil's record and every case's chronology, newest first."""

    template_name = "reporting/pupils/detail.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.pupil = visible_pupil(request, kwargs["pupil_id"])

    def get_page_title(self):
        return self.pupil.full_name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cases = list(selectors.pupil_cases(user=self.request.user, pupil=self.pupil))
        roles = {link.case_id: link.get_role_display() for link in self.pupil.links.all()}
        for case in cases:
            case.pupil_role = roles.get(case.pk, "")
        events = events_describe(
            list(selectors.pupil_chronology(user=self.request.user, pupil=self.pupil)[:500])
        )
        context.update(
            pupil=self.pupil,
            cases=cases,
            events=events,
            transfers=list(self.pupil.transfers.select_related("to_school").order_by("-sent_at")),
            arrived_with=self.pupil.arrived_with,
            message_event_kinds={EventKind.MESSAGE_TO_REPORTER},
        )
        context.setdefault(
            "transfer_form",
            forms.TransferForm(schools=forms.other_schools(self.pupil.school_id)),
        )
        return context

    def get(self, request, *args, **kwargs):
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW_PUPIL,
            school=self.pupil.school,
            detail={"pupil": str(self.pupil.pk)},
        )
        return self.render()


def pupil_transfer(request, pupil_id):
    pupil = visible_pupil(request, pupil_id)
    if request.method != "POST":
        return redirect("reporting_pupils:detail", pupil_id=pupil.pk)
    form = forms.TransferForm(request.POST, schools=forms.other_schools(pupil.school_id))
    screen = PupilDetailView()
    screen.setup(request, pupil_id=pupil.pk)
    if not form.is_valid():
        messages.error(request, "The transfer form has errors: see below.")
        return screen.render(status=400, transfer_form=form)
    try:
        sent = transfer_services.transfer_send(
            pupil=pupil,
            actor=request.user,
            to_school=form.cleaned_data["to_school"],
            destination_name=form.cleaned_data["destination_name"],
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return screen.render(status=400, transfer_form=form)
    if sent.passphrase:
        return TransferSentView.as_view()(
            request, transfer=sent.transfer, passphrase=sent.passphrase
        )
    messages.success(request, f"File sent to {sent.transfer.destination_name}.")
    return redirect(reverse("reporting_pupils:detail", args=[pupil.pk]) + "#transfers")


class TransferSentView(PupilScreen):
    """Shown once after packaging a file to download: the words that open it."""

    template_name = "reporting/pupils/transfer_sent.html"
    page_title = "Child-protection file ready"

    def post(self, request, *args, transfer, passphrase, **kwargs):
        return self.render(transfer=transfer, passphrase=passphrase)


def transfer_download(request, transfer_id):
    transfer = get_object_or_404(
        selectors.transfers_sent_by_schools_of(user=request.user), pk=transfer_id
    )
    try:
        sealed = transfer_services.transfer_sealed_file(transfer=transfer, actor=request.user)
    except ValidationError:
        messages.error(
            request, "That file was sent within Upstander: there is nothing to download."
        )
        return redirect("reporting_pupils:list")
    response = HttpResponse(sealed, content_type="application/octet-stream")
    response["Content-Disposition"] = (
        f'attachment; filename="child-protection-file-{str(transfer.pk)[:8]}.upcp"'
    )
    return no_store(response)


def transfer_confirm(request, transfer_id):
    """The sender records that a school on another system confirmed it has the file."""
    transfer = get_object_or_404(
        selectors.transfers_sent_by_schools_of(user=request.user), pk=transfer_id
    )
    if request.method == "POST":
        transfer_services.transfer_confirm_receipt(transfer=transfer, actor=request.user)
        messages.success(request, "Receipt recorded.")
    target = transfer.pupil_id and reverse("reporting_pupils:detail", args=[transfer.pupil_id])
    return redirect(target or reverse("reporting_pupils:list"))


def transfer_receive(request, transfer_id):
    transfer = get_object_or_404(selectors.transfers_to_confirm(user=request.user), pk=transfer_id)
    if request.method != "POST":
        return redirect("reporting_pupils:list")
    try:
        pupil = transfer_services.transfer_receive(transfer=transfer, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("reporting_pupils:list")
    messages.success(request, "File received and added to your records. Receipt confirmed.")
    return redirect("reporting_pupils:detail", pupil_id=pupil.pk)


class TransferUploadView(PupilScreen):
    """A DSL imports a file from a pupil's previous school on another Upstander."""

    template_name = "reporting/pupils/transfer_upload.html"
    page_title = "Import a child-protection file"

    def get(self, request, *args, **kwargs):
        return self.render(form=forms.TransferUploadForm())

    def post(self, request, *args, **kwargs):
        form = forms.TransferUploadForm(request.POST, request.FILES)
        school = _led_school(request, request.POST.get("school"))
        if not form.is_valid() or school is None:
            return self.render(status=400, form=form)
        try:
            pupil = transfer_services.transfer_import_file(
                sealed=form.cleaned_data["file"].read(),
                passphrase=form.cleaned_data["passphrase"],
                school=school,
                actor=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render(status=400, form=form)
        messages.success(request, "File imported into your records.")
        return redirect("reporting_pupils:detail", pupil_id=pupil.pk)


# --- Importing the roll from the MIS --------------------------------------------------------------


def _seal_upload(*, raw: bytes, school: Site, user) -> str:
    """The uploaded file, carried encrypted in the preview form: nothing is stored until confirmed."""
    payload = {"school": school.pk, "user": user.pk, "csv": base64.b64encode(raw).decode()}
    return crypto.encrypt_text(json.dumps(payload))


def _open_upload(token: str, *, user) -> tuple[Site, bytes] | None:
    try:
        payload = json.loads(crypto.decrypt_text(token))
    except (crypto.DecryptionError, ValueError):
        return None
    if payload.get("user") != user.pk or payload.get("school") not in schools_led_by(user):
        return None
    return Site.objects.get(pk=payload["school"]), base64.b64decode(payload["csv"])


class PupilImportView(PupilScreen):
    template_name = "reporting/pupils/import.html"
    page_title = "Import pupils from the MIS"

    def schools(self):
        return Site.objects.filter(pk__in=schools_led_by(self.request.user)).order_by("site_name")

    def get(self, request, *args, **kwargs):
        return self.render(form=forms.ImportUploadForm(), schools=self.schools())

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self.confirm(request)
        form = forms.ImportUploadForm(request.POST, request.FILES)
        school = _led_school(request, request.POST.get("school"))
        if school is None:
            form.add_error(None, "Choose the school these pupils belong to.")
        if not form.is_valid():
            return self.render(status=400, form=form, schools=self.schools())
        raw = form.cleaned_data["file"].read()
        preview = mis_import.preview(raw)
        return self.render(
            form=form,
            schools=self.schools(),
            school=school,
            preview=preview,
            token=_seal_upload(raw=raw, school=school, user=request.user),
        )

    def confirm(self, request):
        opened = _open_upload(request.POST.get("token", ""), user=request.user)
        if opened is None:
            messages.error(
                request, "That import has expired or was not yours: upload the file again."
            )
            return redirect("reporting_pupils:import")
        school, raw = opened
        preview = mis_import.preview(raw)
        if preview.problems:
            return redirect("reporting_pupils:import")
        result = pupil_services.pupils_import(school=school, actor=request.user, rows=preview.rows)
        messages.success(
            request,
            f"{result.created} pupils added and {result.updated} updated; "
            f"{result.skipped} rows with problems were not imported.",
        )
        return redirect("reporting_pupils:list")


# --- Linking a case to a pupil --------------------------------------------------------------------


class CasePupilView(PupilScreen):
    """From a case: find the pupil (or add them) and link them, confirming a name from the report."""

    template_name = "reporting/pupils/case_link.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.case = visible_case(request, kwargs["case_id"])
        person_id = request.GET.get("person") or request.POST.get("person")
        self.person = None
        if person_id:
            try:
                self.person = self.case.people.filter(pk=person_id).first()
            except ValidationError:
                self.person = None

    def get_page_title(self):
        return f"Link case {self.case.reference} to a pupil"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {"url": reverse("reporting_triage:queue"), "label": "Safeguarding cases"},
            {
                "url": reverse("reporting_triage:case_detail", args=[self.case.pk]),
                "label": self.case.reference,
            },
            {"url": "", "label": "Link to a pupil"},
        ]

    def context(self, **extra):
        query = self.request.GET.get("q", "").strip()
        if not query and self.person is not None:
            query = self.person.name
        results = []
        if query:
            pupils = selectors.pupils_visible_to(user=self.request.user).filter(
                school_id=self.case.school_id
            )
            results = list(selectors.pupils_matching(pupils=pupils, query=query)[:50])
        initial = {"person": self.person.pk if self.person else None}
        if self.person is not None:
            initial["role"] = self.person.role
            first, _, last = self.person.name.partition(" ")
            initial.update(first_name=first, last_name=last, year_group=self.person.year_group)
        return {
            "case": self.case,
            "person": self.person,
            "query": query,
            "results": results,
            "link_form": forms.LinkPupilForm(initial=initial),
            "create_form": extra.pop("create_form", None)
            or forms.CreateAndLinkForm(initial=initial),
            "linked": list(self.case.pupil_links.select_related("pupil")),
            **extra,
        }

    def get(self, request, *args, **kwargs):
        return self.render(**self.context())

    def post(self, request, *args, **kwargs):
        if request.POST.get("pupil"):
            form = forms.LinkPupilForm(request.POST)
            pupil = get_object_or_404(
                selectors.pupils_visible_to(user=request.user), pk=request.POST["pupil"]
            )
            if not form.is_valid():
                return self.render(status=400, **self.context())
            return self._link(pupil, form.cleaned_data["role"], form)
        form = forms.CreateAndLinkForm(request.POST)
        if not form.is_valid():
            return self.render(status=400, **self.context(create_form=form))
        data = form.cleaned_data
        try:
            pupil = pupil_services.pupil_create(
                school=self.case.school,
                actor=request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                year_group=data["year_group"],
                date_of_birth=data["date_of_birth"],
                upn=data["upn"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render(status=400, **self.context(create_form=form))
        return self._link(pupil, data["role"], form)

    def _link(self, pupil, role, form):
        try:
            pupil_services.pupil_link_case(
                case=self.case, pupil=pupil, actor=self.request.user, role=role, person=self.person
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return self.render(status=400, **self.context())
        messages.success(self.request, f"Case linked to {pupil.full_name}.")
        return redirect(reverse("reporting_triage:case_detail", args=[self.case.pk]) + "#pupils")
