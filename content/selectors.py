"""Reads for public pages, each a fixed number of queries whatever the size of the site.

What only changes when editors publish (related-content lists, the hubs and the
topics in use, whether any page is private) is kept in the fragment cache under
the page-cache generation (upstander.pagecache.cached_for_generation), so a
publish shows everywhere at once.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from upstander.pagecache import cached_for_generation, depends_on

from .models import LISTED_ADVICE_MODELS, AdvicePage, AudienceHubPage, Topic
from .purge import listing_tag, menu_tag, page_tag, related_tags

PAGE_SIZE = 12


def _listed_content_types():
    from django.contrib.contenttypes.models import ContentType

    # get_for_models is served from ContentType's own cache after the first call.
    return [ct.pk for ct in ContentType.objects.get_for_models(*LISTED_ADVICE_MODELS).values()]


def any_page_is_private(*, request=None) -> bool:
    """Whether any page has a view restriction (password, login or groups).

    Wagtail's `.public()` and its serving check read the restrictions with a
    query each time; a school site seldom has any. Saving or deleting a
    restriction bumps the generation (upstander.signals).
    """
    return cached_for_generation(
        "content:any-view-restriction",
        PageViewRestriction.objects.exists,
        request=request,
    )


def public(pages, *, request=None):
    """`pages.public()`, without its query when no page is private."""
    return pages.public() if any_page_is_private(request=request) else pages


def listing_cards(pages):
    """`pages` with what a card shows fetched alongside: byline and topics."""
    return pages.select_related("mentor").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.only("name", "slug", "sensitive"))
    )


class _CardPages:
    """Loads the pages behind a list of cards, all in one query, the first time one is needed."""

    def __init__(self, ids):
        self.ids = ids
        self.pages = None

    def page(self, pk):
        if self.pages is None:
            self.pages = listing_cards(AdvicePage.objects.all()).in_bulk(self.ids)
        return self.pages[pk]


class PageForCard:
    """A listed page's id, standing in for the page in a list of cards.

    A card usually comes from the fragment cache by the page's id alone; only
    when one must be rendered afresh are the pages loaded (any other attribute
    loads them), so a list of cached cards costs no query.
    """

    __slots__ = ("_pages", "pk")

    def __init__(self, pk, pages):
        self.pk = pk
        self._pages = pages

    def __getattr__(self, name):
        return getattr(self._pages.page(self.pk), name)


def cards_for(ids) -> list[PageForCard]:
    pages = _CardPages(list(ids))
    return [PageForCard(pk, pages) for pk in pages.ids]


STAFF = "staff"


def not_only_for_staff(pages, *, unless_page_is_staff_only=None):
    """`pages` without guidance written for staff alone (a page with no audience stays).

    Lists that pupils and parents read (the home page's "New and updated", "You might
    also find these useful" under a pupils' guide) should not offer staff procedures.
    With `unless_page_is_staff_only` (a page's id), the filter applies only when that page
    is itself for more than staff; checked in the same query, so it costs none.
    """
    through = AdvicePage.audiences.through.objects

    def staff_only(page_ref):
        return ~Exists(through.filter(advicepage=page_ref).exclude(audience__key=STAFF)) & Exists(
            through.filter(advicepage=page_ref, audience__key=STAFF)
        )

    keep = ~staff_only(OuterRef("pk"))
    if unless_page_is_staff_only is not None:
        keep |= staff_only(unless_page_is_staff_only)
    return pages.filter(keep)


def advice_for_listing(
    *,
    site_root,
    audience=None,
    age=None,
    topic=None,
    mentor=None,
    request=None,
    for_everyone=False,
):
    """Live, public advice pages under a school's home page, newest first, ready for cards.

    With `for_everyone`, pages written only for staff are left out."""
    pages = listing_cards(
        public(AdvicePage.objects.live(), request=request)
        .descendant_of(site_root)
        .filter(content_type_id__in=_listed_content_types())
        .order_by("-first_published_at", "-pk")
    )
    if audience:
        pages = pages.filter(audiences__key=audience)
    if age:
        pages = pages.filter(age_bands__key=age)
    if topic:
        pages = pages.filter(topics__slug=topic)
    if mentor is not None:
        pages = pages.filter(mentor=mentor)
    if for_everyone:
        pages = not_only_for_staff(pages)
    # No distinct(): each filter joins on a unique key (audience key, age-band key,
    # topic slug), so no page can match twice, and DISTINCT over every column of
    # a page is what made listings slow.
    return pages


def related_advice(*, page, limit=4, request=None):
    """Pages sharing a topic with `page` (else its audience), in the same school's site.

    The list is cached per page until the next publish; a preview reads it afresh,
    as the draft's topics may differ from the live page's.
    """
    # Fetched once onto the page itself, so its byline reuses them.
    prefetch_related_objects([page], "topics")
    if page.pk is None or getattr(request, "is_preview", False):
        return _related_advice(page, limit)
    return cached_for_generation(
        f"content:related:{page.pk}:{limit}",
        lambda: _related_advice(page, limit),
        request=request,
        tags=(page_tag(page.pk),),
    )


def _related_advice(page, limit):
    site_root_path = page.path[: AdvicePage.steplen * 2]
    base = (
        public(AdvicePage.objects.live())
        .filter(path__startswith=site_root_path, content_type_id__in=_listed_content_types())
        .exclude(pk=page.pk)
        .select_related("mentor")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.only("name", "slug", "sensitive"))
        )
        .order_by("-first_published_at", "-pk")
    )
    base = not_only_for_staff(base, unless_page_is_staff_only=page.pk)
    topic_ids = [topic.pk for topic in page.topics.all()]
    if topic_ids:
        # A page joining one of these topics (new, back, or retagged) may join the list.
        depends_on(*related_tags(topic_ids=topic_ids))
        found = list(base.filter(topics__in=topic_ids).distinct()[:limit])
    else:
        audience_ids = [audience.pk for audience in page.audiences.all()]
        depends_on(*related_tags(audience_ids=audience_ids))
        found = list(base.filter(audiences__in=audience_ids).distinct()[:limit])
    # Any of them changing, or leaving, changes the list.
    depends_on(*(page_tag(related.pk) for related in found))
    return found


def audience_hubs(*, home, request=None):
    """The home page's hubs, as a list (cached until the next publish)."""
    return cached_for_generation(
        f"content:hubs:{home.pk}",
        lambda: list(
            public(AudienceHubPage.objects.child_of(home).live()).select_related("audience")
        ),
        request=request,
        tags=(listing_tag(home.path),),
    )


def topics_in_use(*, request=None):
    """Topics of at least one live page, by name (cached until the next publish)."""
    return cached_for_generation(
        "content:topics-in-use",
        lambda: list(Topic.objects.filter(advice_pages__live=True).distinct().order_by("name")),
        request=request,
        tags=("topics-in-use",),
    )


def contribution_counts(pages) -> list[tuple[str, int]]:
    """(type label, count) of a listing's pages, in one query however many there are."""
    from django.contrib.contenttypes.models import ContentType

    rows = pages.order_by().values_list("content_type_id").annotate(count=Count("pk"))
    counts = Counter()
    for content_type_id, count in rows:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        counts[model._meta.verbose_name.capitalize()] += count
    return sorted(counts.items())


def paginate(request, queryset, per_page=PAGE_SIZE, *, count_key=None, site_root=None, tags=None):
    """A page of `queryset`. With `count_key` (what the listing is: site, filters…),
    the total comes from the fragment cache until the next publish: counting
    thousands of pages was a listing's most expensive query.

    The page also carries `listing_key` (the listing and the page number), which
    templates give to `{% cache_until_publish %}` around the cards: the page's
    query then runs only when the listing is rendered afresh. It is None
    without `count_key`, and such a listing is not cached. `cache_tags` (`tags`,
    by default the school's listings, from `site_root`) are what a publish purges
    them by.
    """
    paginator = Paginator(queryset, per_page)
    if tags is None:
        tags = (listing_tag(site_root.path),) if site_root is not None else ()
    if count_key is not None:
        paginator.count = cached_for_generation(
            f"content:listing-count:{count_key}", queryset.count, request=request, tags=tags
        )
    page = paginator.get_page(request.GET.get("page"))
    # The validated page number, not the query string: "?page=junk" and "?page=1" share it.
    page.listing_key = f"{count_key}:page={page.number}" if count_key is not None else None
    page.cache_tags = tags
    return page


@dataclass(frozen=True)
class VoiceInvitation:
    """An open survey or question of the week, as the home page and a hub list it."""

    title: str
    url: str
    kind: str
    intro: str
    opens_at: datetime | None
    closes_at: datetime | None
    audience_keys: frozenset[str]

    def takes_answers(self, now: datetime) -> bool:
        return (self.opens_at is None or self.opens_at <= now) and (
            self.closes_at is None or now < self.closes_at
        )

    def is_for(self, audience_key: str | None) -> bool:
        # A survey that names no audience is for everyone who reads the site.
        return audience_key is None or not self.audience_keys or audience_key in self.audience_keys


def _voice_invitations(site_root, request) -> list[VoiceInvitation]:
    from .models import VoicePage

    now = timezone.now()
    pages = (
        public(VoicePage.objects.live().descendant_of(site_root), request=request)
        .exclude(closes_at__lte=now)
        .select_related("content_type")
        .prefetch_related("audiences")
        .order_by("closes_at", "-opens_at")
    )
    return [
        VoiceInvitation(
            title=page.title,
            url=page.get_url(request=request),
            kind=page.content_type.model_class()._meta.verbose_name.capitalize(),
            intro=page.intro,
            opens_at=page.opens_at,
            closes_at=page.closes_at,
            audience_keys=frozenset(audience.key for audience in page.audiences.all()),
        )
        for page in pages
    ]


def voice_invitations(*, site_root, audience_key=None, request=None, now=None):
    """Surveys and questions of the week taking answers now, for this audience.

    The list is kept until the next publish like other listings, and whether each
    one is open is decided here at every render, so a survey appears when it opens
    and goes when it closes without anyone publishing again (whole cached pages
    catch up within PAGE_CACHE_SECONDS).
    """
    invitations = cached_for_generation(
        f"content:voice:{site_root.pk}",
        lambda: _voice_invitations(site_root, request),
        request=request,
        # A survey published, moved or unpublished purges its school's listings.
        tags=(listing_tag(site_root.path),),
    )
    now = now or timezone.now()
    return [
        invitation
        for invitation in invitations
        if invitation.takes_answers(now) and invitation.is_for(audience_key)
    ]


def site_menu(*, request) -> list[tuple[str, str]]:
    """(label, path) of the main navigation's pages: the request's school's own
    top-level pages that an editor marked "Show in menus", in tree order.

    Each school's nav comes from its own tree, so it never links to a section
    another school has and this one does not. Cached per Site until the next
    publish, move or settings change, like the other fragments every page needs.
    """
    site = Site.find_for_request(request)
    if site is None:
        return []

    def build():
        root = site.root_page
        # Purged when one of the school's top-level pages is published, moved or unpublished.
        depends_on(menu_tag(root.path))
        # One query: a hub is named by its audience ("Parents and carers"), any other page by its title.
        audience_name = AudienceHubPage.objects.filter(pk=OuterRef("pk")).values("audience__name")
        pages = public(Page.objects.child_of(root).live().in_menu(), request=request)
        rows = pages.annotate(label=Coalesce(Subquery(audience_name[:1]), "title"))
        return [
            (label, url_path[len(root.url_path) - 1 :])
            for label, url_path in rows.order_by("path").values_list("label", "url_path")
        ]

    return cached_for_generation(f"content:menu:{site.pk}", build, request=request, keep=_always)


def _always(value) -> bool:
    return True
