"""The project's URLs plus a page that extends `base_template`, as the content
app's pages do, so theme template overrides can be tested on their own."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from upstander.urls import urlpatterns as project_urlpatterns

PAGE = (
    '{% extends base_template|default:"base.html" %}'
    "{% block title %}A themed page{% endblock %}"
    "{% block content %}<h1>A themed page</h1>{% endblock %}"
)


def themed_page(request):
    return HttpResponse(engines["django"].from_string(PAGE).render({}, request))


urlpatterns = [path("__themes__/page/", themed_page)]
if not any(getattr(pattern, "namespace", None) == "themes" for pattern in project_urlpatterns):
    # Until upstander.urls includes themes.urls itself.
    urlpatterns.append(path("theme/", include("themes.urls")))
urlpatterns += project_urlpatterns

handler404 = "content.views.page_not_found"
handler500 = "content.views.server_error"
