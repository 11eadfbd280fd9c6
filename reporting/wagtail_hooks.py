"""Registers the safeguarding back office with the Wagtail admin (and nothing else)."""

from django.urls import include, path
from wagtail import hooks

from . import viewsets


@hooks.register("register_admin_urls")
def register_triage_urls():
    return [
        path("safeguarding/", include(viewsets, namespace="reporting_triage")),
        # Exports, dashboard and retention (reporting.records, namespace reporting_records)
        # ask the access policy (reporting.permissions) in each view.
        path("safeguarding/records/", include("reporting.records.urls")),
    ]


@hooks.register("register_admin_menu_item")
def register_safeguarding_menu():
    return viewsets.safeguarding_menu_item()


@hooks.register("register_admin_menu_item")
def register_concern_menu():
    return viewsets.concern_menu_item()


@hooks.register("register_group_permission_panel")
def register_safeguarding_group_note():
    from .group_note import SafeguardingGroupNote

    return SafeguardingGroupNote
