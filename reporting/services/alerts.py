"""Writing a member of staff's own alert profile (how safeguarding alerts reach them)."""

from django.db import transaction
from django.utils import timezone

from ..models import AlertProfile


@transaction.atomic
def alert_profile_update(
    *,
    user,
    by_email: bool,
    by_sms: bool,
    mobile_number: str,
    by_webhook: bool,
    webhook_url: str,
) -> AlertProfile:
    profile, _ = AlertProfile.objects.select_for_update().get_or_create(user=user)
    profile.by_email = by_email
    profile.by_sms = by_sms
    # A number or address no longer used is not kept.
    profile.mobile_number = mobile_number if by_sms else ""
    profile.by_webhook = by_webhook
    profile.webhook_url = webhook_url if by_webhook else ""
    profile.updated_at = timezone.now()
    profile.save()
    return profile
