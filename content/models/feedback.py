"""Anonymous "Was this page helpful?" answers, listed per page for moderators."""

from django.db import models


class PageFeedback(models.Model):
    """One answer. Holds no IP address, user agent, cookie or account, and only the day."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField()
    comment = models.TextField(blank=True, max_length=1000)
    # A date, not a time: a timestamp could be matched against a visit in a server log.
    created_on = models.DateField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_on", "-pk"]
        verbose_name = "page feedback"
        verbose_name_plural = "page feedback"

    def __str__(self):
        answer = "Helpful" if self.helpful else "Not helpful"
        return f"{answer}: {self.page.title}"
