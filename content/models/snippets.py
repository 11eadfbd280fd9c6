"""Taxonomy and reusable snippets: audiences, age bands, topics, helplines, mentor profiles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Audience(models.Model):
    """Who a page is for. A fixed set (pupils, parents and carers, staff) made by a data migration."""

    key = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=60)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class AgeBand(models.Model):
    """An age range a page suits (7–11, 11–16, 16+). A fixed set made by a data migration."""

    key = models.SlugField(max_length=10, unique=True)
    label = models.CharField(max_length=30)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]

    def __str__(self):
        return self.label


class Topic(index.Indexed, models.Model):
    """A subject of advice. A sensitive topic sends pages through the safeguarding review."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True, max_length=500)
    sensitive = models.BooleanField(
        default=False,
        help_text=(
            "Pages on a sensitive topic (for example self-harm and suicide) need a second "
            "approval by a safeguarding lead before they are published."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sensitive"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Helpline(models.Model):
    """A service people can contact, shown on the help page and in help panels."""

    name = models.CharField(max_length=100)
    phone = models.CharField(max_length=40, blank=True)
    text_number = models.CharField(
        max_length=40,
        blank=True,
        help_text="A number or short code to text, if the service has one.",
    )
    url = models.URLField(blank=True)
    hours = models.CharField(max_length=100, blank=True)
    description = models.TextField(max_length=500)
    audiences = models.ManyToManyField(Audience, blank=True, related_name="helplines")
    emergency = models.BooleanField(default=False, help_text="Shown first, e.g. 999.")
    sort_order = models.PositiveSmallIntegerField(default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("phone"),
        FieldPanel("text_number"),
        FieldPanel("url"),
        FieldPanel("hours"),
        FieldPanel("description"),
        FieldPanel("audiences"),
        FieldPanel("emergency"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["-emergency", "sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def tel_href(self) -> str:
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""


YEAR_GROUPS = [(year, f"Year {year}") for year in range(3, 14)]


class MentorProfile(index.Indexed, models.Model):
    """A pupil mentor's public byline. Never a surname or a photo: staff decide what is shown."""

    display_name = models.CharField(
        max_length=40,
        help_text="A first name or a pseudonym the mentor chose. Never a surname.",
    )
    year_group = models.PositiveSmallIntegerField(choices=YEAR_GROUPS, null=True, blank=True)
    bio = models.TextField(
        max_length=400, blank=True, help_text="A sentence or two, in the mentor's words."
    )
    show_on_site = models.BooleanField(
        default=True, help_text="Untick to hide this mentor's byline and profile page."
    )
    # Lets staff see which account writes as this mentor; never shown on the site.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentor_profile",
    )

    panels = [
        FieldPanel("display_name"),
        FieldPanel("year_group"),
        FieldPanel("bio"),
        FieldPanel("show_on_site"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("display_name")]

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        # A pseudonym is one or two short words; "First Last" is how surnames slip in.
        words = self.display_name.split()
        if len(words) > 2 or (len(words) == 2 and all(word[:1].isupper() for word in words)):
            raise ValidationError(
                {"display_name": "Use a first name or a pseudonym only, never a surname."}
            )

    @property
    def year_label(self) -> str:
        return f"Year {self.year_group}" if self.year_group else ""
