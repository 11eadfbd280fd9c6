"""Fixed taxonomy, the Mentors and Moderators roles, and the editorial workflow.

Idempotent: every object is found or created by its natural key, so running the
migration again (or after a test flush recreated some of them) changes nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUDIENCES = [("pupils", "Pupils"), ("parents", "Parents and carers"), ("staff", "Staff")]
AGE_BANDS = [("7-11", "Ages 7 to 11"), ("11-16", "Ages 11 to 16"), ("16+", "Ages 16 and over")]

MENTORS = "Mentors"
MODERATORS = "Moderators"
SAFEGUARDING = "Safeguarding leads"  # made by the reporting app; used here by name only
WORKFLOW_NAME = "Moderation, with safeguarding review for sensitive topics"
MODERATOR_TASK = "Moderator approval"
SAFEGUARDING_TASK = "Safeguarding lead review (sensitive topics only)"


def _ensure_permissions(apps):
    # Permissions of new models are normally made after all migrations (post_migrate);
    # make them now so the groups below can be given them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _perm(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def forwards(apps, schema_editor):
    Audience = apps.get_model("content", "Audience")
    AgeBand = apps.get_model("content", "AgeBand")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    SafeguardingReviewTask = apps.get_model("content", "SafeguardingReviewTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    for order, (key, name) in enumerate(AUDIENCES):
        Audience.objects.update_or_create(key=key, defaults={"name": name, "sort_order": order})
    for order, (key, label) in enumerate(AGE_BANDS):
        AgeBand.objects.update_or_create(key=key, defaults={"label": label, "sort_order": order})

    _ensure_permissions(apps)
    root = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    access_admin = _perm(apps, "wagtailadmin", "access_admin")

    # Mentors: drafts of their own pages anywhere, submitted for moderation. "add" alone
    # lets them edit pages they own, never publish, unpublish, move or delete live pages.
    mentors, _ = Group.objects.get_or_create(name=MENTORS)
    mentors.permissions.add(access_admin)
    if root is not None:
        GroupPagePermission.objects.get_or_create(
            group=mentors, page=root, permission=_perm(apps, "wagtailcore", "add_page")
        )
    if root_collection is not None:
        for app_label, codename in [
            ("wagtailimages", "add_image"),
            ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "choose_document"),
            ("wagtailmedia", "add_media"),
        ]:
            GroupCollectionPermission.objects.get_or_create(
                group=mentors, collection=root_collection, permission=_perm(apps, app_label, codename)
            )

    # Moderators: Wagtail's own group (review and publish), plus the knowledge site's snippets,
    # the feedback listing and the review-date report.
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    moderators.permissions.add(access_admin)
    if root is not None:
        for codename in ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]:
            GroupPagePermission.objects.get_or_create(
                group=moderators, page=root, permission=_perm(apps, "wagtailcore", codename)
            )
    for model in ["topic", "helpline", "mentorprofile"]:
        for action in ["add", "change", "delete"]:
            moderators.permissions.add(_perm(apps, "content", f"{action}_{model}"))
    moderators.permissions.add(
        _perm(apps, "content", "view_pagefeedback"),
        _perm(apps, "content", "delete_pagefeedback"),
        _perm(apps, "content", "view_review_report"),
    )

    # The workflow: moderator approval, then the safeguarding review (skipped when not sensitive).
    safeguarding, _ = Group.objects.get_or_create(name=SAFEGUARDING)
    approval_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    review_type, _ = ContentType.objects.get_or_create(app_label="content", model="safeguardingreviewtask")
    moderator_task = GroupApprovalTask.objects.filter(name=MODERATOR_TASK).first()
    if moderator_task is None:
        moderator_task = GroupApprovalTask.objects.create(
            name=MODERATOR_TASK, content_type=approval_type, active=True
        )
    moderator_task.groups.add(moderators)
    review_task = SafeguardingReviewTask.objects.filter(name=SAFEGUARDING_TASK).first()
    if review_task is None:
        review_task = SafeguardingReviewTask.objects.create(
            name=SAFEGUARDING_TASK, content_type=review_type, active=True
        )
    review_task.groups.add(safeguarding)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=moderator_task, defaults={"sort_order": 0})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=review_task, defaults={"sort_order": 1})
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("reporting", "0002_safeguarding_group"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
