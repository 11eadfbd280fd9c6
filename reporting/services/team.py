"""Write paths of a school's safeguarding team: appointing, changing and removing members,
and letting a pastoral colleague see one case's evidence.

Who uses these: the "Safeguarding team" screen (reporting.team_views), the school set-up
(themes.onboarding) and the demo. Each is keyword-only and atomic, asks the access policy
(reporting.permissions) whether the actor may do it, and writes one audit entry with the
school set. Changes apply from the next request (the policy caches roles per request only).
`actor=None` means a management command run by the deployment's operator.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from ..audit import audit_record
from ..choices import AuditAction, CaseAction, SchoolAction, TeamRole
from ..models import Case, EvidenceGrant, SafeguardingLead
from ..permissions import ROLE_SCHOOL_ACTIONS, case_policy
from ..roles import SAFEGUARDING_GROUP


def _is_pupil_account(user) -> bool:
    # Mentors are pupils: "Mentors" and every school's "<School> mentors" group.
    return user.groups.filter(name__iendswith="mentors").exists()


def _require_manager(actor, school: Site) -> None:
    # None is a management command (`add_school`, the demo): its operator holds the
    # deployment's keys already. Every request has a user, if only AnonymousUser.
    if actor is None:
        return
    if not case_policy.user_has_school_permission(actor, SchoolAction.MANAGE_TEAM, school):
        raise PermissionDenied(
            "Only an admin or the school's designated safeguarding lead may do that."
        )


def _sync_group(user) -> None:
    """Keep Wagtail's "Safeguarding leads" group in step with the team: it gives a member
    admin access and is the group the editorial workflow's safeguarding review names.
    Membership alone grants nothing else (reporting.permissions)."""
    group, _ = Group.objects.get_or_create(name=SAFEGUARDING_GROUP)
    if SafeguardingLead.objects.filter(user=user).exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)


def _last_dsl(member: SafeguardingLead) -> bool:
    return (
        member.role == TeamRole.DSL
        and not SafeguardingLead.objects.filter(school_id=member.school_id, role=TeamRole.DSL)
        .exclude(pk=member.pk)
        .exists()
    )


@transaction.atomic
def team_appoint(
    *, actor, school: Site, user, role: str, receives_notifications: bool = True
) -> SafeguardingLead:
    """Give `user` a role in `school`'s safeguarding team (or change the role they have)."""
    _require_manager(actor, school)
    role = TeamRole(role)
    if not user.is_active:
        raise ValidationError(f"{user.get_username()}'s account is switched off.")
    if _is_pupil_account(user):
        raise ValidationError(
            f"{user.get_username()} is a peer mentor (a pupil): pupils cannot join the "
            "safeguarding team."
        )
    alerts = SchoolAction.RECEIVE_ALERTS in ROLE_SCHOOL_ACTIONS[role]
    if alerts and receives_notifications and not user.email:
        raise ValidationError(
            f"{user.get_username()} has no email address, so alerts of new reports could not "
            "reach them. Add one in Settings → Users first."
        )
    member = SafeguardingLead.objects.select_for_update().filter(user=user, school=school).first()
    previous = member.role if member else ""
    if member is not None and previous != role and _last_dsl(member):
        raise ValidationError(
            "This is the school's only designated safeguarding lead: appoint another DSL first."
        )
    if member is None:
        member = SafeguardingLead.objects.create(
            user=user, school=school, role=role, receives_notifications=receives_notifications
        )
    else:
        member.role = role
        member.receives_notifications = receives_notifications
        member.save(update_fields=["role", "receives_notifications"])
    _sync_group(user)
    audit_record(
        actor=actor,
        action=AuditAction.APPOINT,
        school=school,
        detail={
            "member": user.get_username(),
            "role": role.value,
            "previous_role": previous,
            "receives_notifications": receives_notifications,
        },
    )
    case_policy.forget(user)
    return member


@transaction.atomic
def team_remove(*, actor, member: SafeguardingLead) -> None:
    """Take someone out of a school's team: from their next request they see none of its cases."""
    school = member.school
    _require_manager(actor, school)
    member = SafeguardingLead.objects.select_for_update().get(pk=member.pk)
    if _last_dsl(member):
        raise ValidationError(
            "This is the school's only designated safeguarding lead: appoint another DSL first."
        )
    user = member.user
    EvidenceGrant.objects.filter(user=user, case__school=school, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    member.delete()
    _sync_group(user)
    audit_record(
        actor=actor,
        action=AuditAction.REMOVE_MEMBER,
        school=school,
        detail={"member": user.get_username(), "role": member.role},
    )
    case_policy.forget(user)


@transaction.atomic
def case_evidence_access_set(*, case: Case, actor, user, allow: bool) -> bool:
    """Let one pastoral colleague see this case's evidence, or stop them. True if it changed."""
    if not case_policy.user_has_permission_for_instance(actor, CaseAction.GRANT_EVIDENCE, case):
        raise PermissionDenied("Only the school's DSL or a deputy may do that.")
    if case_policy.role_in(user, case.school_id) != TeamRole.PASTORAL:
        raise ValidationError(
            "Evidence can be shared this way only with pastoral staff of the school."
        )
    current = (
        EvidenceGrant.objects.select_for_update()
        .filter(case=case, user=user, revoked_at__isnull=True)
        .first()
    )
    if allow == (current is not None):
        return False
    if allow:
        EvidenceGrant.objects.create(case=case, user=user, granted_by=actor)
    else:
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action=AuditAction.GRANT_EVIDENCE if allow else AuditAction.REVOKE_EVIDENCE,
        case=case,
        detail={"member": user.get_username()},
    )
    return True
