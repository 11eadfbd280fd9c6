"""The demo accounts' current second-factor code, printed without starting Django.

    .venv/bin/python -m reporting.demo_totp

The demo key is published in the README (it protects only the demo accounts), so
this needs no settings and loads nothing but the TOTP function: well under a second,
where `manage.py demo_totp` first loads every app.
"""

from django_otp.oath import totp

DEMO_TOTP_KEY_HEX = "3132333435363738393031323334353637383930"
DEMO_TOTP_KEY_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def current_code() -> str:
    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY_HEX)):06d}"


if __name__ == "__main__":
    print(current_code())
