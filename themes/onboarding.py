"""Adding a school to a running deployment, in one step: its Site, its home page and
"Get help now" page, its branding, its mentors' and moderators' groups, its moderation
workflow and its first designated safeguarding lead.

Who uses this: an admin through Settings → Schools → Add a school (themes.admin_views),
and the operator through `manage.py add_school` (the README shows the command). Both go
through `school_create`, so a school set up either way is the same.

The home page is made here, under the tree root, because Wagtail's editor lets nobody but
a superuser add pages there, and then only by copying ("You do not have permission to copy
to page Root"): a school's tree has to start somewhere that is not yet a school's.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, Site

from .models import SchoolBranding
from .registry import DEFAULT_THEME
from .schools import SchoolGroups, school_groups_create

STARTER_WORDS = Path(__file__).with_name("new_school.toml")


@dataclass(frozen=True)
class NewSchool:
    site: Site
    home: Page
    help_page: Page
    branding: SchoolBranding
    groups: SchoolGroups


def starter_words(school_name: str) -> dict:
    data = tomllib.loads(STARTER_WORDS.read_text(encoding="utf-8"))
    return {
        part: {
            key: value.replace("{school}", school_name) if isinstance(value, str) else value
            for key, value in words.items()
        }
        for part, words in data.items()
    }


def school_problems(*, name: str, hostname: str, port: int) -> dict[str, str]:
    """What would stop a school being added, by field, in words for the admin."""
    problems = {}
    name = (name or "").strip()
    if not name:
        problems["name"] = "Give the school's name."
    elif (
        Site.objects.filter(site_name__iexact=name).exists()
        or SchoolBranding.objects.filter(school_name__iexact=name).exists()
        or Group.objects.filter(name__iexact=f"{name} mentors").exists()
    ):
        # Its groups are found by name: a second school of the same name would share them.
        problems["name"] = "A school of that name is already set up. Add the town, for example."
    hostname = (hostname or "").strip().lower()
    if not hostname:
        problems["hostname"] = (
            "Give the address pupils will type, for example oakfield.example.org."
        )
    elif Site.objects.filter(hostname=hostname, port=port).exists():
        problems["hostname"] = f"{hostname}:{port} is already another school's address."
    return problems


def _unique_slug(name: str) -> str:
    root = Page.get_first_root_node()
    base = slugify(name)[:60] or "school"
    slug, number = base, 2
    while Page.objects.child_of(root).filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _publish(page, actor):
    revision = page.save_revision(user=actor, log_action=True)
    revision.publish(user=actor)
    page.refresh_from_db()
    return page


@transaction.atomic
def school_create(
    *, actor, name: str, hostname: str, port: int = 80, theme: str = DEFAULT_THEME, dsl
) -> NewSchool:
    """Set a new school up completely, or (on any problem) not at all.

    `actor` is the admin doing it, or None for `manage.py add_school` (whoever runs it
    already holds the deployment's keys); either way the audit log records it.
    """
    # Imported here: content and reporting import themes (templates, branding).
    from content.models import HelpPage, HomePage
    from reporting.audit import audit_record
    from reporting.choices import AuditAction, TeamRole
    from reporting.services.team import team_appoint

    if actor is not None and not actor.is_superuser:
        raise PermissionDenied("Only an admin may add a school.")
    name, hostname = (name or "").strip(), (hostname or "").strip().lower()
    problems = school_problems(name=name, hostname=hostname, port=port)
    if problems:
        raise ValidationError(problems)
    words = starter_words(name)
    root = Page.get_first_root_node()
    home = HomePage(
        title=name,
        slug=_unique_slug(name),
        hero_heading=words["home"]["hero_heading"],
        hero_text=words["home"]["hero_text"],
        intro=words["home"]["intro"],
        live=False,
        owner=actor,
    )
    root.add_child(instance=home)
    _publish(home, actor)
    help_words = words["help"]
    help_page = HelpPage(
        title=help_words["title"],
        slug=help_words["slug"],
        summary=help_words["summary"],
        intro=help_words["intro"],
        review_by=timezone.localdate() + timedelta(days=30 * help_words["review_months"]),
        live=False,
        owner=actor,
    )
    home.add_child(instance=help_page)
    _publish(help_page, actor)

    site = Site.objects.create(hostname=hostname, port=port, root_page=home, site_name=name)
    branding = SchoolBranding(site=site, school_name=name, theme=theme)
    branding.full_clean()
    branding.save()
    groups = school_groups_create(site, name=name)
    team_appoint(actor=actor, school=site, user=dsl, role=TeamRole.DSL)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE_SCHOOL,
        school=site,
        detail={"school": name, "hostname": hostname, "port": port, "theme": theme},
    )
    return NewSchool(site=site, home=home, help_page=help_page, branding=branding, groups=groups)
