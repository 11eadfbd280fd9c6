"""Set a Wagtail Site up as a school: its mentors' and moderators' groups, its
collection, and its own moderation workflow on its root page.

A new school is best added whole with `manage.py add_school` (or Settings → Schools →
Add a school). For a Site made by hand (Settings → Sites, its name in Settings → School
branding), run `manage.py set_up_school <hostname>`. Safe to run again (after a rename, too).
"""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from themes.schools import school_groups_create, school_name


class Command(BaseCommand):
    help = "Create a school's groups, collection and moderation workflow (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("hostname", help="the school Site's hostname")
        parser.add_argument("--port", type=int, help="only when several Sites share the hostname")

    def handle(self, *args, hostname, port=None, **options):
        sites = Site.objects.select_related("root_page").filter(hostname=hostname)
        if port is not None:
            sites = sites.filter(port=port)
        if len(sites) != 1:
            raise CommandError(
                f"Expected one Site for {hostname}{f':{port}' if port else ''}, "
                f"found {len(sites)}; add it in Settings → Sites, or give --port."
            )
        site = sites[0]
        try:
            setup = school_groups_create(site, name=school_name(site))
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{site.hostname}:{site.port}: groups {setup.mentors.name!r} and "
            f"{setup.moderators.name!r}, workflow {setup.workflow.name!r} on "
            f"{site.root_page.title!r}. Add staff to the groups in Settings → Users."
        )
