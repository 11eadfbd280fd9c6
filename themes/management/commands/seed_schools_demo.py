"""Give every Site its demo branding and per-school groups.

Called by the content app's `seed_demo` at its end, once the Sites and page trees
exist; safe to run again. The two demo schools:
- http://127.0.0.1:8000/ : Northfield Academy, the calm secondary theme;
- http://localhost:8000/ : Brook Lane Primary, the bright primary theme.
Any other Site keeps its branding (or gets the default) and gets its groups and
its own moderation workflow. The demo `moderator` (made by seed_demo) moderates
both demo schools, as the demo lead leads both.
Contact details are fictional: phone numbers from Ofcom's drama range.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Site

from themes.models import SchoolBranding
from themes.schools import school_groups_create

DEMO_SCHOOLS = {
    "127.0.0.1": {
        "school_name": "Northfield Academy",
        "theme": "secondary",
        "phone": "01632 960 123",
        "email": "office@northfield.example",
        "address": "Northfield Academy\nMill Road\nNorthfield\nNF1 2AB",
        "urgent_contact": (
            "Children's services out-of-hours team: 01632 960 999. In an emergency call 999."
        ),
    },
    "localhost": {
        "school_name": "Brook Lane Primary",
        "theme": "primary",
        "phone": "01632 960 456",
        "email": "office@brooklane.example",
        "address": "Brook Lane Primary School\nBrook Lane\nEastbrook\nEB3 4CD",
        "urgent_contact": (
            "Children's services out-of-hours team: 01632 960 888. In an emergency call 999."
        ),
        # The school's own colours, within WCAG AA (checked on save like any other).
        "primary_text_colour": "#ffffff",
        "primary_background_colour": "#1d5c96",
        "accent_text_colour": "#1f1a3d",
        "accent_background_colour": "#ffd23f",
    },
}


DEMO_MODERATOR = "moderator"


class Command(BaseCommand):
    help = (
        "Set demo school branding and create per-school mentor/moderator groups and "
        "moderation workflows for every Site."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        for site in Site.objects.select_related("root_page").order_by("pk"):
            values = DEMO_SCHOOLS.get(site.hostname)
            branding = SchoolBranding.objects.filter(site=site).first() or SchoolBranding(site=site)
            if values:
                for field, value in values.items():
                    setattr(branding, field, value)
            branding.full_clean()
            branding.save()
            if values and site.site_name != values["school_name"]:
                # The Site's name is what the back office and alerts show.
                site.site_name = values["school_name"]
                site.save(update_fields=["site_name"])
            if site.root_page.is_root():
                self.stdout.write(self.style.WARNING(f"{site}: rooted at the tree root, no groups"))
                continue
            groups = school_groups_create(site, name=branding.display_name)
            moderator = get_user_model().objects.filter(username=DEMO_MODERATOR).first()
            if values and moderator is not None:
                moderator.groups.add(groups.moderators)
            self.stdout.write(
                f"{site.hostname}:{site.port} → {branding.display_name} "
                f"({branding.theme}); groups: {groups.mentors.name}, {groups.moderators.name}; "
                f"workflow: {groups.workflow.name}"
            )
