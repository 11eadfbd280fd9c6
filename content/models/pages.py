"""Page types of the knowledge site.

Advice (guides, videos, podcasts, codes of conduct, the help page) shares one
concrete base, `AdvicePage`, holding the taxonomy, the mentor byline and the
review-by date, so listings, filters, related content and the review report
each take one query whatever the mix of page types.
"""

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import strip_tags
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageLogEntry, PageViewRestriction, Site
from wagtail.search import index

from themes.resolution import themed_template_names

from ..blocks import RICH_TEXT_FEATURES, BodyBlock, CommitmentBlock
from ..reading_level_panel import ReadingLevelPanel
from .snippets import AgeBand, Audience, MentorProfile, Topic


def default_review_by():
    """Six months: platforms change their blocking and reporting steps about that often."""
    return timezone.localdate() + timedelta(days=182)


class ThemedPageMixin:
    """Wagtail passes the list to TemplateResponse, which picks the first that exists.

    Also spares the view-restriction check its two queries per page served while
    no page on the site is private (see content.selectors.any_page_is_private).
    """

    def get_template(self, request, *args, **kwargs):
        return themed_template_names(request, self.template)

    def get_view_restrictions(self):
        from ..selectors import any_page_is_private

        if not any_page_is_private():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class DraftAwarePageForm(WagtailAdminPageForm):
    """Lets "Save draft" keep an unfinished media page; publishing and submitting still check it.

    Wagtail defers required fields only for drafts (`is_deferred_validation`); the model's
    clean() reads the flag so the same rules hold for code that saves pages directly.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "mentor" in self.fields:
            from ..byline import mentor_profiles_user_may_sign, user_may_sign_for_others

            # The choices and the validation both come from this queryset, so a mentor can
            # neither see nor post another mentor's profile.
            field = self.fields["mentor"]
            field.queryset = mentor_profiles_user_may_sign(
                user=self.for_user, current_id=self.instance.mentor_id
            )
            if self.for_user is not None and not user_may_sign_for_others(self.for_user):
                # The snippet chooser would list every mentor: a mentor picks from their own.
                field.widget = forms.Select()
                field.widget.choices = field.choices

    def _post_clean(self):
        self.instance._allow_incomplete_draft = self.is_deferred_validation
        super()._post_clean()


class HomePage(ThemedPageMixin, RoutablePageMixin, Page):
    """A school's home page, the root of its Site. Also serves topic and mentor pages."""

    hero_heading = models.CharField(max_length=120, blank=True)
    hero_text = models.TextField(max_length=400, blank=True)
    intro = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        FieldPanel("intro"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "home page"

    def route(self, request, path_components):
        """Find a page anywhere below home with one look-up by its URL path.

        Wagtail's own routing walks the tree a level at a time, two queries per
        level; a guide under a hub would cost six before any rendering. The
        deepest page whose URL starts the path gets the rest of it, as at the end
        of Wagtail's walk (a code of conduct's print/ route). The topic and
        mentor routes of this page are tried when no page matches.
        """
        if path_components:
            found = self._page_for_path(request, path_components)
            if found is not None:
                pk, content_type_id, live, depth = found
                remaining = path_components[depth:]
                if not remaining and not live:
                    raise Http404
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                if model is None:
                    raise Http404
                return self._live_page(request, model, pk).route(request, remaining)
        return super().route(request, path_components)

    @staticmethod
    def _live_page(request, model, pk):
        """The page itself, kept in the fragment cache until content changes.

        What it shows beside itself (byline, hub audience, video, captions) comes
        in the same query. Each request unpickles its own copy, so nothing one
        request sets on the page is seen by another.
        """
        from upstander.pagecache import cached_for_generation

        from ..purge import page_tag

        related = getattr(model, "route_select_related", ())
        return cached_for_generation(
            f"content:routed-page:{pk}",
            lambda: model.objects.select_related(*related).get(pk=pk),
            request=request,
            tags=(page_tag(pk),),
        )

    def _page_for_path(self, request, path_components):
        """(id, content type id, live, components used) of the deepest page on the path.

        Kept in the fragment cache when the whole path is a page: a move, rename,
        publish or unpublish bumps the generation. Partial matches are not kept,
        so made-up addresses below a page cannot fill the cache.
        """
        from upstander.pagecache import cached_for_generation, depends_on

        from ..purge import page_tag

        paths = [
            f"{self.url_path}{'/'.join(path_components[:count])}/"
            for count in range(len(path_components), 0, -1)
        ]

        def look_up():
            row = (
                Page.objects.filter(url_path__in=paths)
                .order_by("-depth")
                .values_list("pk", "content_type_id", "live", "url_path")
                .first()
            )
            if row is None:
                return None
            pk, content_type_id, live, url_path = row
            depends_on(page_tag(pk))  # a move, a new slug or an unpublish
            return pk, content_type_id, live, len(path_components) - paths.index(url_path)

        return cached_for_generation(
            f"content:route:{paths[0]}",
            look_up,
            request=request,
            keep=lambda found: found is not None and found[3] == len(path_components),
        )

    def get_context(self, request, *args, **kwargs):
        from ..purge import listing_tag
        from ..selectors import advice_for_listing, audience_hubs, topics_in_use, voice_invitations

        context = super().get_context(request, *args, **kwargs)
        context["listing_tags"] = [listing_tag(self.path)]
        # Lazy: the topic and mentor pages render through this too, and show none of
        # these, so they neither read them nor are purged with them.
        context["hubs"] = SimpleLazyObject(lambda: audience_hubs(home=self, request=request))
        context["voice_invitations"] = SimpleLazyObject(
            lambda: voice_invitations(site_root=self, request=request)
        )
        context["latest"] = advice_for_listing(site_root=self, request=request, for_everyone=True)[
            :6
        ]
        context["topics"] = SimpleLazyObject(lambda: topics_in_use(request=request))
        return context

    @path("topics/")
    def topic_index(self, request):
        from ..selectors import topics_in_use

        return self.render(
            request,
            template=themed_template_names(request, "content/topic_index.html"),
            context_overrides={"topics": topics_in_use(request=request), "page_heading": "Topics"},
        )

    @path("topics/<slug:slug>/")
    def topic_detail(self, request, slug):
        from ..filters import ListingFilterForm
        from ..purge import topic_listing_tag
        from ..selectors import advice_for_listing, paginate

        topic = get_object_or_404(Topic, slug=slug)
        form = ListingFilterForm(request.GET, show_topic=False)
        filters = form.cleaned_filters()
        pages = advice_for_listing(site_root=self, topic=topic.slug, request=request, **filters)
        return self.render(
            request,
            template=themed_template_names(request, "content/topic_page.html"),
            context_overrides={
                "topic": topic,
                "filter_form": form,
                "results": paginate(
                    request,
                    pages,
                    count_key=f"{self.pk}:topic={topic.slug}:{sorted(filters.items())}",
                    tags=(topic_listing_tag(self.path, topic.pk),),
                ),
            },
        )

    @path("mentors/<int:mentor_id>/")
    def mentor_profile(self, request, mentor_id):
        from ..selectors import advice_for_listing, contribution_counts, paginate

        mentor = get_object_or_404(MentorProfile, pk=mentor_id, show_on_site=True)
        pages = advice_for_listing(site_root=self, mentor=mentor, request=request)
        # A page of cards at a time, as hubs and topics: a prolific mentor's
        # profile stays the same size and cost.
        results = paginate(
            request, pages, count_key=f"{self.pk}:mentor={mentor.pk}", site_root=self
        )
        if not results.paginator.count and not mentor.bio:
            raise Http404("No such mentor")
        return self.render(
            request,
            template=themed_template_names(request, "content/mentor_profile.html"),
            context_overrides={
                "mentor": mentor,
                "contributions": results.object_list,
                "results": results,
                "counts": contribution_counts(pages),
            },
        )


class AudienceHubPage(ThemedPageMixin, Page):
    """The front door for one audience: lists and filters the advice meant for it."""

    route_select_related = ("audience",)

    audience = models.ForeignKey(Audience, on_delete=models.PROTECT, related_name="hubs")
    intro = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("audience"), FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = "audience hub"

    def get_context(self, request, *args, **kwargs):
        from ..filters import ListingFilterForm
        from ..selectors import advice_for_listing, paginate, voice_invitations

        context = super().get_context(request, *args, **kwargs)
        form = ListingFilterForm(request.GET, show_audience=False)
        filters = form.cleaned_filters()
        filters["audience"] = self.audience.key
        # The school's home page came with the request's Site (no extra query).
        site = Site.find_for_request(request)
        site_root = site.root_page if site is not None else self.get_parent()
        pages = advice_for_listing(site_root=site_root, request=request, **filters)
        context["filter_form"] = form
        context["voice_invitations"] = voice_invitations(
            site_root=site_root, audience_key=self.audience.key, request=request
        )
        context["results"] = paginate(
            request,
            pages,
            count_key=f"{site_root.pk}:{sorted(filters.items())}",
            site_root=site_root,
        )
        return context


class AdvicePage(ThemedPageMixin, Page):
    """What every piece of advice has: summary, taxonomy, byline and a review-by date."""

    route_select_related = ("mentor",)

    summary = models.TextField(
        max_length=300, help_text="One or two sentences, shown in lists and search results."
    )
    audiences = ParentalManyToManyField(Audience, blank=True, related_name="advice_pages")
    age_bands = ParentalManyToManyField(AgeBand, blank=True, related_name="advice_pages")
    topics = ParentalManyToManyField(Topic, blank=True, related_name="advice_pages")
    mentor = models.ForeignKey(
        MentorProfile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advice_pages",
        help_text="The mentor who wrote this, shown as a byline. Leave empty for staff-written pages.",
    )
    review_by = models.DateField(
        default=default_review_by,
        help_text="When to check this page is still right (platforms change their settings).",
    )

    taxonomy_panels = [
        MultiFieldPanel(
            [
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("age_bands", widget=forms.CheckboxSelectMultiple),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Who and what it is for",
        ),
        FieldPanel("mentor"),
        FieldPanel("review_by"),
    ]
    content_panels = [*Page.content_panels, FieldPanel("summary"), *taxonomy_panels]
    search_fields = [*Page.search_fields, index.SearchField("summary", boost=1.5)]
    base_form_class = DraftAwarePageForm
    is_creatable = False
    # Shown in hub, topic and related lists; the help page is linked from everywhere already.
    listed = True

    class Meta:
        verbose_name = "advice page"
        permissions = [("view_review_report", "Can see advice pages past their review date")]

    def get_context(self, request, *args, **kwargs):
        from ..selectors import related_advice

        context = super().get_context(request, *args, **kwargs)
        # Lazy: read only when the related cards are not already rendered in the cache.
        context["related"] = SimpleLazyObject(lambda: related_advice(page=self, request=request))
        context["feedback_thanks"] = request.GET.get("feedback") == "thanks"
        return context

    @property
    def type_label(self) -> str:
        return self.specific_class._meta.verbose_name.capitalize() if self.specific_class else ""

    def _incomplete_draft_allowed(self) -> bool:
        return getattr(self, "_allow_incomplete_draft", False)

    @cached_property
    def sensitive_topics(self):
        return [topic for topic in self.topics.all() if topic.sensitive]


class GuidePage(AdvicePage):
    body = StreamField(BodyBlock())

    content_panels = [
        *AdvicePage.content_panels,
        FieldPanel("body"),
        ReadingLevelPanel(heading="Reading level"),
    ]
    search_fields = [*AdvicePage.search_fields, index.SearchField("body")]
    parent_page_types = ["content.HomePage", "content.AudienceHubPage"]
    subpage_types = []

    class Meta:
        verbose_name = "guide"


YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{5,12}$")


def external_player(url: str) -> dict | None:
    """The privacy-enhanced player for a YouTube or Vimeo address, or None for anything else."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme != "https":
        return None
    host = (parts.hostname or "").lower()
    video_id = ""
    if host in {"www.youtube.com", "youtube.com", "m.youtube.com", "www.youtube-nocookie.com"}:
        if parts.path == "/watch":
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif parts.path.startswith(("/embed/", "/shorts/")):
            video_id = parts.path.split("/")[2]
    elif host == "youtu.be":
        video_id = parts.path.lstrip("/")
    if video_id and YOUTUBE_ID.match(video_id):
        return {
            "provider": "YouTube",
            "embed_url": f"https://www.youtube-nocookie.com/embed/{video_id}",
            "watch_url": f"https://www.youtube.com/watch?v={video_id}",
        }
    if host in {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}:
        candidate = parts.path.rstrip("/").split("/")[-1]
        if VIMEO_ID.match(candidate):
            return {
                "provider": "Vimeo",
                "embed_url": f"https://player.vimeo.com/video/{candidate}?dnt=1",
                "watch_url": f"https://vimeo.com/{candidate}",
            }
    return None


def has_words(html: str) -> bool:
    return bool(strip_tags(html or "").strip())


class VideoPage(AdvicePage):
    route_select_related = ("mentor", "video", "captions")

    """A video: self-hosted with captions and a transcript, or an external click-to-load player."""

    video = models.ForeignKey(
        "wagtailmedia.Media",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A video uploaded to this site.",
    )
    captions = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="WebVTT (.vtt) captions for the uploaded video. Needed before publishing.",
    )
    external_url = models.URLField(
        blank=True,
        help_text=(
            "Or a YouTube or Vimeo address. It is shown as a placeholder: nothing loads from "
            "YouTube or Vimeo until the reader chooses to play it."
        ),
    )
    transcript = RichTextField(
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="Everything said and shown. Needed before publishing.",
    )

    content_panels = [
        *AdvicePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("video"), FieldPanel("captions"), FieldPanel("external_url")],
            heading="Video",
        ),
        FieldPanel("transcript"),
    ]
    search_fields = [*AdvicePage.search_fields, index.SearchField("transcript")]
    parent_page_types = ["content.HomePage", "content.AudienceHubPage"]
    subpage_types = []

    class Meta:
        verbose_name = "video"

    @property
    def player(self):
        return external_player(self.external_url) if self.external_url else None

    def clean(self):
        super().clean()
        errors = {}
        if self.video_id and self.external_url:
            errors["external_url"] = "Use an uploaded video or an external one, not both."
        if self.external_url and not external_player(self.external_url):
            errors["external_url"] = "Only https YouTube or Vimeo video addresses can be used."
        if self.captions_id and not self.captions.file.name.lower().endswith(".vtt"):
            errors["captions"] = "Captions must be a WebVTT file ending in .vtt."
        if not self._incomplete_draft_allowed():
            # Deaf and hard-of-hearing pupils need both: captions while watching, and a
            # transcript they can read at their own pace (WCAG 2.2, 1.2.2 and 1.2.3).
            if not self.video_id and not self.external_url:
                errors["video"] = "Upload a video or give a YouTube or Vimeo address."
            if self.video_id and not self.captions_id:
                errors.setdefault("captions", "Add a captions file before publishing.")
            if not has_words(self.transcript):
                errors["transcript"] = "Add a transcript before publishing."
        if errors:
            raise ValidationError(errors)


class PodcastPage(AdvicePage):
    route_select_related = ("mentor", "audio")

    """An audio episode with a transcript."""

    audio = models.ForeignKey(
        "wagtailmedia.Media", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    show_notes = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    transcript = RichTextField(
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="Everything said. Needed before publishing.",
    )

    content_panels = [
        *AdvicePage.content_panels,
        FieldPanel("audio"),
        FieldPanel("show_notes"),
        FieldPanel("transcript"),
    ]
    search_fields = [
        *AdvicePage.search_fields,
        index.SearchField("show_notes"),
        index.SearchField("transcript"),
    ]
    parent_page_types = ["content.HomePage", "content.AudienceHubPage"]
    subpage_types = []

    class Meta:
        verbose_name = "podcast episode"

    def clean(self):
        super().clean()
        if self._incomplete_draft_allowed():
            return
        errors = {}
        if not self.audio_id:
            errors["audio"] = "Upload the episode's audio before publishing."
        if not has_words(self.transcript):
            errors["transcript"] = "Add a transcript before publishing."
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class PreviousCodeVersion:
    """What a code of conduct shows of the version before it."""

    effective_date: date | None
    commitment_titles: list[str]

    @classmethod
    def from_revision_content(cls, content: dict) -> "PreviousCodeVersion":
        stream = content.get("commitments") or []
        if isinstance(stream, str):
            stream = json.loads(stream)  # revisions store a StreamField as JSON text
        titles = [
            block["value"]["title"]
            for block in stream
            if block.get("type") == "commitment" and block.get("value", {}).get("title")
        ]
        raw_date = content.get("effective_date")
        return cls(
            effective_date=date.fromisoformat(raw_date) if raw_date else None,
            commitment_titles=titles,
        )


class CodeOfConductPage(RoutablePageMixin, AdvicePage):
    """Numbered commitments for an audience, with an effective date and what changed."""

    intro = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    effective_date = models.DateField(default=timezone.localdate)
    commitments = StreamField([("commitment", CommitmentBlock())])
    changes = models.TextField(
        blank=True,
        help_text="What changed since the last version, one change per line. Shown on the page.",
    )

    content_panels = [
        *AdvicePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("effective_date"),
        FieldPanel("commitments"),
        FieldPanel("changes"),
    ]
    search_fields = [*AdvicePage.search_fields, index.SearchField("commitments")]
    parent_page_types = ["content.HomePage", "content.AudienceHubPage"]
    subpage_types = []

    class Meta:
        verbose_name = "code of conduct"

    @property
    def change_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.changes.splitlines() if line.strip(" -•\t")]

    def previous_version(self) -> "PreviousCodeVersion | None":
        """The last published version with another effective date, or None.

        Read from the stored revision's data: building a page from a revision
        (`as_object()`) costs about ten queries, and only the date and the
        commitment titles are shown.
        """
        entries = (
            PageLogEntry.objects.filter(page=self, action="wagtail.publish", revision__isnull=False)
            .select_related("revision")
            .order_by("-timestamp", "-pk")[:20]
        )
        current = self.effective_date.isoformat() if self.effective_date else None
        for entry in entries:
            content = entry.revision.content
            if content.get("effective_date") != current:
                return PreviousCodeVersion.from_revision_content(content)
        return None

    def compare_with(self, earlier) -> dict:
        """Commitments added and removed since `earlier`, by title."""
        if earlier is None:
            return {"added": [], "removed": []}
        now_titles = [block.value["title"] for block in self.commitments]
        before_titles = earlier.commitment_titles
        return {
            "added": [title for title in now_titles if title not in before_titles],
            "removed": [title for title in before_titles if title not in now_titles],
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: read only when the body is not already rendered in the cache.
        context["previous_version"] = SimpleLazyObject(lambda: self._previous_version)
        context["comparison"] = SimpleLazyObject(lambda: self.compare_with(self._previous_version))
        return context

    @cached_property
    def _previous_version(self):
        return self.previous_version()

    @path("")
    def current(self, request):
        return self.render(request)

    @path("print/")
    def print_view(self, request):
        return self.render(
            request,
            template=themed_template_names(request, "content/code_of_conduct_page_print.html"),
        )


class HelpPage(AdvicePage):
    """ "Get help now": helplines (snippets), emergency first, then the page's own words."""

    intro = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*AdvicePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *AdvicePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    listed = False

    class Meta:
        verbose_name = "help page"

    def get_context(self, request, *args, **kwargs):
        from .snippets import Helpline

        context = super().get_context(request, *args, **kwargs)
        context["helplines"] = Helpline.objects.all()
        return context


LISTED_ADVICE_MODELS = (GuidePage, VideoPage, PodcastPage, CodeOfConductPage)
