"""Helpers for tests that act as a lead or superuser who has passed two-factor sign-in.

Other test areas can use `verified_login(client, user)` in place of
`client.force_login(user)` when they need an open safeguarding back office.
"""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP

from upstander.staff_auth import otp_demo_device

DEMO_KEY_HEX = "3132333435363738393031323334353637383930"  # RFC 6238's test key


def totp_code(key_hex: str, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or `steps_ahead` 30-second steps later)."""
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def verified_login(client, user, *, key_hex: str = DEMO_KEY_HEX):
    """Sign `user` in as if they had typed a correct authenticator code."""
    device = otp_demo_device(user, key_hex)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
