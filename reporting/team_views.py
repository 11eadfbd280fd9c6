"""The "Safeguarding team" screen (Safeguarding → Safeguarding team) and the per-case
evidence access form. Thin: read through the access policy, write with
reporting.services.team, which audits every change.

An admin (superuser) manages every school's team; a school's DSL manages their own.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from wagtail.models import Site

from .choices import CaseAction, SchoolAction, TeamRole
from .models import EvidenceGrant, SafeguardingLead
from .permissions import ALERTED_ROLES, ROLE_SCHOOL_ACTIONS, case_policy, forbidden
from .selectors import cases_visible_to
from .services.team import case_evidence_access_set, team_appoint, team_remove
from .team_forms import AppointForm, EvidenceAccessForm


def _no_store(response):
    response["Cache-Control"] = "no-store, private"
    return response


def _manageable_schools(user):
    schools = Site.objects.order_by("site_name", "hostname")
    if user.is_superuser:
        return schools
    return schools.filter(
        pk__in=case_policy.schools_with_permission(user, SchoolAction.MANAGE_TEAM)
    )


def _school_or_403(request, school_id):
    school = get_object_or_404(Site, pk=school_id)
    if not case_policy.user_has_school_permission(request.user, SchoolAction.MANAGE_TEAM, school):
        return school, forbidden(request, reason="role")
    return school, None


def _add_school_url():
    try:
        return reverse("schools_add")
    except NoReverseMatch:
        return None


def team_schools(request):
    schools = _manageable_schools(request.user)
    if schools.count() == 1 and not request.user.is_superuser:
        return redirect("reporting_triage:team", school_id=schools[0].pk)
    return _no_store(
        TemplateResponse(
            request,
            "reporting/admin/team_schools.html",
            {
                "schools": schools,
                "add_school_url": _add_school_url() if request.user.is_superuser else None,
            },
        )
    )


def team_screen(request, school_id):
    school, refused = _school_or_403(request, school_id)
    if refused:
        return refused
    form = AppointForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                member = team_appoint(
                    actor=request.user,
                    school=school,
                    user=data["user"],
                    role=data["role"],
                    receives_notifications=data["receives_notifications"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    f"{member.user.get_full_name() or member.user.get_username()} is now "
                    f"{member.get_role_display().lower()} for {school.site_name or school.hostname}.",
                )
                return redirect("reporting_triage:team", school_id=school.pk)
        status = 400
    members = (
        SafeguardingLead.objects.filter(school=school)
        .select_related("user")
        .order_by("role", "user__username")
    )
    role_order = list(TeamRole.values)
    members = sorted(members, key=lambda m: (role_order.index(m.role), m.user.get_username()))
    for member in members:
        member.gets_alerts = member.receives_notifications and member.role in ALERTED_ROLES
    return _no_store(
        TemplateResponse(
            request,
            "reporting/admin/team.html",
            {
                "school": school,
                "members": members,
                "form": form,
                "roles": [
                    (choice.label, sorted(a.label for a in ROLE_SCHOOL_ACTIONS[choice.value]))
                    for choice in TeamRole
                ],
            },
            status=status,
        )
    )


def team_member_remove(request, school_id, member_id):
    school, refused = _school_or_403(request, school_id)
    if refused:
        return refused
    member = get_object_or_404(
        SafeguardingLead.objects.select_related("user", "school"), pk=member_id, school=school
    )
    if request.method != "POST":
        return redirect("reporting_triage:team", school_id=school.pk)
    try:
        team_remove(actor=request.user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{member.user.get_username()} is no longer in the safeguarding team."
        )
    return redirect("reporting_triage:team", school_id=school.pk)


# --- Evidence access for one case --------------------------------------------------------


def evidence_access_context(case) -> list[dict]:
    """The school's pastoral staff, and whether each may see this case's evidence."""
    granted = set(
        EvidenceGrant.objects.filter(case=case, revoked_at__isnull=True).values_list(
            "user_id", flat=True
        )
    )
    pastoral = (
        get_user_model()
        .objects.filter(
            is_active=True,
            safeguarding_roles__school_id=case.school_id,
            safeguarding_roles__role=TeamRole.PASTORAL,
        )
        .order_by("username")
    )
    return [
        {"user": user, "allowed": user.pk in granted, "assigned": user.pk == case.assignee_id}
        for user in pastoral
    ]


def evidence_access(request, case_id):
    case = get_object_or_404(cases_visible_to(user=request.user), pk=case_id)
    if request.method != "POST":
        return redirect("reporting_triage:case_detail", case_id=case.pk)
    if not case_policy.user_has_permission_for_instance(
        request.user, CaseAction.GRANT_EVIDENCE, case
    ):
        return forbidden(request, reason="role")
    form = EvidenceAccessForm(request.POST)
    target = reverse("reporting_triage:case_detail", args=[case.pk]) + "#evidence"
    if not form.is_valid():
        messages.error(request, "That change could not be made: choose a colleague again.")
        return redirect(target)
    user = get_user_model().objects.filter(pk=form.cleaned_data["user"]).first()
    if user is None:
        messages.error(request, "That colleague was not found.")
        return redirect(target)
    allow = form.cleaned_data["allow"]
    try:
        case_evidence_access_set(case=case, actor=request.user, user=user, allow=allow)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{user.get_username()} {'may now see' if allow else 'no longer sees'} this case's evidence.",
        )
    return redirect(target)
