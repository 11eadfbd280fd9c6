"""Small response-header middleware that Django does not ship."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Deny powerful browser features (camera, location, …) to every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class StaffTwoFactorMiddleware:
    """Send a lead or superuser who has not given a second factor to verify (or enrol).

    Runs after django_otp's OTPMiddleware, for the admin only: nothing in the
    back office opens until `request.user.is_verified()`. reporting.permissions
    checks the same again on every reports view, so a misconfigured prefix
    cannot open a case.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(tuple(settings.STAFF_OTP_PROTECTED_PREFIXES)) and not path.startswith(
            tuple(settings.STAFF_OTP_EXEMPT_PREFIXES)
        ):
            from urllib.parse import urlencode

            from django.shortcuts import redirect
            from django.urls import reverse

            from .staff_auth import has_confirmed_device, otp_satisfied

            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and not otp_satisfied(user):
                target = (
                    "security_otp_verify" if has_confirmed_device(user) else "security_otp_enrol"
                )
                next_path = request.get_full_path() if request.method == "GET" else "/admin/"
                return redirect(f"{reverse(target)}?{urlencode({'next': next_path})}")
        return self.get_response(request)


class AdminContentSecurityPolicyMiddleware:
    """Give the Wagtail admin its own Content-Security-Policy.

    Sits inside django-csp's CSPMiddleware: setting `_csp_config` on the
    response makes CSPMiddleware build ADMIN_CONTENT_SECURITY_POLICY instead of
    the public policy. The admin still loads nothing from another host and
    cannot be framed; see ADMIN_CONTENT_SECURITY_POLICY in settings for why
    its script-src is looser than the public one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path_info
        if path.startswith(tuple(settings.ADMIN_CSP_PREFIXES)) and not hasattr(
            response, "_csp_config"
        ):
            strict = path.startswith(tuple(settings.ADMIN_CSP_STRICT_PREFIXES))
            policy = dict(
                settings.ADMIN_CONTENT_SECURITY_POLICY_STRICT
                if strict
                else settings.ADMIN_CONTENT_SECURITY_POLICY
            )
            if response.get("X-Frame-Options") == "SAMEORIGIN":
                # Wagtail's live preview frames its own preview view; nothing else may.
                policy["frame-ancestors"] = ["'self'"]
            response._csp_config = policy
        return response
