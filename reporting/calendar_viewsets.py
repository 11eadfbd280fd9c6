"""The school calendar in the admin (Settings → School calendar): closures per school.

Edited by whoever holds the SchoolClosure permissions (admins, by default);
read by reporting.school_calendar for every "when will someone read this".
"""

from wagtail.admin.viewsets.model import ModelViewSet

from .models import SchoolClosure


class SchoolClosureViewSet(ModelViewSet):
    model = SchoolClosure
    icon = "date"
    menu_label = "School calendar"
    add_to_settings_menu = True
    name = "school_calendar"
    list_display = ["name", "school", "first_day", "last_day"]
    list_filter = ["school"]
    ordering = ["school", "-first_day"]
    form_fields = ["school", "name", "first_day", "last_day"]
    search_fields = ["name"]


school_calendar_viewset = SchoolClosureViewSet()
