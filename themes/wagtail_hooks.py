"""Registers Settings → Schools (the schools' list and "Add a school") with the Wagtail admin."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_school_urls():
    return [path("schools/add/", admin_views.school_add, name="schools_add")]


class AdminOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_schools_menu_item():
    # The list of schools is the safeguarding teams' one, which links to "Add a school".
    return AdminOnlyMenuItem(
        "Schools", reverse("reporting_triage:team_schools"), icon_name="site", order=150
    )
