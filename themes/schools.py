"""One deployment, many schools: each school is a Wagtail Site with its own page
tree. Its mentors and moderators are groups whose page permissions sit on that
school's root page only, so Wagtail's own permission checks keep them inside
their school's tree (the explorer, the editor, publishing, moving, deleting).
Its editorial workflow is its own too ("<School> moderation", see
content/school_workflows.py): only its moderators approve its pages, and only its
safeguarding leads take the review step of pages on a sensitive topic.

The safeguarding role is held per school elsewhere (reporting.models.SafeguardingLead).
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Site,
    Workflow,
)

from content.school_workflows import school_workflow_create

# Wagtail page permissions (codenames of wagtailcore.Page permissions). "add" lets
# a mentor create pages and edit the ones they own; "change" lets a moderator edit
# anyone's; only moderators publish. Neither may move or delete other people's
# pages, lock pages or change page privacy.
MENTOR_PAGE_PERMISSIONS = ("add_page",)
MODERATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")

# Images, documents and media are kept per school in a collection of its own.
MENTOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailmedia", "add_media"),
)
MODERATOR_COLLECTION_PERMISSIONS = (
    *MENTOR_COLLECTION_PERMISSIONS,
    ("wagtailimages", "change_image"),
    ("wagtaildocs", "change_document"),
    ("wagtailmedia", "change_media"),
)


@dataclass(frozen=True)
class SchoolGroups:
    mentors: Group
    moderators: Group
    collection: Collection
    workflow: Workflow


def school_name(site: Site) -> str:
    from .models import SchoolBranding

    branding = SchoolBranding.objects.filter(site=site).first()
    if branding and branding.school_name:
        return branding.school_name
    return site.site_name or site.hostname


@transaction.atomic
def school_groups_create(site: Site, *, name: str | None = None) -> SchoolGroups:
    """Create (or complete) "<School> mentors" and "<School> moderators" for `site`,
    with page permissions on its root page only, a collection of its own and the
    school's own moderation workflow on its root page.
    Safe to run again: nothing is duplicated and no permission is taken away."""
    root_page = site.root_page
    if root_page.is_root():
        raise ValueError(
            f"{site} is rooted at the tree root: school groups there would reach every school."
        )
    name = name or school_name(site)
    collection = _school_collection(name)
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )

    groups = {}
    for role, page_codenames, collection_permissions in (
        ("mentors", MENTOR_PAGE_PERMISSIONS, MENTOR_COLLECTION_PERMISSIONS),
        ("moderators", MODERATOR_PAGE_PERMISSIONS, MODERATOR_COLLECTION_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=f"{name} {role}")
        group.permissions.add(access_admin)
        for codename in page_codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        for app_label, codename in collection_permissions:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is None:  # e.g. an app that is not installed
                continue
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
        groups[role] = group
    workflow = school_workflow_create(
        root_page=root_page, school_name=name, moderators=groups["moderators"]
    )
    return SchoolGroups(
        mentors=groups["mentors"],
        moderators=groups["moderators"],
        collection=collection,
        workflow=workflow,
    )


def _school_collection(name: str) -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)
