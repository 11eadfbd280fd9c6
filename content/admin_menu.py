"""Wagtail's own "Reports" menu, as staff of a safeguarding site need it.

Everywhere else on this site a report is what a pupil sends, so Wagtail's menu of page
reports (locked pages, workflows, site history) is called "Editorial reports". Mentors are
pupils writing drafts: they have no use for the site's history or others' workflow queues,
so the menu is not shown to anyone who cannot publish a page.
"""

from wagtail import hooks
from wagtail.permission_policies.pages import PagePermissionPolicy

WAGTAIL_REPORTS_MENU_NAME = "reports"
EDITORIAL_REPORTS_LABEL = "Editorial reports"


def user_sees_editorial_reports(user) -> bool:
    return user.is_superuser or PagePermissionPolicy().user_has_permission(user, "publish")


@hooks.register("construct_main_menu")
def rename_or_hide_wagtail_reports_menu(request, menu_items):
    shown = user_sees_editorial_reports(request.user)
    for item in list(menu_items):
        if item.name != WAGTAIL_REPORTS_MENU_NAME:
            continue
        if shown:
            item.label = EDITORIAL_REPORTS_LABEL
        else:
            menu_items.remove(item)
