"""Reads for public pages, each a fixed number of queries whatever the size of the site."""

from collections import Counter

from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects

from .models import LISTED_ADVICE_MODELS, AdvicePage, AudienceHubPage, Topic

PAGE_SIZE = 12


def _listed_content_types():
    from django.contrib.contenttypes.models import ContentType

    # get_for_models is served from ContentType's own cache after the first call.
    return [ct.pk for ct in ContentType.objects.get_for_models(*LISTED_ADVICE_MODELS).values()]


def advice_for_listing(*, site_root, audience=None, age=None, topic=None, mentor=None):
    """Live, public advice pages under a school's home page, newest first, ready for cards."""
    pages = (
        AdvicePage.objects.live()
        .public()
        .descendant_of(site_root)
        .filter(content_type_id__in=_listed_content_types())
        .select_related("mentor")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.only("name", "slug", "sensitive"))
        )
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
    if audience or age or topic:
        pages = pages.distinct()
    return pages


def related_advice(*, page, limit=4):
    """Pages sharing a topic with `page` (else its audience), in the same school's site."""
    site_root_path = page.path[: AdvicePage.steplen * 2]
    base = (
        AdvicePage.objects.live()
        .public()
        .filter(path__startswith=site_root_path, content_type_id__in=_listed_content_types())
        .exclude(pk=page.pk)
        .select_related("mentor")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.only("name", "slug", "sensitive"))
        )
        .order_by("-first_published_at", "-pk")
    )
    # Fetched once onto the page itself, so its byline reuses them.
    prefetch_related_objects([page], "topics")
    topic_ids = [topic.pk for topic in page.topics.all()]
    if topic_ids:
        related = list(base.filter(topics__in=topic_ids).distinct()[:limit])
    else:
        audience_ids = [audience.pk for audience in page.audiences.all()]
        related = list(base.filter(audiences__in=audience_ids).distinct()[:limit])
    return related


def audience_hubs(*, home):
    return AudienceHubPage.objects.child_of(home).live().public().select_related("audience")


def topics_in_use():
    return Topic.objects.filter(advice_pages__live=True).distinct().order_by("name")


def contribution_counts(pages) -> list[tuple[str, int]]:
    counts = Counter(page.type_label for page in pages)
    return sorted(counts.items())


def paginate(request, queryset, per_page=PAGE_SIZE):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
