"""The editor's "Reading level" panel: the page's score against its age band's target.

Shown to the mentor while writing and to the moderator and lead in the same editor when they
review. Computed on the server from the draft being edited (the latest revision), so it shows
the text as saved; "Save draft" brings it up to date.
"""

from django.contrib import messages
from wagtail import hooks
from wagtail.admin.panels import Panel

from .reading_level import is_for_youngest_pupils, reading_level_of


class ReadingLevelPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "content/admin/reading_level_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["level"] = reading_level_of(self.instance)
            return context


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_when_a_young_pupils_page_is_submitted_above_its_band(request, page):
    """The mentor is told, as the page goes to the moderator, that it reads above ages 7 to 11;
    the moderator sees the same in the panel. A warning, not a refusal: a short page with a
    few necessary long words (a helpline's name) may still be right."""
    if not request.POST.get("action-submit") or not is_for_youngest_pupils(page):
        return
    level = reading_level_of(page)
    if level.too_hard:
        messages.warning(
            request,
            f"This page is harder to read ({level.score}) than the target for "
            f"{level.band.label.lower()} ({level.band.target} or lower). {level.band.hint} "
            "It has gone to the moderator; you can still edit it if they ask.",
        )
