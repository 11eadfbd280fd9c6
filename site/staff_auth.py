"""Staff sign-in hardening: two-factor authentication and login throttling.

Who uses this: safeguarding leads and superusers, who must prove a second
factor (a TOTP app, or a one-time recovery code) before the admin opens; the
admin login view, which throttles guessing. django-otp stores the devices;
this module decides who needs them and counts failed attempts.

Throttle counters use django-ratelimit in the cache, keyed by the rotating
HMAC of the client address (upstander.ratelimit.hashed_client_key) and an HMAC
of the username, so no address or name is ever written as a cache key.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.core import get_usage

from reporting.roles import is_team_member

from .ratelimit import hashed_client_key

logger = logging.getLogger("upstander.security")

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"
PENDING_TOTP_NAME = "Authenticator app (not confirmed)"
TOTP_NAME = "Authenticator app"


# --- Who needs a second factor ---------------------------------------------------------


def otp_required_for(user) -> bool:
    """The safeguarding team (every role) and superusers: the accounts that can reach
    children's reports, their figures, or grant access to them."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or is_team_member(user))


def otp_satisfied(user) -> bool:
    """True when the user needs no second factor or has given one in this session."""
    if not otp_required_for(user):
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def has_confirmed_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def has_confirmed_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# --- Enrolment -------------------------------------------------------------------------


def totp_pending_device(*, user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled; the same one on every reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=PENDING_TOTP_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm an enrolment with a code from the app; return fresh recovery codes.

    Returns None when the code is wrong. On success the user's other TOTP
    devices are removed (one authenticator per person, so a lost phone is
    replaced, not added to), and a new set of recovery codes replaces the old.
    """
    if device.user_id != user.pk or device.confirmed:
        return None
    if not device.verify_token(_normalise(token)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.name = TOTP_NAME
    device.save(update_fields=["confirmed", "name"])
    return recovery_codes_regenerate(user=user)


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones, each usable once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def otp_match(*, user, token: str):
    """The confirmed device (authenticator or recovery code) that accepts `token`, or None.

    Each device's own verification is used, so django-otp's per-device
    throttling and TOTP replay protection (last_t) apply.
    """
    token = _normalise(token)
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None


def _normalise(token: str) -> str:
    # People type codes with spaces or dashes ("123 456", "abcd-efgh").
    return "".join(ch for ch in (token or "") if ch.isalnum()).lower()[:16]


@transaction.atomic
def otp_demo_device(user, key_hex: str) -> TOTPDevice:
    """Give a demo account a confirmed authenticator with a known key (seed data only).

    Idempotent: running seed_demo twice leaves one device with this key. The
    browser tests compute codes with `django_otp.oath.totp(bytes.fromhex(key_hex))`.
    Never call this for a real account: anyone who knows the key has the factor.
    """
    bytes.fromhex(key_hex)  # refuse a malformed key early
    TOTPDevice.objects.filter(user=user).exclude(key=key_hex).delete()
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, key=key_hex, defaults={"name": "Demo authenticator", "confirmed": True}
    )
    return device


# --- Login throttling ------------------------------------------------------------------


@dataclass(frozen=True)
class ThrottleState:
    blocked: bool
    seconds_left: int = 0


def _username_digest(username: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(),
        b"login-username:" + username.strip().lower().encode(),
        hashlib.sha256,
    ).hexdigest()[:32]


def _limits(kind: str, username: str) -> list[tuple[str, object, str]]:
    """(group, key callable, rate) triples that apply to one attempt."""
    rates = settings.STAFF_LOGIN_RATES if kind == "login" else settings.STAFF_OTP_RATES
    user_part = _username_digest(username)

    def per_client(group, request):
        return hashed_client_key(group, request)

    def per_username_and_client(group, request):
        return f"{hashed_client_key(group, request)}:{user_part}"

    return [
        (f"staff-{kind}-client", per_client, rates["client"]),
        (f"staff-{kind}-user", per_username_and_client, rates["username_and_client"]),
    ]


def throttle_state(request, *, kind: str, username: str) -> ThrottleState:
    """Whether failed attempts from this client (for this username) already hit a limit."""
    left = 0
    blocked = False
    for group, key, rate in _limits(kind, username):
        usage = get_usage(request, group=group, key=key, rate=rate, increment=False)
        if usage and usage["count"] >= usage["limit"]:
            blocked = True
            left = max(left, usage["time_left"])
    return ThrottleState(blocked=blocked, seconds_left=left)


def throttle_count_failure(request, *, kind: str, username: str) -> bool:
    """Count a failed attempt; return True when this failure starts a lockout."""
    started = False
    for group, key, rate in _limits(kind, username):
        usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
        if usage and usage["limit"] and usage["count"] == usage["limit"]:
            started = True
    if started:
        lockout_record(kind=kind, username=username, request=request)
    return started


def lockout_record(*, kind: str, username: str, request=None) -> None:
    """Log and audit a lockout. The username is recorded; the client address never is.

    Audited once for each school the account belongs to, so that school's leads see
    someone is trying their colleague's account; for a username that is no account,
    for the school whose address was used.
    """
    from django.contrib.auth import get_user_model
    from wagtail.models import Site

    from reporting.audit import audit_record_per_school
    from reporting.choices import AuditAction
    from reporting.staff_schools import schools_of_staff

    username = username.strip()[:150]
    logger.warning("Staff %s locked out after repeated failures for username %r", kind, username)
    account = get_user_model().objects.filter(username=username).first()
    school_ids = list(schools_of_staff(account).values_list("pk", flat=True)) if account else []
    if not school_ids and request is not None:
        site = Site.find_for_request(request)
        school_ids = [site.pk] if site else []
    audit_record_per_school(
        actor=None,
        action=AuditAction.LOGIN_LOCKOUT,
        school_ids=school_ids,
        detail={"username": username, "stage": kind},
    )
