"""Mentor recognition: badges staff manage and award, shown to the mentor and on certificates.

The mentor's real name is never stored: certificates take it from staff at the moment
they are made (content/recognition.py). Here only the pseudonymous MentorProfile is used.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from .snippets import MentorProfile


class Badge(models.Model):
    """A kind of recognition staff can award, e.g. "First guide published" or "Trained mentor"."""

    name = models.CharField(max_length=60, unique=True)
    description = models.CharField(
        max_length=200, help_text="What it is for, in words a mentor is proud to read."
    )
    sort_order = models.PositiveSmallIntegerField(default=100)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class BadgeAward(models.Model):
    """A badge given to one mentor, with the day and a short citation."""

    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="badge_awards")
    badge = models.ForeignKey(Badge, on_delete=models.PROTECT, related_name="awards")
    awarded_on = models.DateField(default=timezone.localdate)
    citation = models.CharField(
        max_length=200,
        blank=True,
        help_text='One sentence on what the mentor did, e.g. "For a clear guide on blocking people."',
    )
    # Set to the member of staff who awards it; kept if their account goes.
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    panels = [
        FieldPanel("mentor"),
        FieldPanel("badge"),
        FieldPanel("awarded_on"),
        FieldPanel("citation"),
    ]

    class Meta:
        ordering = ["-awarded_on", "-pk"]
        permissions = [("generate_certificate", "Can make a certificate for a mentor")]

    def __str__(self):
        return f"{self.badge} for {self.mentor}"

    @property
    def citation_sentence(self) -> str:
        """The citation ending in one full stop (or the ? or ! it was written with), so it can be
        followed by another sentence."""
        text = self.citation.strip().rstrip(".").rstrip()
        if not text:
            return ""
        return text if text.endswith(("!", "?")) else f"{text}."

    @property
    def awarded_by_name(self) -> str:
        user = self.awarded_by
        if user is None:
            return ""
        return user.get_full_name() or user.get_username()
