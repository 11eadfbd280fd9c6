"""Build the demo schools from content/demo_content.py. Idempotent: a second run adds nothing.

Pages are published through revisions (as an editor would). The demo video and podcast
are small files in content/demo_media/ (made by scripts/make_demo_media.py), so nothing is
downloaded and no media toolchain is needed at run time.
"""

import re
import secrets
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile, File
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page, Site
from wagtailmedia.models import Media

from content import demo_content as words
from content.models import (
    AgeBand,
    Audience,
    AudienceHubPage,
    CodeOfConductPage,
    GuidePage,
    Helpline,
    HelpPage,
    HomePage,
    MentorProfile,
    PodcastPage,
    Topic,
    VideoPage,
)

DEMO_PASSWORDS = {
    "mentor": "upstander-mentor-demo",
    "moderator": "upstander-moderator-demo",
    "lead": "upstander-lead-demo",
    "admin": "upstander-admin-demo",
}
MAIN_HOME_SLUG = "demo-school"
# The school's own name names its Site: every queue row, case page and alert shows it.
MAIN_NAME = "Northfield Academy"
PRIMARY_HOME_SLUG = "brook-lane-primary"
PRIMARY_NAME = "Brook Lane Primary"
PRIMARY_GUIDE = "staying-safe-and-kind-online-ages-7-to-11"
FOLLOW_ON_COMMANDS = (
    "seed_schools_demo",
    "seed_reporting_demo",
    "seed_security_demo",
    "seed_voice_demo",
)
VIDEO_SIZE = (320, 180)
DEMO_MEDIA = Path(__file__).resolve().parents[2] / "demo_media"
INTERNAL_LINK = re.compile(r'<a href="/([a-z0-9-]+)/">(.*?)</a>', re.DOTALL)


def months_from(start: date, months: int) -> date:
    return start + timedelta(days=round(30.44 * months))


def vtt_from_cues(cues) -> str:
    def stamp(seconds: float) -> str:
        millis = round(seconds * 1000)
        hours, millis = divmod(millis, 3_600_000)
        minutes, millis = divmod(millis, 60_000)
        secs, millis = divmod(millis, 1000)
        return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"

    lines = ["WEBVTT", ""]
    for number, (start, end, text) in enumerate(cues, start=1):
        lines += [str(number), f"{stamp(start)} --> {stamp(end)}", text, ""]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Create the demo schools, their pages, snippets, media and demo accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=8000,
            help="The port the demo is served on (`make run` passes its PORT): the schools' "
            "sites answer there, and the printed address uses it.",
        )

    def handle(self, *args, port=8000, **options):
        self.today = timezone.localdate()
        self.port = port
        with transaction.atomic():
            users = self.seed_users()
            self.publisher = users["moderator"]
            self.seed_taxonomy()
            mentors = self.seed_mentors(users)
            home = self.seed_main_site(users, mentors)
            self.seed_primary_site(users, mentors, home)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content is ready at http://127.0.0.1:{port}/ "
                f"(Brook Lane Primary at http://localhost:{port}/)"
            )
        )
        if settings.DEBUG:
            self.stdout.write("Demo accounts (DEBUG is on, so they are shown):")
            for username, password in DEMO_PASSWORDS.items():
                self.stdout.write(f"  {username:<10} {password}")
        available = get_commands()
        for name in FOLLOW_ON_COMMANDS:
            if name in available:
                call_command(name, stdout=self.stdout, stderr=self.stderr)

    # --- accounts ------------------------------------------------------------------
    def seed_users(self):
        User = get_user_model()
        specs = {
            "mentor": {"groups": ["Mentors"], "first_name": "Sky"},  # a pupil: no surname, no email
            "moderator": {
                "groups": ["Moderators"],
                "first_name": "Morgan",
                "last_name": "Reed",
                "email": "moderator@school.example",
            },
            "lead": {
                "groups": ["Safeguarding leads"],
                "first_name": "Lee",
                "last_name": "Carter",
                "email": "lead@school.example",
            },
            "admin": {
                "groups": [],
                "first_name": "Alex",
                "last_name": "Admin",
                "email": "admin@school.example",
            },
        }
        users = {}
        for username, spec in specs.items():
            user = User.objects.filter(username=username).first()
            created = user is None
            if created:
                user = User(username=username)
            for field in ("first_name", "last_name", "email"):
                setattr(user, field, spec.get(field, ""))
            user.is_superuser = user.is_staff = username == "admin"
            if settings.DEBUG:
                user.set_password(DEMO_PASSWORDS[username])
            elif created:
                # Production-like run: nobody may log in with a published demo password.
                user.set_password(secrets.token_urlsafe(24))
            user.save()
            for name in spec["groups"]:
                user.groups.add(Group.objects.get_or_create(name=name)[0])
            users[username] = user
        return users

    # --- snippets ------------------------------------------------------------------
    def seed_taxonomy(self):
        for item in words.TOPICS:
            Topic.objects.update_or_create(
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "sensitive": item.get("sensitive", False),
                    "description": item.get("description", ""),
                },
            )
        for order, item in enumerate(words.HELPLINES):
            helpline, _ = Helpline.objects.update_or_create(
                name=item["name"],
                defaults={
                    "phone": item.get("phone", ""),
                    "text_number": item.get("text_number", ""),
                    "url": item.get("url", ""),
                    "hours": item.get("hours", ""),
                    "description": item.get("description", ""),
                    "emergency": item.get("emergency", False),
                    "sort_order": order,
                },
            )
            helpline.audiences.set(Audience.objects.filter(key__in=item.get("for", [])))

    def seed_mentors(self, users):
        mentors = {}
        for index, item in enumerate(words.MENTORS):
            mentor, _ = MentorProfile.objects.update_or_create(
                display_name=item["display_name"],
                defaults={"year_group": item.get("year_group"), "bio": item.get("bio", "")},
            )
            if index == 0 and mentor.user_id is None:
                mentor.user = users["mentor"]
                mentor.save(update_fields=["user"])
            mentors[mentor.display_name] = mentor
        return mentors

    # --- sites ---------------------------------------------------------------------
    def seed_main_site(self, users, mentors):
        root = Page.get_first_root_node()
        home = HomePage.objects.child_of(root).filter(slug=MAIN_HOME_SLUG).first()
        if home is None:
            home = HomePage(
                slug=MAIN_HOME_SLUG,
                title=words.HOME["title"],
                hero_heading=words.HOME.get("hero_heading", ""),
                hero_text=words.HOME.get("hero_text", ""),
                intro=words.HOME.get("intro", ""),
                live=False,
            )
            root.add_child(instance=home)
            self.publish(home, users["admin"])
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        site.hostname, site.port, site.root_page = "127.0.0.1", self.port, home
        site.site_name = MAIN_NAME
        site.save()
        self.remove_welcome_page(root)

        self.paths = self.plan_paths()
        hubs = {}
        for item in words.HUBS:
            hubs[item["audience"]] = hubs[item["slug"]] = self.ensure_page(
                home,
                AudienceHubPage,
                slug=item["slug"],
                title=item["title"],
                audience=Audience.objects.get(key=item["audience"]),
                intro=self.links(item.get("intro", "")),
                show_in_menus=True,
                user=users["admin"],
            )
        for number, item in enumerate(words.GUIDES):
            page = self.ensure_guide(hubs[item["hub"]], item, users, mentors)
            if number == 1 and page.review_by >= self.today:
                # One page past its date, so the moderators' review report has something to show.
                page.review_by = self.today - timedelta(days=14)
                page.save(update_fields=["review_by"])
        self.ensure_video(hubs[words.VIDEO["hub"]], users, mentors)
        self.ensure_podcast(hubs[words.PODCAST["hub"]], users, mentors)
        self.ensure_code_of_conduct(home, users)
        self.ensure_help_page(home, users)
        return home

    def seed_primary_site(self, users, mentors, main_home):
        root = Page.get_first_root_node()
        home = HomePage.objects.child_of(root).filter(slug=PRIMARY_HOME_SLUG).first()
        if home is None:
            home = HomePage(
                slug=PRIMARY_HOME_SLUG,
                title=PRIMARY_NAME,
                hero_heading="Staying safe and kind online",
                hero_text="Help for pupils at Brook Lane Primary, written with our older mentors.",
                live=False,
            )
            root.add_child(instance=home)
            self.publish(home, users["admin"])
        Site.objects.update_or_create(
            hostname="localhost",
            defaults={
                "port": self.port,
                "root_page": home,
                "site_name": PRIMARY_NAME,
                "is_default_site": False,
            },
        )
        pupils_hub = next(item for item in words.HUBS if item["audience"] == "pupils")
        # Only what this school has: a link to a page only the main site has becomes plain text.
        self.paths = {
            "pupils": "/pupils/",
            PRIMARY_GUIDE: f"/pupils/{PRIMARY_GUIDE}/",
            words.HELP_PAGE["slug"]: f"/{words.HELP_PAGE['slug']}/",
        }
        hub = self.ensure_page(
            home,
            AudienceHubPage,
            slug="pupils",
            title="For pupils",
            audience=Audience.objects.get(key="pupils"),
            intro=self.links(pupils_hub.get("intro", "")),
            show_in_menus=True,
            user=users["admin"],
        )
        guide = next(item for item in words.GUIDES if item["slug"] == PRIMARY_GUIDE)
        self.ensure_guide(hub, guide, users, mentors)
        self.ensure_help_page(home, users)

    def remove_welcome_page(self, root):
        for page in Page.objects.child_of(root).filter(
            content_type__model="page", content_type__app_label="wagtailcore"
        ):
            if (
                not page.get_children().exists()
                and not Site.objects.filter(root_page=page).exists()
            ):
                page.delete()

    # --- pages ---------------------------------------------------------------------
    def plan_paths(self) -> dict:
        """Where each slug in demo_content will live, so its internal links can point there."""
        hub_slug = {}
        for item in words.HUBS:
            hub_slug[item["audience"]] = hub_slug[item["slug"]] = item["slug"]
        paths = {item["slug"]: f"/{item['slug']}/" for item in words.HUBS}
        for item in [*words.GUIDES, words.VIDEO, words.PODCAST]:
            paths[item["slug"]] = f"/{hub_slug[item['hub']]}/{item['slug']}/"
        paths[words.CODE_OF_CONDUCT["slug"]] = f"/{words.CODE_OF_CONDUCT['slug']}/"
        paths[words.HELP_PAGE["slug"]] = f"/{words.HELP_PAGE['slug']}/"
        return paths

    def links(self, html: str) -> str:
        """Demo links by slug (`href="/slug/"`) pointed at where that page lives in this
        school's tree; the link is dropped, keeping its words, where the school has no such page."""

        def point(match):
            path = self.paths.get(match.group(1))
            return f'<a href="{path}">{match.group(2)}</a>' if path else match.group(2)

        return INTERNAL_LINK.sub(point, html or "")

    def publish(self, page, user):
        # Written by its author (a mentor may be), approved and published by the moderator.
        revision = page.save_revision(user=user, log_action=True)
        revision.publish(user=self.publisher)
        page.refresh_from_db()
        return page

    def ensure_page(self, parent, model, *, slug, user, taxonomy=None, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            if fields.get("show_in_menus") and not existing.show_in_menus:
                # A demo built before menus came from the page tree.
                existing.show_in_menus = True
                return self.publish(existing, user)
            return existing
        page = model(slug=slug, live=False, owner=user, **fields)
        parent.add_child(instance=page)
        if taxonomy:
            page.audiences.set(Audience.objects.filter(key__in=taxonomy.get("audiences", [])))
            page.age_bands.set(AgeBand.objects.filter(key__in=taxonomy.get("age_bands", [])))
            page.topics.set(Topic.objects.filter(slug__in=taxonomy.get("topics", [])))
        return self.publish(page, user)

    def advice_fields(self, item, mentors, users):
        mentor = mentors.get(item.get("mentor") or "")
        return {
            "title": item["title"],
            "summary": item.get("summary", ""),
            "mentor": mentor,
            "review_by": months_from(self.today, item.get("review_months", 6)),
            "user": users["mentor"]
            if mentor and mentor.user_id == users["mentor"].pk
            else users["moderator"],
        }

    def stream(self, blocks) -> list[dict]:
        raw = []
        for kind, value in blocks:
            if kind == "paragraph":
                value = self.links(value)
            elif kind == "faq":
                value = [
                    {"question": item["question"], "answer": self.links(item["answer"])}
                    for item in value
                ]
            elif kind == "related_links":
                value = [
                    {"title": link["title"], "url": link.get("url", ""), "page": None}
                    for link in value
                ]
            elif kind == "steps":
                value = {"title": value.get("title", ""), "items": list(value.get("items", []))}
            elif kind == "do_dont":
                value = {"do": list(value.get("do", [])), "dont": list(value.get("dont", []))}
            elif kind == "quote":
                value = {"text": value.get("text", ""), "attribution": value.get("attribution", "")}
            raw.append({"type": kind, "value": value})
        return raw

    def ensure_guide(self, hub, item, users, mentors):
        return self.ensure_page(
            hub,
            GuidePage,
            slug=item["slug"],
            body=self.stream(item.get("body", [])),
            taxonomy=item,
            **self.advice_fields(item, mentors, users),
        )

    def ensure_video(self, hub, users, mentors):
        item = words.VIDEO
        if VideoPage.objects.child_of(hub).filter(slug=item["slug"]).exists():
            return
        video = self.generated_video(item)
        captions = self.caption_document(item)
        self.ensure_page(
            hub,
            VideoPage,
            slug=item["slug"],
            video=video,
            captions=captions,
            transcript=self.links(item["transcript"]),
            taxonomy=item,
            **self.advice_fields(item, mentors, users),
        )

    def ensure_podcast(self, hub, users, mentors):
        item = words.PODCAST
        if PodcastPage.objects.child_of(hub).filter(slug=item["slug"]).exists():
            return
        self.ensure_page(
            hub,
            PodcastPage,
            slug=item["slug"],
            audio=self.generated_audio(item),
            show_notes=self.links(item.get("show_notes", "")),
            transcript=self.links(item["transcript"]),
            taxonomy=item,
            **self.advice_fields(item, mentors, users),
        )

    def ensure_code_of_conduct(self, home, users):
        item = words.CODE_OF_CONDUCT
        if CodeOfConductPage.objects.child_of(home).filter(slug=item["slug"]).exists():
            return
        first, *later = item["versions"]
        page = self.ensure_page(
            home,
            CodeOfConductPage,
            slug=item["slug"],
            title=item["title"],
            summary=item.get(
                "summary", "What we have all agreed about how we treat each other online."
            ),
            intro=self.links(item.get("intro", "")),
            effective_date=date.fromisoformat(first["effective"]),
            commitments=[{"type": "commitment", "value": c} for c in first["commitments"]],
            changes="\n".join(first.get("changes", [])),
            review_by=months_from(self.today, 12),
            user=users["moderator"],
            taxonomy={"audiences": [item.get("audience", "pupils")], "age_bands": words.SECONDARY},
        )
        for version in later:
            # Each later version is a new published revision, so "what changed" has history.
            page = page.get_latest_revision_as_object()
            page.effective_date = date.fromisoformat(version["effective"])
            page.commitments = [{"type": "commitment", "value": c} for c in version["commitments"]]
            page.changes = "\n".join(version.get("changes", []))
            self.publish(page, users["moderator"])

    def ensure_help_page(self, home, users):
        item = words.HELP_PAGE
        return self.ensure_page(
            home,
            HelpPage,
            slug=item["slug"],
            title=item["title"],
            summary=item.get(
                "summary", "Who to contact when you need help, any time of day or night."
            ),
            intro=self.links(item.get("intro", "")),
            body=self.stream(item.get("sections", [])),
            review_by=months_from(self.today, 3),
            user=users["moderator"],
            taxonomy={"audiences": words.AUDIENCES, "age_bands": words.ALL_AGES},
        )

    # --- generated media -------------------------------------------------------------
    def caption_document(self, item):
        Document = get_document_model()
        title = f"Captions: {item['title']}"
        document = Document.objects.filter(title=title).first()
        if document is None:
            document = Document(title=title)
            document.file.save(
                f"{item['slug']}.vtt",
                ContentFile(vtt_from_cues(item["captions"]).encode()),
                save=False,
            )
            document.save()
        return document

    def generated_video(self, item):
        existing = Media.objects.filter(title=item["title"], type="video").first()
        if existing is not None:
            return existing
        cues = item["captions"]
        media = Media(
            title=item["title"],
            type="video",
            duration=cues[-1][1],
            width=VIDEO_SIZE[0],
            height=VIDEO_SIZE[1],
        )
        path = DEMO_MEDIA / f"{item['slug']}.mp4"
        with path.open("rb") as handle:
            media.file.save(path.name, File(handle), save=False)
        media.save()
        return media

    def generated_audio(self, item):
        existing = Media.objects.filter(title=item["title"], type="audio").first()
        if existing is not None:
            return existing
        duration = item["captions"][-1][1] if item.get("captions") else 10.0
        media = Media(title=item["title"], type="audio", duration=duration)
        path = DEMO_MEDIA / f"{item['slug']}.m4a"
        with path.open("rb") as handle:
            media.file.save(path.name, File(handle), save=False)
        media.save()
        return media
