"""Purge cached public pages whenever what they show may have changed."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from content import purge

from .pagecache import purge_all

# A page's publish, unpublish or move purges what shows that page (content.purge), not
# the whole site; snippets, settings, branding and view restrictions purge everything.
page_published.connect(purge.on_published, dispatch_uid="pagecache_published")
page_unpublished.connect(purge.on_unpublished, dispatch_uid="pagecache_unpublished")
post_page_move.connect(purge.on_moved, dispatch_uid="pagecache_moved")
page_slug_changed.connect(purge.on_slug_changed, dispatch_uid="pagecache_slug")


@receiver(pre_save, dispatch_uid="pagecache_page_before_save")
def remember_page_before_save(sender, **kwargs):
    if issubclass(sender, Page):
        purge.remember_before_save(sender, **kwargs)


def _shows_on_public_pages(model) -> bool:
    # Snippets (helplines, topics, mentor profiles), site settings (theme,
    # branding) and sites appear on public pages. Models can opt out, e.g. a
    # feedback record written by readers, which would otherwise purge the cache
    # on every submission.
    if getattr(model, "purges_page_cache", None) is False:
        return False
    from wagtail.snippets.models import get_snippet_models

    return (
        issubclass(model, (BaseSiteSetting, Site))
        or model in get_snippet_models()
        or bool(getattr(model, "purges_page_cache", False))
    )


@receiver(post_save, dispatch_uid="pagecache_model_saved")
@receiver(post_delete, dispatch_uid="pagecache_model_deleted")
def purge_on_change(sender, **kwargs):
    if kwargs.get("raw"):
        return
    if issubclass(sender, Page):
        # Publishing is covered by the signals above; this also catches live pages
        # created or changed in code (seeding, imports) and deletions.
        instance = kwargs.get("instance")
        if kwargs.get("signal") is post_delete:
            purge_all()
        elif instance is not None and instance.live:
            purge.saved(instance)
        return
    if issubclass(sender, PageViewRestriction):
        # A page made private must leave the cache at once (cached copies, and the
        # cached "no page is private" that lets listings skip Wagtail's check).
        purge_all()
        return
    if issubclass(sender, BaseSiteSetting) and kwargs.get("created"):
        from themes.models import SchoolBranding

        # Wagtail creates a settings row with its defaults the first time a page
        # reads it: nothing a reader sees changes, so cached pages stay. Not the
        # branding: the cached Site holds "no branding yet", and a school's first
        # branding (made in code, e.g. by set_up_school) must show at once.
        if not issubclass(sender, SchoolBranding):
            return
    if _shows_on_public_pages(sender):
        purge_all()
