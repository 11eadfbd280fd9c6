"""Who may open the safeguarding back office.

Only users holding a SafeguardingLead role (reporting.roles) for at least one
school; a superuser without that role is refused like anyone else. Every
reports URL in the admin is wrapped in `lead_required`, which also requires a
second factor (django-otp) in this session.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.template.response import TemplateResponse

from .roles import is_safeguarding_lead


def forbidden(request):
    """A plain 403. Not PermissionDenied: inside the admin Wagtail turns that into a
    redirect to the dashboard, and a refusal should say what it is."""
    return TemplateResponse(request, "reporting/admin/forbidden.html", status=403)


def lead_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_safeguarding_lead(user):
            return forbidden(request)
        # Two-factor authentication (django-otp), checked here as well as by
        # upstander.middleware.StaffTwoFactorMiddleware, so no reports view opens
        # on a password alone even if the middleware is misconfigured.
        is_verified = getattr(user, "is_verified", None)
        if not (is_verified and is_verified()):
            from urllib.parse import urlencode

            from django.shortcuts import redirect
            from django.urls import reverse

            return redirect(
                f"{reverse('security_otp_verify')}?{urlencode({'next': request.get_full_path()})}"
            )
        return view(request, *args, **kwargs)

    return wrapped
