"""Upstander's URLs: admin, health check, the report flow, media, then Wagtail pages.

What a pupil or parent reads is under `i18n_patterns`: /report/ is English and
/cy/report/ the same page in Welsh. English keeps its addresses (no /en-gb/), and the
language lives in the address alone, never in a cookie (docs/translations.md).
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from content.admin_views import PupilSafeAccountView
from themes.views import favicon

from . import healthz, media, metrics, security_views

urlpatterns = [
    path("healthz", healthz.healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    # Prometheus text format: loopback or verified staff only (upstander.metrics).
    path("metrics", metrics.metrics_view, name="metrics"),
    # Before Wagtail's admin URLs, so these win: the throttled login and 2FA pages.
    path("admin/login/", security_views.login_view, name="wagtailadmin_login"),
    path("admin/security/verify/", security_views.otp_verify, name="security_otp_verify"),
    path("admin/security/enrol/", security_views.otp_enrol, name="security_otp_enrol"),
    path(
        "admin/security/recovery-codes/",
        security_views.recovery_codes,
        name="security_recovery_codes",
    ),
    # Wagtail's account page without surname and avatar for mentors (pupils); before the admin's own.
    path("admin/account/", require_admin_access(PupilSafeAccountView.as_view())),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The school's own colours as a small stylesheet (no inline style: CSP).
    path("theme/", include("themes.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.+)$", media.serve_media, name="media"),
    ]

if getattr(settings, "TESTING", False):
    # A neutral page on this machine for quick-exit tests, so tests stay offline.
    from .testing import neutral_page

    urlpatterns += [path("__test__/neutral/", neutral_page, name="test_neutral")]

urlpatterns += i18n_patterns(
    path("report/", include("reporting.urls")),
    path("", include("content.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "content.views.page_not_found"
handler500 = "content.views.server_error"
handler403 = "content.views.permission_denied"
handler400 = "content.views.bad_request"
