"""A school's look and contact details, chosen per Wagtail Site in the admin
(Settings → School branding). Read through themes.resolution, which caches it on
the request; saving it takes effect on the next request, with no restart."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .contrast import AA_NORMAL_TEXT, contrast_ratio, format_ratio, nearest_passing_shade
from .registry import DEFAULT_THEME, get_theme, theme_choices

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", "Write the colour as # and six hex digits, for example #1d4f91."
)

# (text field, background field, where the pair is used) — both or neither set.
COLOUR_PAIRS = (
    ("primary_text_colour", "primary_background_colour", "the header band"),
    ("accent_text_colour", "accent_background_colour", "buttons and highlights"),
)


def colour_field(label: str) -> models.CharField:
    return models.CharField(
        label, max_length=7, blank=True, validators=[hex_colour], help_text="For example #1d4f91."
    )


@register_setting(icon="image")
class SchoolBranding(BaseSiteSetting):
    theme = models.CharField(
        max_length=40,
        choices=theme_choices,
        default=DEFAULT_THEME,
        help_text="Secondary is calm and quiet; primary is brighter, with larger text.",
    )
    school_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="Shown at the top of every page. Leave blank to use the site name.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown beside the school name, so it needs no text of its own.",
    )
    primary_text_colour = colour_field("header text colour")
    primary_background_colour = colour_field("header background colour")
    accent_text_colour = colour_field("button text colour")
    accent_background_colour = colour_field("button background colour")
    phone = models.CharField("school phone", max_length=40, blank=True)
    email = models.EmailField("school email", blank=True)
    address = models.TextField("school address", blank=True)
    urgent_contact = models.CharField(
        "urgent or out-of-hours contact",
        max_length=255,
        blank=True,
        help_text=(
            "Who to contact when school is closed, for example: "
            '"Children\'s services out-of-hours team: 0300 123 4567".'
        ),
    )

    # The logo is shown on every page: fetch it in the same query as the settings.
    select_related = ["logo"]

    panels = [
        MultiFieldPanel(
            [FieldPanel("school_name"), FieldPanel("logo"), FieldPanel("theme")],
            heading="School and theme",
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=(
                        "Leave a pair blank to use the theme's own colours. Each text colour "
                        f"must have a contrast of at least {AA_NORMAL_TEXT}:1 with its "
                        "background (WCAG 2.2 AA), so that every pupil can read it."
                    )
                ),
                FieldPanel("primary_text_colour"),
                FieldPanel("primary_background_colour"),
                FieldPanel("accent_text_colour"),
                FieldPanel("accent_background_colour"),
            ],
            heading="Colours",
        ),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("address"),
                FieldPanel("urgent_contact"),
            ],
            heading="Contact details (shown in the footer)",
        ),
    ]

    class Meta:
        verbose_name = "school branding"
        verbose_name_plural = "school branding"

    def clean(self):
        super().clean()
        errors = {}
        for text_field, background_field, used_for in COLOUR_PAIRS:
            text = getattr(self, text_field)
            background = getattr(self, background_field)
            if not text and not background:
                continue
            if not (text and background):
                missing = background_field if text else text_field
                errors[missing] = (
                    f"Set both colours for {used_for}, or leave both blank to use the "
                    "theme's colours: contrast depends on the pair."
                )
                continue
            if not (hex_colour.regex.match(text) and hex_colour.regex.match(background)):
                continue  # the field validators already explain the format
            message = contrast_problem(text, background, used_for=used_for)
            if message:
                errors[text_field] = message
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self) -> str:
        if self.school_name:
            return self.school_name
        site = self.site if self.site_id else None
        return (site.site_name if site else "") or "Upstander"

    @property
    def theme_object(self):
        return get_theme(self.theme)

    @property
    def has_custom_colours(self) -> bool:
        return any(getattr(self, name) for pair in COLOUR_PAIRS for name in pair[:2])

    @property
    def colours_version(self) -> str:
        """Changes whenever the colours change: the branding stylesheet's URL carries
        it, so browsers and caches fetch the new colours at once."""
        values = "|".join(getattr(self, name) for pair in COLOUR_PAIRS for name in pair[:2])
        return hashlib.sha256(values.encode()).hexdigest()[:12]


def contrast_problem(text: str, background: str, *, used_for: str) -> str:
    """An explanation and a fix for a pair below WCAG AA, or "" if the pair passes."""
    ratio = contrast_ratio(text, background)
    if ratio >= AA_NORMAL_TEXT:
        return ""
    message = (
        f"{text} on {background} has a contrast ratio of {format_ratio(ratio)}. "
        f"WCAG 2.2 AA asks for at least {AA_NORMAL_TEXT}:1 for text, so that pupils with low "
        "vision or colour blindness, or reading a phone in bright light, can still read "
        f"{used_for}."
    )
    fixes = []
    text_fix = nearest_passing_shade(text, background)
    if text_fix:
        fixes.append(
            f"the text colour {text_fix.colour} ({format_ratio(text_fix.ratio)}) on {background}"
        )
    background_fix = nearest_passing_shade(background, text)
    if background_fix:
        fixes.append(
            f"the background colour {background_fix.colour} "
            f"({format_ratio(background_fix.ratio)}) behind {text}"
        )
    if fixes:
        message += " Try " + ", or ".join(fixes) + "."
    return message
