"""Template helpers for pupil voice forms and mentor badges."""

from django import template

from ..models import BadgeAward

register = template.Library()


@register.filter
def lookup(mapping, key):
    """mapping[key], or "" — for answers and errors keyed by question id."""
    if not mapping:
        return ""
    return mapping.get(key, "")


@register.filter
def chosen(answer, choice) -> bool:
    """Whether `choice` is (one of) the pupil's answer(s) to a question."""
    if isinstance(answer, list | tuple):
        return choice in answer
    return answer == choice


@register.inclusion_tag("content/recognition/badges_inline.html")
def mentor_badges(mentor):
    """The badges a mentor was awarded, for their public profile page."""
    awards = (
        BadgeAward.objects.filter(mentor=mentor)
        .select_related("badge")
        .order_by("-awarded_on", "-pk")
    )
    return {"awards": list(awards), "mentor": mentor}
