"""Pupil voice and mentor recognition: the models (they stay in the `content` app's tables).

Pupil voice: anonymous surveys and one-question polls ("question of the week").

Staff make them as Wagtail pages under an audience hub. Answers are stored as
`SurveyResponse` + `SurveyAnswer` rows holding only what the pupil chose or wrote
and the day: no IP address, user agent, cookie or account (see content/voice/services.py).
Questions are identified by their StreamField block id, which survives edits, so
a question reworded after answers came in still gathers its answers together.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..models.pages import ThemedPageMixin
from ..models.snippets import AgeBand, Audience, MentorProfile

FREE_TEXT_MAX_LENGTH = 2000
# Which year groups answer for each age band (England and Wales: Year 3 is age 7–8).
YEARS_FOR_AGE_BAND = {"7-11": range(3, 7), "11-16": range(7, 12), "16+": range(12, 14)}
POLL_QUESTION_ID = "poll"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    SCALE = "scale", "Scale"
    TEXT = "text", "Free text"


@dataclass(frozen=True)
class Question:
    """One question as the form, the results and the CSV see it, whatever page type holds it."""

    id: str
    kind: str
    text: str
    choices: tuple[str, ...] = ()
    required: bool = False
    help_text: str = ""
    low_label: str = ""
    high_label: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_text(self) -> bool:
        return self.kind == QuestionKind.TEXT

    @property
    def field_name(self) -> str:
        return f"q-{self.id}"


class _QuestionBase(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300, label="Question")
    help_text = blocks.CharBlock(max_length=300, required=False, label="Hint (optional)")
    required = blocks.BooleanBlock(required=False, default=False, label="Pupils must answer this")


class ChoiceQuestionBlock(_QuestionBase):
    choices = blocks.ListBlock(
        blocks.CharBlock(max_length=120, label="Choice"), min_num=2, max_num=20
    )

    def clean(self, value):
        value = super().clean(value)
        seen = [choice.strip().lower() for choice in value["choices"]]
        if len(set(seen)) != len(seen):
            raise blocks.StructBlockValidationError(
                block_errors={"choices": ValidationError("Each choice must be different.")}
            )
        return value


class SingleChoiceBlock(ChoiceQuestionBlock):
    class Meta:
        icon = "radio-full"
        label = "Single choice"


class MultipleChoiceBlock(ChoiceQuestionBlock):
    class Meta:
        icon = "tasks"
        label = "Multiple choice (tick all that apply)"


class ScaleBlock(_QuestionBase):
    points = blocks.IntegerBlock(min_value=3, max_value=10, default=5, label="Number of points")
    low_label = blocks.CharBlock(
        max_length=60, required=False, label="What 1 means", default="Not at all"
    )
    high_label = blocks.CharBlock(
        max_length=60, required=False, label="What the top means", default="Very"
    )

    class Meta:
        icon = "order"
        label = "Scale (1 to N)"


class FreeTextBlock(_QuestionBase):
    class Meta:
        icon = "pilcrow"
        label = "Free text"


class QuestionsBlock(blocks.StreamBlock):
    single = SingleChoiceBlock()
    multiple = MultipleChoiceBlock()
    scale = ScaleBlock()
    text = FreeTextBlock()


def years_for_age_bands(keys) -> list[int]:
    years = sorted({year for key in keys for year in YEARS_FOR_AGE_BAND.get(key, ())})
    return years or list(range(3, 14))


class VoicePage(ThemedPageMixin, Page):
    """What surveys and polls share: who they are for, and when they take answers."""

    intro = models.TextField(
        max_length=800,
        blank=True,
        help_text="Say what it is for and that it is anonymous. Plain words a 9-year-old understands.",
    )
    audiences = ParentalManyToManyField(Audience, blank=True, related_name="+")
    age_bands = ParentalManyToManyField(AgeBand, blank=True, related_name="+")
    opens_at = models.DateTimeField(
        default=timezone.now, help_text="Answers are taken from this time."
    )
    closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Answers stop at this time. Leave empty to keep it open."
    )
    thank_you = models.TextField(
        max_length=500,
        blank=True,
        default="Thank you. Your answers help make our school a kinder place online.",
        help_text="Shown after a pupil sends their answers.",
    )

    settings_panels = [
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")], heading="When it takes answers"
        ),
        *Page.settings_panels,
    ]
    audience_panels = [
        MultiFieldPanel(
            [
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("age_bands", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Who it is for",
        ),
    ]
    parent_page_types = ["content.HomePage", "content.AudienceHubPage"]
    subpage_types = []
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    is_creatable = False

    class Meta:
        verbose_name = "pupil voice page"

    def clean(self):
        super().clean()
        if self.closes_at and self.opens_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The closing time must be after the opening time."})

    # --- state -------------------------------------------------------------------------
    def state(self, now: datetime | None = None) -> str:
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return "not_open"
        if self.closes_at and now >= self.closes_at:
            return "closed"
        return "open"

    def is_open(self, now: datetime | None = None) -> bool:
        return self.state(now) == "open"

    # --- questions ---------------------------------------------------------------------
    def question_list(self) -> list[Question]:
        raise NotImplementedError

    @property
    def asks_year_group(self) -> bool:
        return False

    def year_choices(self) -> list[int]:
        return years_for_age_bands(band.key for band in self.age_bands.all())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("questions", self.question_list())
        context.setdefault("answers", {})
        context.setdefault("errors", {})
        context["survey_state"] = self.state()
        context["year_choices"] = self.year_choices() if self.asks_year_group else []
        return context


class SurveyPage(VoicePage):
    """An anonymous survey: several questions of four kinds, optionally asking the year group."""

    ask_year_group = models.BooleanField(
        default=True,
        help_text=(
            "Ask which year the pupil is in, so results can be filtered by year group. "
            "Groups with too few answers are never shown, so no pupil can be singled out."
        ),
    )
    questions = StreamField(QuestionsBlock(), min_num=1)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        *VoicePage.audience_panels,
        FieldPanel("ask_year_group"),
        FieldPanel("questions"),
        FieldPanel("thank_you"),
    ]
    template = "content/voice/survey_page.html"
    is_creatable = True

    class Meta:
        verbose_name = "survey"

    @property
    def asks_year_group(self) -> bool:
        return self.ask_year_group

    def question_list(self) -> list[Question]:
        questions = []
        for block in self.questions:
            value = block.value
            common = {
                "id": str(block.id),
                "kind": block.block_type,
                "text": value["text"],
                "required": bool(value.get("required")),
                "help_text": value.get("help_text") or "",
            }
            if block.block_type in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                questions.append(
                    Question(**common, choices=tuple(str(c) for c in value["choices"]))
                )
            elif block.block_type == QuestionKind.SCALE:
                points = int(value.get("points") or 5)
                questions.append(
                    Question(
                        **common,
                        choices=tuple(str(n) for n in range(1, points + 1)),
                        low_label=value.get("low_label") or "",
                        high_label=value.get("high_label") or "",
                    )
                )
            else:
                questions.append(Question(**common))
        return questions


class PollPage(VoicePage):
    """Question of the week: one single-choice question, quick to make and to answer."""

    question = models.CharField(max_length=300)
    choices = models.TextField(help_text="One choice per line, 2 to 10 choices.")

    content_panels = [
        *Page.content_panels,
        FieldPanel("question"),
        FieldPanel("choices"),
        FieldPanel("intro"),
        *VoicePage.audience_panels,
        FieldPanel("thank_you"),
    ]
    template = "content/voice/survey_page.html"
    is_creatable = True

    class Meta:
        verbose_name = "question of the week"
        verbose_name_plural = "questions of the week"

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in (self.choices or "").splitlines() if line.strip()]

    def clean(self):
        super().clean()
        choices = self.choice_list
        if not 2 <= len(choices) <= 10:
            raise ValidationError({"choices": "Give between 2 and 10 choices, one per line."})
        if len({choice.lower() for choice in choices}) != len(choices):
            raise ValidationError({"choices": "Each choice must be different."})

    def question_list(self) -> list[Question]:
        return [
            Question(
                id=POLL_QUESTION_ID,
                kind=QuestionKind.SINGLE,
                text=self.question,
                choices=tuple(self.choice_list),
                required=True,
            )
        ]


class SurveyResponse(models.Model):
    """One pupil's answers to a survey or poll. Holds no IP address, user agent, cookie or account."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="voice_responses"
    )
    # Only if the survey asks it; null means "not asked" or "rather not say".
    year_group = models.PositiveSmallIntegerField(null=True, blank=True)
    # A date, not a time: a timestamp could be matched against a visit in a server log.
    submitted_on = models.DateField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = "survey response"
        permissions = [
            ("view_survey_results", "Can see pupil survey results and free-text answers")
        ]

    def __str__(self):
        return f"Response {self.pk} to page {self.page_id}"


class SurveyAnswer(models.Model):
    """One chosen option, scale point or free-text answer; a multiple-choice question gives several rows."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=64, db_index=True)
    value = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    # Worked out when stored, so results can show staff which answers need a closer look.
    mentions_crisis = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["question_id", "value"])]

    def __str__(self):
        return f"{self.question_id}: {self.value or self.text[:40]}"


# --- Mentor recognition: badges staff manage and award, shown to the mentor and on
# certificates. The mentor's real name is never stored: certificates take it from staff
# at the moment they are made (content/voice/recognition.py); here only the pseudonymous
# MentorProfile is used.


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
