"""The GET filter form of hubs, topic pages and search: plain HTML, works without JavaScript."""

from django import forms

from upstander.pagecache import cached_for_generation

from .models import AgeBand, Audience, Topic

TAXONOMY_CHOICES = {
    "audience": lambda: [(item.key, item.name) for item in Audience.objects.all()],
    "age": lambda: [(item.key, item.label) for item in AgeBand.objects.all()],
    "topic": lambda: [(item.slug, item.name) for item in Topic.objects.all()],
}


def taxonomy_choices(kind: str) -> list[tuple[str, str]]:
    """Audiences, age bands or topics for a filter, cached until content changes.

    Saving a snippet bumps the page-cache generation (upstander.signals), which
    is part of the key, so a renamed topic shows at once. One list per kind, so
    a form without a topic filter (a topic's own page) never reads the topics.
    """
    return cached_for_generation(f"content:taxonomy-choices:{kind}", TAXONOMY_CHOICES[kind])


class ListingFilterForm(forms.Form):
    audience = forms.ChoiceField(required=False, label="Who it is for")
    age = forms.ChoiceField(required=False, label="Age")
    topic = forms.ChoiceField(required=False, label="Topic")

    def __init__(self, data=None, *, show_audience=True, show_age=True, show_topic=True):
        super().__init__(data)
        if show_audience:
            self.fields["audience"].choices = [("", "Everyone"), *taxonomy_choices("audience")]
        else:
            del self.fields["audience"]
        if show_age:
            self.fields["age"].choices = [("", "Any age"), *taxonomy_choices("age")]
        else:
            del self.fields["age"]
        if show_topic:
            self.fields["topic"].choices = [("", "All topics"), *taxonomy_choices("topic")]
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
