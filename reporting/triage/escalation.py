"""Who in a school's safeguarding team an alert reaches, and by which channels.

The first alert about a case goes to the designated lead(s). While an urgent
case stays unacknowledged, each reminder walks the escalation order
(reporting.choices.ESCALATION_ORDER): after the school's configured waits it
also reaches the deputies, then the out-of-hours contact. A step nobody holds
is passed over, so an alert never goes to no one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ..choices import ESCALATION_ORDER, AlertChannel, TeamRole
from ..models import AlertProfile, SafeguardingLead


def roles_reached(*, settings, waited: timedelta) -> list[str]:
    """The team roles an urgent case's reminder reaches after it has waited this long."""
    minutes = waited.total_seconds() / 60
    roles = [TeamRole.DSL.value]
    if minutes >= settings.escalate_to_deputies_after_minutes:
        roles.append(TeamRole.DEPUTY.value)
    if minutes >= settings.escalate_to_out_of_hours_after_minutes:
        roles.append(TeamRole.OUT_OF_HOURS.value)
    return roles


@dataclass(frozen=True)
class Recipient:
    lead_id: int
    name: str
    role: str
    email: str
    mobile_number: str
    webhook_url: str
    channels: tuple[str, ...]


def _channels(profile: AlertProfile | None, email: str) -> tuple[str, ...]:
    if profile is None:
        return (AlertChannel.EMAIL.value,) if email else ()
    channels = []
    if profile.by_email and email:
        channels.append(AlertChannel.EMAIL.value)
    if profile.by_sms and profile.mobile_number:
        channels.append(AlertChannel.SMS.value)
    if profile.by_webhook and profile.webhook_url:
        channels.append(AlertChannel.WEBHOOK.value)
    # A profile that leaves nothing usable must not silence the person's alerts.
    if not channels and email:
        channels.append(AlertChannel.EMAIL.value)
    return tuple(channels)


def recipients_for(
    *, school_id: int, roles: list[str] | None = None, person=None
) -> list[Recipient]:
    """The people of this school an alert for these roles reaches, in escalation order.

    `roles` empty or None means the designated lead(s). If none of the roles asked
    for is held by anyone who can be alerted, the next step of the order is used.
    With `person` (a reminder of their own task), only that member of the school's
    team, by their own channels, whatever their role and roles; nobody else instead.
    """
    if person is not None:
        member = (
            SafeguardingLead.objects.filter(
                school_id=school_id, user_id=person.pk, user__is_active=True
            )
            .exclude(role=TeamRole.GOVERNOR)
            .select_related("user", "user__alert_profile")
            .first()
        )
        return _recipients([member], [member.role]) if member else []
    wanted = list(roles or [TeamRole.DSL.value])
    leads = list(
        SafeguardingLead.objects.filter(
            school_id=school_id,
            receives_notifications=True,
            user__is_active=True,
            role__in=ESCALATION_ORDER,
        ).select_related("user", "user__alert_profile")
    )
    found = _recipients(leads, wanted)
    if not found:
        for role in ESCALATION_ORDER:
            if role not in wanted:
                found = _recipients(leads, [role])
                if found:
                    break
    return found


def _recipients(leads, roles) -> list[Recipient]:
    order = {role: index for index, role in enumerate(ESCALATION_ORDER)}
    people = []
    for lead in leads:
        if lead.role not in roles:
            continue
        user = lead.user
        profile = getattr(user, "alert_profile", None)
        channels = _channels(profile, user.email)
        if not channels:
            continue
        people.append(
            Recipient(
                lead_id=lead.pk,
                name=user.get_full_name() or user.get_username(),
                role=lead.role,
                email=user.email,
                mobile_number=profile.mobile_number if profile else "",
                webhook_url=profile.webhook_url if profile else "",
                channels=channels,
            )
        )
    people.sort(key=lambda person: (order.get(person.role, len(order)), person.name))
    return people


def describe_recipients(recipients: list[Recipient]) -> list[dict]:
    """For the chronology: who was alerted, in which role, by which channels; nothing else."""
    return [
        {"name": person.name, "role": person.role, "channels": list(person.channels)}
        for person in recipients
    ]
