"""Pages that exist only under the test settings."""

from django.http import HttpResponse


def neutral_page(request):
    return HttpResponse(
        "<!doctype html><html lang='en'><head><title>Weather</title></head>"
        "<body><main><h1>Weather forecast</h1><p>Sunny spells.</p></main></body></html>"
    )
