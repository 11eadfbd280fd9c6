"""Values every page template needs, whatever app rendered it."""

from django.conf import settings


def upstander(request):
    return {"QUICK_EXIT_URL": settings.QUICK_EXIT_URL}
