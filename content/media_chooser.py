"""Which videos and audio a member of staff may pick in the editor's media chooser.

wagtailmedia's chooser lists, and its "chosen" step accepts, only media the user
may change or delete (wagtailmedia/views/chooser.py). A mentor holds just
"add media" on their school's collection, so they would see only their own
uploads and never the school's videos and podcasts. Here anyone who may add
media to a collection may also choose what is already in it, as Wagtail's own
image and document choosers allow with "choose" permission (which wagtailmedia
does not have). A collection that is not theirs stays invisible: permissions
on one school's collection reach that collection and the ones below it only.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from wagtail.admin.auth import permission_denied
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtailmedia import get_media_model, get_permission_policy
from wagtailmedia.views.chooser import get_media_json


def media_choosable_by(user) -> QuerySet:
    """Media in every collection where `user` may add media (or change it)."""
    policy = get_permission_policy()
    return get_media_model().objects.filter(
        collection__in=policy.collections_user_has_any_permission_for(user, ["add", "change"])
    )


def user_may_choose_media(user, media) -> bool:
    policy = get_permission_policy()
    return policy.user_has_any_permission_for_instance(user, ["add", "change", "delete"], media)


def widen_media_chooser_queryset(media_files: QuerySet, request) -> QuerySet:
    """The construct_media_chooser_queryset hook: what wagtailmedia lists, plus the
    media of the user's own collections."""
    return media_files | media_choosable_by(request.user)


def media_chosen(request, media_id):
    """wagtailmedia's "chosen" step with the same rule as the list above (its own
    view refuses media the user cannot change, so a listed item could not be picked)."""
    media = get_object_or_404(get_media_model(), id=media_id)
    if not user_may_choose_media(request.user, media):
        return permission_denied(request)
    return render_modal_workflow(
        request,
        None,
        None,
        None,
        json_data={"step": "media_chosen", "result": get_media_json(media)},
    )
