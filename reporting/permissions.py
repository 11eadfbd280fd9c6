"""Who may do what to a case, and for which school: the one place the rule lives.

`case_policy` (a Wagtail permission policy over Case) is what every view, service,
export, selector and menu of the safeguarding back office asks:

    case_policy.user_has_permission_for_instance(user, CaseAction.NOTE, case)
    case_policy.instances_user_has_permission_for(user, CaseAction.VIEW)   # a Case queryset
    case_policy.user_has_school_permission(user, SchoolAction.VIEW_QUEUE, school)
    case_policy.schools_with_permission(user, SchoolAction.VIEW_DASHBOARD)  # school ids
    case_policy.users_with_school_permission(SchoolAction.RECEIVE_ALERTS, school)

Access comes only from a person's place in a school's safeguarding team (a
SafeguardingLead row and its TeamRole), never from is_superuser, a group or a Django
permission: a superuser passes every has_perm check. A superuser may appoint and
remove a school's team (and so give themselves a role, which is audited), but sees
no case without one.

The roles (KCSIE: the designated safeguarding lead keeps the records; deputies are
trained to the same standard and act in the DSL's place):
- DSL and deputy: every action on every case of their school(s). Only the DSL (or an
  admin) appoints the team, because the DSL is accountable for who sees the records.
- Out-of-hours contact: receives the alerts and, on urgent cases only, opens them,
  acknowledges them and documents what they did (a note, an action, an escalation to
  999 or the police), because whoever answers at night must leave a record the DSL can
  read in the morning. No status or risk changes, messages, evidence or exports: those
  are the DSL's decisions in working hours.
- Pastoral staff: the cases assigned to them, to work on (notes, actions, messages to
  the reporter); never the evidence unless a DSL grants it for that case (EvidenceGrant,
  audited); no status, risk, assignment, escalation or export.
- Governor or trust overview: the dashboard's aggregate figures with small numbers
  suppressed (reporting.records.dashboard); never a case, the queue or the audit log.

A case the user may not open is absent from every queryset here, so its URL answers
exactly like a case that does not exist.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q, QuerySet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.models import Site
from wagtail.permission_policies.base import BasePermissionPolicy

from .choices import RISK_ORDER, CaseAction, Risk, SchoolAction, TeamRole
from .models import Case, CaseTask, EvidenceGrant, SafeguardingLead

ALL_CASE_ACTIONS = frozenset(CaseAction)
ALL_SCHOOL_ACTIONS = frozenset(SchoolAction)

# What each role may do to a case it can reach (see CASE_SCOPE for which cases).
ROLE_CASE_ACTIONS: dict[str, frozenset] = {
    TeamRole.DSL: ALL_CASE_ACTIONS,
    TeamRole.DEPUTY: ALL_CASE_ACTIONS,
    TeamRole.OUT_OF_HOURS: frozenset(
        {
            CaseAction.VIEW,
            CaseAction.ACKNOWLEDGE,
            CaseAction.NOTE,
            CaseAction.RECORD_ACTION,
            CaseAction.ESCALATE,
        }
    ),
    TeamRole.PASTORAL: frozenset(
        {CaseAction.VIEW, CaseAction.NOTE, CaseAction.MESSAGE, CaseAction.RECORD_ACTION}
    ),
    TeamRole.GOVERNOR: frozenset(),
}

# What each role may do for its school as a whole.
ROLE_SCHOOL_ACTIONS: dict[str, frozenset] = {
    TeamRole.DSL: ALL_SCHOOL_ACTIONS,
    TeamRole.DEPUTY: ALL_SCHOOL_ACTIONS - {SchoolAction.MANAGE_TEAM},
    TeamRole.OUT_OF_HOURS: frozenset(
        {SchoolAction.VIEW_QUEUE, SchoolAction.LOG_CASE, SchoolAction.RECEIVE_ALERTS}
    ),
    TeamRole.PASTORAL: frozenset({SchoolAction.VIEW_QUEUE, SchoolAction.LOG_CASE}),
    TeamRole.GOVERNOR: frozenset({SchoolAction.VIEW_DASHBOARD}),
}

# Roles with every action on every case of their school.
LEAD_ROLES = frozenset({TeamRole.DSL, TeamRole.DEPUTY})
# Roles whose dashboard is the governors' one: aggregates with small numbers hidden.
OVERVIEW_ROLES = frozenset({TeamRole.GOVERNOR})
# Roles told of new reports and urgent reminders.
ALERTED_ROLES = frozenset(
    role for role, actions in ROLE_SCHOOL_ACTIONS.items() if SchoolAction.RECEIVE_ALERTS in actions
)
# Roles a case can be assigned to (an out-of-hours contact sees only urgent cases, a
# governor none, so neither could work a case given to them).
ASSIGNABLE_ROLES = frozenset({TeamRole.DSL, TeamRole.DEPUTY, TeamRole.PASTORAL})
# Roles whose holders must also be in Wagtail's "Safeguarding leads" group, which the
# editorial workflow's safeguarding review step names (content/school_workflows.py).
REVIEWER_ROLES = frozenset({TeamRole.DSL, TeamRole.DEPUTY})

URGENT_RANK = RISK_ORDER[Risk.URGENT]
ROLES_CACHE_ATTRIBUTE = "_upstander_team_roles"


def _is_active_user(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )


def _school_id(school: Site | int) -> int:
    return school.pk if isinstance(school, Site) else int(school)


class CaseAccessPolicy(BasePermissionPolicy):
    """Wagtail's permission-policy idiom over Case, plus the school-wide questions."""

    permission_cache_name = ROLES_CACHE_ATTRIBUTE

    # --- a user's places in the teams -------------------------------------------------

    def get_all_permissions_for_user(self, user) -> dict[int, str]:
        """{school id: role} for this user; empty for anyone inactive or signed out."""
        if not _is_active_user(user):
            return {}
        return dict(SafeguardingLead.objects.filter(user=user).values_list("school_id", "role"))

    def roles_of(self, user) -> dict[int, str]:
        """Cached on the user object, which lives for one request: a change made in the
        team screen applies from the next request, with no restart. Services that change a
        team call `forget(user)` so the rest of the same request sees the change too."""
        if not _is_active_user(user):
            return {}
        return self.get_cached_permissions_for_user(user)

    def forget(self, user) -> None:
        if user is not None and hasattr(user, ROLES_CACHE_ATTRIBUTE):
            delattr(user, ROLES_CACHE_ATTRIBUTE)

    def role_in(self, user, school: Site | int) -> str | None:
        return self.roles_of(user).get(_school_id(school))

    def is_team_member(self, user) -> bool:
        return bool(self.roles_of(user))

    def lead_schools(self, user) -> list[int]:
        """Schools where this user is a DSL or deputy."""
        return sorted(s for s, role in self.roles_of(user).items() if role in LEAD_ROLES)

    # --- school-wide actions ----------------------------------------------------------

    def schools_with_permission(self, user, action: SchoolAction) -> list[int]:
        return sorted(
            school_id
            for school_id, role in self.roles_of(user).items()
            if action in ROLE_SCHOOL_ACTIONS.get(role, ())
        )

    def user_has_school_permission(
        self, user, action: SchoolAction, school: Site | int | None = None
    ) -> bool:
        """For `school`, or (without one) for at least one school."""
        if action == SchoolAction.MANAGE_TEAM and _is_active_user(user) and user.is_superuser:
            return True
        schools = self.schools_with_permission(user, action)
        return bool(schools) if school is None else _school_id(school) in schools

    def users_with_school_permission(self, action: SchoolAction, school: Site | int) -> QuerySet:
        roles = [role for role, actions in ROLE_SCHOOL_ACTIONS.items() if action in actions]
        return (
            get_user_model()
            .objects.filter(
                is_active=True,
                safeguarding_roles__school_id=_school_id(school),
                safeguarding_roles__role__in=roles,
            )
            .distinct()
        )

    def sees_overview_only(self, user, school_ids: list[int]) -> bool:
        """True when any of these schools gives this user only the governors' figures."""
        roles = self.roles_of(user)
        return any(roles.get(school_id) in OVERVIEW_ROLES for school_id in school_ids)

    def assignable_users(self, school: Site | int) -> QuerySet:
        return (
            get_user_model()
            .objects.filter(
                is_active=True,
                safeguarding_roles__school_id=_school_id(school),
                safeguarding_roles__role__in=ASSIGNABLE_ROLES,
            )
            .distinct()
            .order_by("username")
        )

    # --- actions on cases (Wagtail's BasePermissionPolicy API) ------------------------

    def user_has_permission(self, user, action) -> bool:
        """May do `action` to at least some case."""
        return any(
            action in ROLE_CASE_ACTIONS.get(role, ()) for role in self.roles_of(user).values()
        )

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        role = self.role_in(user, instance.school_id)
        if role is None or action not in self._case_actions(role, user, instance):
            return False
        return self._in_scope(role, user, instance)

    def permissions_for_instance(self, user, instance) -> frozenset:
        """Every CaseAction this user has on this case (for showing only the forms they may use)."""
        role = self.role_in(user, instance.school_id)
        if role is None or not self._in_scope(role, user, instance):
            return frozenset()
        return frozenset(self._case_actions(role, user, instance))

    def instances_user_has_permission_for(self, user, action) -> QuerySet:
        return self.instances_user_has_any_permission_for(user, [action])

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        actions = set(actions)
        whole_schools: list[int] = []
        conditions: list[Q] = []
        for school_id, role in sorted(self.roles_of(user).items()):
            wanted = actions & ROLE_CASE_ACTIONS.get(role, frozenset())
            by_grant = role == TeamRole.PASTORAL and CaseAction.VIEW_EVIDENCE in actions
            if not wanted and not by_grant:
                continue
            if role in LEAD_ROLES:
                whole_schools.append(school_id)
                continue
            scope = Q(school_id=school_id) & self._scope_condition(role, user)
            if not wanted:
                granted = EvidenceGrant.objects.filter(user=user, revoked_at__isnull=True)
                scope &= Q(pk__in=granted.values("case_id"))
            conditions.append(scope)
        if whole_schools:
            # One IN over the schools, so the queue's indexes (school first) serve it.
            conditions.insert(0, Q(school_id__in=whole_schools))
        if not conditions:
            return Case.objects.none()
        combined = conditions[0]
        for condition in conditions[1:]:
            combined |= condition
        return Case.objects.filter(combined)

    def users_with_any_permission(self, actions) -> QuerySet:
        roles = [role for role, granted in ROLE_CASE_ACTIONS.items() if set(actions) & granted]
        return (
            get_user_model()
            .objects.filter(is_active=True, safeguarding_roles__role__in=roles)
            .distinct()
        )

    def users_with_any_permission_for_instance(self, actions, instance) -> QuerySet:
        candidates = (
            get_user_model()
            .objects.filter(is_active=True, safeguarding_roles__school_id=instance.school_id)
            .distinct()
        )
        allowed = [
            user.pk
            for user in candidates
            if any(self.user_has_permission_for_instance(user, a, instance) for a in actions)
        ]
        return get_user_model().objects.filter(pk__in=allowed)

    # --- the rules themselves ---------------------------------------------------------

    def _case_actions(self, role: str, user, case) -> set:
        actions = set(ROLE_CASE_ACTIONS.get(role, ()))
        if role == TeamRole.PASTORAL and self._has_evidence_grant(user, case):
            actions.add(CaseAction.VIEW_EVIDENCE)
        return actions

    def _in_scope(self, role: str, user, case) -> bool:
        if role == TeamRole.OUT_OF_HOURS:
            return case.risk == Risk.URGENT
        if role == TeamRole.PASTORAL:
            # Assigned the case, or given a task on it: a head of year asked to do one
            # thing sees that case, and no other.
            return (
                case.assignee_id == user.pk
                or CaseTask.objects.filter(
                    case_id=case.pk, assignee=user, completed_at__isnull=True
                ).exists()
            )
        return role in LEAD_ROLES

    def _scope_condition(self, role: str, user) -> Q:
        if role == TeamRole.OUT_OF_HOURS:
            return Q(risk_rank=URGENT_RANK)
        if role == TeamRole.PASTORAL:
            open_tasks = CaseTask.objects.filter(assignee=user, completed_at__isnull=True)
            return Q(assignee=user) | Q(pk__in=open_tasks.values("case_id"))
        return Q()

    def _has_evidence_grant(self, user, case) -> bool:
        return EvidenceGrant.objects.filter(
            case_id=case.pk, user_id=user.pk, revoked_at__isnull=True
        ).exists()


case_policy = CaseAccessPolicy("reporting.Case")


# --- The back office's doors ------------------------------------------------------------


def forbidden(request, *, reason: str = ""):
    """A plain 403 that says why. Not PermissionDenied: inside the admin Wagtail turns that
    into a redirect to the dashboard, and a refusal should say what it is."""
    return TemplateResponse(
        request, "reporting/admin/forbidden.html", {"reason": reason}, status=403
    )


def _second_factor_redirect(request):
    return redirect(
        f"{reverse('security_otp_verify')}?{urlencode({'next': request.get_full_path()})}"
    )


def _verified(user) -> bool:
    # Two-factor authentication (django-otp), checked here as well as by
    # upstander.middleware.StaffTwoFactorMiddleware, so no reports view opens on a
    # password alone even if the middleware is misconfigured.
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def team_member_required(view=None, *, school_action: SchoolAction | None = None):
    """Signed in, in some school's safeguarding team, past the second factor, and (with
    `school_action`) allowed that action for at least one school. Each view then asks
    `case_policy` about the case or school in hand."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not case_policy.is_team_member(user):
                return forbidden(request, reason="not_in_team")
            if not _verified(user):
                return _second_factor_redirect(request)
            if school_action is not None and not case_policy.user_has_school_permission(
                user, school_action
            ):
                return forbidden(request, reason="role")
            return view(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


def team_manager_required(view):
    """For the safeguarding team screen: an admin, or a DSL (the view checks which school)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not case_policy.user_has_school_permission(user, SchoolAction.MANAGE_TEAM):
            return forbidden(request, reason="role")
        if not _verified(user):
            return _second_factor_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped


# For the case views: every team member passes, and each view then asks the policy for
# its own action on the case in hand.
lead_required = team_member_required

# Pupils' records and the school's case categories are the DSL's and deputies' (KCSIE:
# the child-protection file).
records_required = team_member_required(school_action=SchoolAction.MANAGE_RECORDS)
