"""Wagtail's users app with Upstander's user forms (mentor accounts are pupils)."""

from wagtail.users.apps import WagtailUsersAppConfig


class UpstanderUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "content.users.viewsets.UserViewSet"
