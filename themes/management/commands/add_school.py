"""Add a school to a running deployment in one step (the same as Settings → Schools → Add a school):

    manage.py add_school --name "Oakfield High School" --hostname oakfield.example.org --dsl jpatel

makes its Site, home page and "Get help now" page, branding, groups, moderation
workflow, and appoints the named existing account its designated safeguarding lead.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from themes.onboarding import school_create
from themes.registry import DEFAULT_THEME, theme_choices


class Command(BaseCommand):
    help = "Add a school: its Site, pages, branding, groups, workflow and first DSL."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="the school's name, as pupils know it")
        parser.add_argument("--hostname", required=True, help="the address of its site")
        parser.add_argument("--port", type=int, default=80)
        parser.add_argument(
            "--theme", default=DEFAULT_THEME, choices=[value for value, _ in theme_choices()]
        )
        parser.add_argument(
            "--dsl", required=True, help="username of the designated safeguarding lead"
        )

    def handle(self, *args, name, hostname, port, theme, dsl, **options):
        user = get_user_model().objects.filter(username=dsl).first()
        if user is None:
            raise CommandError(
                f"No account called {dsl!r}: make it first (Settings → Users, or createsuperuser)."
            )
        try:
            made = school_create(
                actor=None, name=name, hostname=hostname, port=port, theme=theme, dsl=user
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"{made.site.site_name} is set up at {made.site.hostname}:{made.site.port}: "
            f"home page {made.home.url_path!r}, groups {made.groups.mentors.name!r} and "
            f"{made.groups.moderators.name!r}, workflow {made.groups.workflow.name!r}, "
            f"DSL {user.get_username()}. Appoint the rest of its team under "
            "Safeguarding → Safeguarding team."
        )
