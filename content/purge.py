"""Which cached pages and fragments a change to one page makes stale (upstander.pagecache tags).

Publishing, unpublishing or moving a page purges:
- the page itself ("page:<id>": its route, its fields, its body, its card wherever shown,
  and every page or related list that showed that card);
- its school's main menu, on every page, if it is (or was) a top-level page in the menu;
- its school's listings and search rankings ("listing:<school's home path>": hubs, mentor
  profiles, the home page's "New and updated", search), the topic pages of its topics
  (before and after: "listing:<path>:topic:<id>"), and the list of topics in use;
- the related lists it may now join ("related:topic:<id>", "related:audience:<id>"),
  only when it is new, back on the site, moved, or its topics or audiences changed: a
  republished page with the same taxonomy stays in exactly the lists it was in, which
  "page:<id>" already reaches;
- the pages that link to it or choose it in a block (Wagtail's reference index);
- after a move or a new slug, the same for every page below it (their addresses changed).

Everything else stays cached. Publishing a school's home page (held with the Site)
still purges everything (upstander.pagecache.purge_all), as snippets and settings do.
"""

from django.db import transaction
from wagtail.models import Page, ReferenceIndex

from upstander.pagecache import purge_all, purge_tags

# Page.steplen characters of path per level: a school's home page is at depth 2.
SITE_ROOT_PATH_LENGTH = Page.steplen * 2
# Set on a page being saved: its state before the change (None: it is new).
BEFORE = "_cache_purge_before"


def page_tag(pk) -> str:
    return f"page:{pk}"


def listing_tag(site_root_path: str) -> str:
    """Every listing of the school whose home page has this tree path."""
    return f"listing:{site_root_path[:SITE_ROOT_PATH_LENGTH]}"


def menu_tag(site_root_path: str) -> str:
    """The school's main menu: its top-level pages, shown on every one of its pages."""
    return f"menu:{site_root_path[:SITE_ROOT_PATH_LENGTH]}"


def topic_listing_tag(site_root_path: str, topic_id) -> str:
    """A school's topic page (its own tag: a publish changes only its own topics' pages)."""
    return f"{listing_tag(site_root_path)}:topic:{topic_id}"


def related_tags(topic_ids=(), audience_ids=()) -> list[str]:
    return [f"related:topic:{pk}" for pk in topic_ids] + [
        f"related:audience:{pk}" for pk in audience_ids
    ]


def _state(pk):
    """What the purge compares before and after a change: live, where, and its taxonomy."""
    from .models import AdvicePage

    row = (
        Page.objects.filter(pk=pk)
        .values("live", "path", "depth", "live_revision_id", "show_in_menus")
        .first()
    )
    if row is None:
        return None
    topics = AdvicePage.topics.through.objects.filter(advicepage_id=pk)
    audiences = AdvicePage.audiences.through.objects.filter(advicepage_id=pk)
    return {
        **row,
        "topics": frozenset(topics.values_list("topic_id", flat=True)),
        "audiences": frozenset(audiences.values_list("audience_id", flat=True)),
    }


def remember_before_save(sender, instance, raw=False, **kwargs):
    """pre_save of a page: note what it was, to compare once it is published."""
    if raw or BEFORE in instance.__dict__:
        return  # the first save of a change is the one that saw the page as it was
    instance.__dict__[BEFORE] = None if instance.pk is None else _state(instance.pk)


def saved(instance) -> None:
    """post_save of a page, or its deletion: purge unless a publish is under way.

    A publish saves the page with its new live revision and then sends page_published,
    which purges once the taxonomy is written; a live page saved in code (seeding, an
    import) purges here.
    """
    before = instance.__dict__.get(BEFORE)
    publishing = instance.live_revision_id is not None and (
        before is None or before["live_revision_id"] != instance.live_revision_id
    )
    if not (publishing and BEFORE in instance.__dict__):
        purge_page(instance)


def _references_to(pks) -> set[int]:
    """Ids of the pages that link to, or choose in a block, any of these pages."""
    page_type = ReferenceIndex._get_base_content_type(Page)
    rows = ReferenceIndex.objects.filter(
        to_content_type=page_type, to_object_id__in=[str(pk) for pk in pks]
    ).filter(base_content_type=page_type)
    return {int(pk) for pk in rows.values_list("object_id", flat=True)}


def tags_for_change(pk, before, after, *, moved=False) -> set[str] | None:
    """The tags a change to page `pk` purges, or None when every page must go."""
    states = [state for state in (before, after) if state is not None]
    if any(state["depth"] <= 2 for state in states):
        return None  # a school's home page: held with the Site, shown on every page
    tags = {page_tag(pk), "topics-in-use"}
    for state in states:
        tags.add(listing_tag(state["path"]))
        tags.update(topic_listing_tag(state["path"], topic) for topic in state["topics"])
        if state["depth"] == 3 and state["show_in_menus"]:
            # A top-level page in the menu (a hub, "Get help now"), shown on every page.
            tags.add(menu_tag(state["path"]))
    joins = (
        moved
        or before is None
        or not before["live"]
        or after is None
        or before["topics"] != after["topics"]
        or before["audiences"] != after["audiences"]
    )
    if joins:
        for state in states:
            tags.update(related_tags(state["topics"], state["audiences"]))
    changed = {pk}
    if moved and after is not None:
        # Every page below has a new address: its own tag, and the pages linking to it.
        changed.update(
            Page.objects.filter(path__startswith=after["path"]).values_list("pk", flat=True)
        )
        tags.update(page_tag(below) for below in changed)
    tags.update(page_tag(source) for source in _references_to(changed))
    return tags


def purge_page(page, *, moved=False) -> None:
    """Purge what shows `page` after it was published, unpublished, saved live or moved.

    Now, with what the database holds now, and again when the transaction commits
    (its many-to-many taxonomy is written after the page's row, and a request may
    have read the old rows in between).
    """
    known = BEFORE in page.__dict__
    before = page.__dict__.pop(BEFORE, None)
    # Not known (another copy of the page was saved): purge as if it were new.
    moved = moved or not known

    def purge():
        tags = tags_for_change(page.pk, before, _state(page.pk), moved=moved)
        if tags is None:
            purge_all()
        else:
            purge_tags(tags)

    purge()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(purge)


def on_published(sender, instance, **kwargs):
    purge_page(instance)


def on_unpublished(sender, instance, **kwargs):
    purge_page(instance)


def on_moved(sender, instance, **kwargs):
    purge_page(instance, moved=True)


def on_slug_changed(sender, instance, **kwargs):
    purge_page(instance, moved=True)
