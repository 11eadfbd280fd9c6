"""The GET filter form of hubs, topic pages and search: plain HTML, works without JavaScript."""

from django import forms
from django.core.cache import cache

from upstander.pagecache import current_generation

from .models import AgeBand, Audience, Topic


def taxonomy_choices() -> dict[str, list[tuple[str, str]]]:
    """Audiences, age bands and topics for the filters, cached until content changes.

    Saving a snippet bumps the page-cache generation (upstander.signals), which
    is part of the key, so a renamed topic shows at once.
    """
    key = f"content:taxonomy-choices:{current_generation()}"
    choices = cache.get(key)
    if choices is None:
        choices = {
            "audience": [(item.key, item.name) for item in Audience.objects.all()],
            "age": [(item.key, item.label) for item in AgeBand.objects.all()],
            "topic": [(item.slug, item.name) for item in Topic.objects.all()],
        }
        cache.set(key, choices, timeout=3600)
    return choices


class ListingFilterForm(forms.Form):
    audience = forms.ChoiceField(required=False, label="Who it is for")
    age = forms.ChoiceField(required=False, label="Age")
    topic = forms.ChoiceField(required=False, label="Topic")

    def __init__(self, data=None, *, show_audience=True, show_age=True, show_topic=True):
        super().__init__(data)
        choices = taxonomy_choices()
        if show_audience:
            self.fields["audience"].choices = [("", "Everyone"), *choices["audience"]]
        else:
            del self.fields["audience"]
        if show_age:
            self.fields["age"].choices = [("", "Any age"), *choices["age"]]
        else:
            del self.fields["age"]
        if show_topic:
            self.fields["topic"].choices = [("", "All topics"), *choices["topic"]]
        else:
            del self.fields["topic"]

    def cleaned_filters(self) -> dict:
        """Valid filters only: an unknown value is ignored rather than shown as an error."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value}

    @property
    def active(self) -> bool:
        return bool(self.cleaned_filters())
