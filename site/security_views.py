"""Staff sign-in views: a throttled admin login, and two-factor verify and enrol pages.

Who uses these: every member of staff signs in through ThrottledLoginView
(mounted over Wagtail's /admin/login/); leads and superusers are then sent by
upstander.middleware.StaffTwoFactorMiddleware to `otp_verify`, or to
`otp_enrol` the first time. The rules live in upstander.staff_auth.
"""

from __future__ import annotations

import base64
import re
from urllib.parse import urlencode

import django_otp
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from wagtail.admin.views.account import LoginView

from . import staff_auth

LOCKOUT_MESSAGE = (
    "Too many attempts to sign in. To keep pupils' reports safe, signing in is paused "
    "for a while. Please try again in {minutes} minutes, or ask your IT team for help "
    "if you have forgotten your password."
)
OTP_LOCKOUT_MESSAGE = (
    "Too many wrong codes. Please wait {minutes} minutes before trying again. "
    "If you have lost your phone, use one of your recovery codes."
)


def _minutes(seconds: int) -> int:
    return max(1, (seconds + 59) // 60)


def _safe_next(request: HttpRequest, fallback: str = "wagtailadmin_home") -> str:
    """The `next` target if it stays on this site, else the dashboard (no open redirect)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(fallback)


class ThrottledLoginView(LoginView):
    """Wagtail's login with failed attempts counted per client and per username + client."""

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        state = staff_auth.throttle_state(request, kind="login", username=username)
        if state.blocked:
            return self._locked_out(state.seconds_left)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        username = self.request.POST.get("username", "")
        staff_auth.throttle_count_failure(self.request, kind="login", username=username)
        state = staff_auth.throttle_state(self.request, kind="login", username=username)
        if state.blocked:
            return self._locked_out(state.seconds_left)
        return super().form_invalid(form)

    def _locked_out(self, seconds_left: int) -> HttpResponse:
        form = self.get_form_class()(
            self.request, initial={"username": self.request.POST.get("username", "")}
        )
        # An unbound form: prepare its error list by hand, without validating anything.
        form.full_clean()
        form.cleaned_data = {}
        form.add_error(None, LOCKOUT_MESSAGE.format(minutes=_minutes(seconds_left)))
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 429
        return response


login_view = sensitive_post_parameters("password")(ThrottledLoginView.as_view())


def _with_next(url_name: str, target: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': target})}"


def _qr_svg(data: str) -> str:
    """The provisioning URI as inline SVG, drawn here: the secret never leaves the server."""
    # Imported here: only staff enrolling a second factor need it, and every web
    # worker that imports it at start-up carries it in memory (part of each worker's idle RSS).
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    return re.sub(r"^<\?xml[^>]*>\s*", "", svg)


def _grouped_secret(device) -> str:
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required(login_url="wagtailadmin_login")
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Ask for a code from the authenticator app (or a recovery code) after the password."""
    user = request.user
    if not staff_auth.has_confirmed_device(user):
        return redirect(_with_next("security_otp_enrol", _safe_next(request)))
    if user.is_verified():
        return redirect(_safe_next(request))
    error = ""
    status = 200
    if request.method == "POST":
        username = user.get_username()
        state = staff_auth.throttle_state(request, kind="otp", username=username)
        if state.blocked:
            error = OTP_LOCKOUT_MESSAGE.format(minutes=_minutes(state.seconds_left))
            status = 429
        else:
            device = staff_auth.otp_match(user=user, token=request.POST.get("token", ""))
            if device is not None:
                # A new session key once the second factor is proven (no fixation).
                request.session.cycle_key()
                django_otp.login(request, device)
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    request.session["upstander_recovery_codes_left"] = left
                return redirect(_safe_next(request))
            staff_auth.throttle_count_failure(request, kind="otp", username=username)
            state = staff_auth.throttle_state(request, kind="otp", username=username)
            if state.blocked:
                error = OTP_LOCKOUT_MESSAGE.format(minutes=_minutes(state.seconds_left))
                status = 429
            else:
                error = (
                    "That code did not work. Check the time on your phone and try the newest code."
                )
    return render(
        request,
        "security/otp_verify.html",
        {"error": error, "next": _safe_next(request)},
        status=status,
    )


@never_cache
@login_required(login_url="wagtailadmin_login")
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app, then show ten recovery codes once.

    Someone who already has an authenticator must verify with it first: a
    stolen password alone must never be enough to add the thief's phone.
    """
    user = request.user
    if staff_auth.has_confirmed_device(user) and not user.is_verified():
        return redirect(_with_next("security_otp_verify", _safe_next(request)))
    device = staff_auth.totp_pending_device(user=user)
    error = ""
    if request.method == "POST":
        codes = staff_auth.totp_confirm(
            user=user, device=device, token=request.POST.get("token", "")
        )
        if codes is not None:
            request.session.cycle_key()
            django_otp.login(request, device)
            return render(
                request,
                "security/recovery_codes.html",
                {"codes": codes, "next": _safe_next(request), "first_time": True},
            )
        error = "That code did not work. Type the 6 numbers your app shows now."
    return render(
        request,
        "security/otp_enrol.html",
        {
            "qr_svg": _qr_svg(device.config_url),
            "secret": _grouped_secret(device),
            "error": error,
            "next": _safe_next(request),
        },
        status=200 if not error else 400,
    )


@never_cache
@login_required(login_url="wagtailadmin_login")
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Make a fresh set of recovery codes (the old ones stop working); verified users only."""
    if not request.user.is_verified():
        return redirect(_with_next("security_otp_verify", request.path))
    if request.method == "POST":
        codes = staff_auth.recovery_codes_regenerate(user=request.user)
        return render(
            request,
            "security/recovery_codes.html",
            {"codes": codes, "next": reverse("wagtailadmin_home"), "first_time": False},
        )
    left = StaticToken.objects.filter(device__user=request.user).count()
    return render(request, "security/recovery_codes_confirm.html", {"codes_left": left})
