"""Registers the safeguarding back office with the Wagtail admin (and nothing else)."""

from django.urls import include, path
from wagtail import hooks

from . import viewsets
from .alert_profile import AlertProfileSettingsPanel
from .calendar_viewsets import school_calendar_viewset
from .triage.home import summary_panel_for


@hooks.register("register_admin_urls")
def register_triage_urls():
    return [
        path("safeguarding/", include(viewsets, namespace="reporting_triage")),
        # Exports, dashboard and retention (reporting.records, namespace reporting_records)
        # ask the access policy (reporting.permissions) in each view.
        path("safeguarding/records/", include("reporting.records.urls")),
        # Pupil records and file transfers (reporting.pupils, namespace reporting_pupils).
        path("safeguarding/pupils/", include("reporting.pupils.urls")),
    ]


@hooks.register("register_admin_menu_item")
def register_safeguarding_menu():
    return viewsets.safeguarding_menu_item()


@hooks.register("register_admin_menu_item")
def register_concern_menu():
    return viewsets.concern_menu_item()


@hooks.register("construct_homepage_panels")
def add_safeguarding_summary(request, panels):
    panel = summary_panel_for(request)
    if panel is not None:
        panels.insert(0, panel)


@hooks.register("register_admin_viewset")
def register_school_calendar():
    return school_calendar_viewset


@hooks.register("register_account_settings_panel")
def register_alert_profile_panel(request, user, profile):
    return AlertProfileSettingsPanel(request, user, profile)


@hooks.register("register_group_permission_panel")
def register_safeguarding_group_note():
    from .group_note import SafeguardingGroupNote

    return SafeguardingGroupNote
