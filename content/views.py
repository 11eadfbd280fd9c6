"""Views beside Wagtail's page serving: search, feedback, cover-your-tracks and error pages."""

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit
from wagtail.models import Page, Site

from themes.resolution import themed_template_names
from upstander import danger
from upstander.ratelimit import everyone_key, hashed_client_key

from .filters import ListingFilterForm
from .forms import FeedbackForm
from .search import reader_audience, search_advice
from .services import feedback_record

ADULT_AUDIENCES = {"parents", "staff"}


@never_cache  # nor kept by the page cache (upstander.pagecache) or the browser
@require_GET
def search(request):
    """Site search. Reads only: no query is logged, counted or cached (a search can be a cry for help)."""
    query = (request.GET.get("q") or "").strip()[:200]
    form = ListingFilterForm(request.GET)
    filters = form.cleaned_filters()
    site = Site.find_for_request(request)
    reader = reader_audience(request, filters.get("audience"))
    results = (
        search_advice(request=request, site=site, query=query, reader=reader, **filters)
        if query
        else None
    )
    # Help for the kind of danger the words show, in words for the reader: a search
    # from the parents' or staff hub (or with ?audience= or ?for=) gets the adult advice.
    audience = "adult" if (filters.get("audience") or reader) in ADULT_AUDIENCES else "pupil"
    danger_help = danger.help_for(danger.recognise(query), audience=audience)
    context = {
        "query": query,
        "reader": reader,
        "filter_form": form,
        "results": results,
        "show_help_panel": bool(danger_help),
        "danger_help": danger_help,
        "danger_audience": audience,
    }
    return render(request, themed_template_names(request, "content/search.html"), context)


@csrf_exempt  # Cached public pages carry no CSRF token; the endpoint is rate-limited and anonymous.
@require_POST
@ratelimit(key=hashed_client_key, rate="30/h", method="POST", block=False, group="content-feedback")
@ratelimit(key=everyone_key, rate="500/h", method="POST", block=False, group="content-feedback-all")
def feedback(request, page_id):
    """Stores one anonymous answer and sends the reader back to the page with a thank-you."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id)
    back = page.get_url(request) or "/"
    form = FeedbackForm(request.POST)
    limited = getattr(request, "limited", False)
    if not limited and form.is_valid() and not form.is_spam():
        feedback_record(
            page=page,
            helpful=form.cleaned_data["helpful"] == "yes",
            comment=form.cleaned_data["comment"],
        )
    if limited:
        response = render(
            request,
            themed_template_names(request, "content/feedback_limited.html"),
            {"back_url": back},
            status=429,
        )
        return response
    # Spam and invalid answers get the same thank-you: nothing to learn by probing.
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return HttpResponseRedirect(f"{back}?feedback=thanks#feedback")


def cover_your_tracks(request):
    return render(request, themed_template_names(request, "content/cover_your_tracks.html"))


# Error handlers: templates only, no database work (the database may be what failed).
def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # Kept free of database and template-tag work that might itself be failing:
    # a child in danger must still see how to get help now.
    return render(request, "errors/500.html", status=500)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def csrf_failure(request, reason=""):
    """Django's CSRF refusal, in kind words and with help, instead of its bare default page.

    Usually the form was open for a long time, or cookies are blocked. The
    reason is not shown: it means nothing to a pupil.
    """
    return render(request, "errors/403_csrf.html", status=403)
