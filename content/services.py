"""Writes of the knowledge site, keyword-only (see STYLE.md)."""

from django.db import transaction

from .models import PageFeedback


@transaction.atomic
def feedback_record(*, page, helpful: bool, comment: str = "") -> PageFeedback:
    """Stores an anonymous answer: the page, yes/no, the comment and the day. Nothing about the reader."""
    return PageFeedback.objects.create(page=page, helpful=helpful, comment=comment.strip()[:1000])
