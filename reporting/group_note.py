"""A note on the "Safeguarding leads" group's page (Settings → Groups): membership of the
group gives no access to reports; the "Safeguarding team" screen does.

Registered through Wagtail's `register_group_permission_panel` hook, which adds a
panel to the group edit form; this one has no fields and saves nothing.
"""

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

from .roles import SAFEGUARDING_GROUP


class SafeguardingGroupNote:
    media = forms.Media()

    def __init__(self, data=None, files=None, instance=None, prefix=None):
        self.instance = instance

    def is_valid(self) -> bool:
        return True

    def save(self) -> None:
        pass

    def as_admin_panel(self) -> str:
        if self.instance is None or self.instance.name != SAFEGUARDING_GROUP:
            return ""
        return render_to_string(
            "reporting/admin/_group_note.html",
            {"team_url": reverse("reporting_triage:team_schools")},
        )
