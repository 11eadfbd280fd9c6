"""The public report form and the follow-up forms, in words a 9-year-old understands.

Who uses this: reporting.views. The report form is one Django form shown as
steps: every answer travels in the POST body (hidden fields for the steps not
on screen), never in a session, cookie or URL, so a pupil can go back and
forward without losing anything and without a trace left on the device.
Text is kept exactly as typed (strip=False): `<3` stays `<3`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .choices import Category, Platform, ReporterRole
from .services.submission import ReportAnswers

PASSPHRASE_ATTRS = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}

DANGER_CHOICES = [
    ("yes", _("Yes, someone is in danger right now")),
    ("no", _("No")),
    ("not_sure", _("I'm not sure")),
]
SAY_WHO_CHOICES = [
    ("no", _("No, I want to stay anonymous")),
    ("yes", _("Yes, I want to say who I am")),
]


@dataclass(frozen=True)
class Step:
    slug: str
    title: str  # lazily translated: the step is read in the pupil's language
    fields: tuple[str, ...]


STEPS = (
    Step("start", _("Is anyone in danger?"), ("danger_now", "reporter_role")),
    Step(
        "what", _("What is happening?"), ("categories", "platform", "where_detail", "when_happened")
    ),
    Step("tell", _("Tell us in your own words"), ("what_happened", "people_involved")),
    Step("evidence", _("Add screenshots or files"), ()),
    Step("you", _("Check and send"), ("say_who", "reporter_identity")),
)
STEP_SLUGS = tuple(step.slug for step in STEPS)
EVIDENCE_STEP = STEP_SLUGS.index("evidence")


class ExactTextField(forms.CharField):
    """Text kept exactly as typed; required means 'more than blank space'."""

    def __init__(self, **kwargs):
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if self.required and not (value or "").strip():
            raise forms.ValidationError(self.error_messages["required"], code="required")


class ReportForm(forms.Form):
    danger_now = forms.ChoiceField(
        label=_("Is anyone in danger right now?"),
        choices=DANGER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please tell us if anyone is in danger right now.")},
    )
    reporter_role = forms.ChoiceField(
        label=_("Who is this about?"),
        choices=ReporterRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose who this is about.")},
    )
    categories = forms.MultipleChoiceField(
        label=_("What is happening?"),
        help_text=_("Tick everything that fits."),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please tick at least one thing. 'Something else' is fine.")},
    )
    platform = forms.ChoiceField(
        label=_("Where is it happening?"),
        help_text=_("Pick the app, game or website. You can skip this."),
        choices=Platform.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    where_detail = ExactTextField(
        label=_("Anything else about where? (optional)"),
        help_text=_("For example the name of a group chat or a game server."),
        max_length=500,
        required=False,
    )
    when_happened = ExactTextField(
        label=_("When did it happen? (optional)"),
        help_text=_("For example 'last night', 'every day this week' or a date."),
        max_length=200,
        required=False,
    )
    what_happened = ExactTextField(
        label=_("What happened?"),
        help_text=_("Write it in your own words. Spelling does not matter."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": _("Please tell us what happened, even a few words.")},
    )
    people_involved = ExactTextField(
        label=_("Who was involved? (optional)"),
        help_text=_("Names, usernames or what class they are in, if you know."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
    say_who = forms.ChoiceField(
        label=_("Do you want to tell us who you are?"),
        choices=SAY_WHO_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    reporter_identity = ExactTextField(
        label=_("Your name and class (only if you want to)"),
        max_length=300,
        required=False,
    )
    # A field people never see: bots fill it in, so a filled-in form is not sent.
    website = forms.CharField(label="Leave this empty", required=False)

    def fields_for(self, step_index: int) -> list[forms.BoundField]:
        return [self[name] for name in STEPS[step_index].fields]

    def first_step_with_errors(self) -> int | None:
        for index, step in enumerate(STEPS):
            if any(name in self.errors for name in step.fields):
                return index
        return None

    def step_is_valid(self, step_index: int) -> bool:
        """Validate the whole form, but judge only this step's fields."""
        self.is_valid()
        return not any(name in self.errors for name in STEPS[step_index].fields)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    @property
    def sexual_image_chosen(self) -> bool:
        return Category.SEXUAL_IMAGE in self.data.getlist("categories")

    @property
    def danger_chosen(self) -> bool:
        return self.data.get("danger_now") == "yes"

    def answers(self) -> ReportAnswers:
        data = self.cleaned_data
        identity = data["reporter_identity"] if data.get("say_who") == "yes" else ""
        return ReportAnswers(
            reporter_role=data["reporter_role"],
            danger_now=data["danger_now"] == "yes",
            danger_unsure=data["danger_now"] == "not_sure",
            categories=list(data["categories"]),
            platform=data.get("platform") or "",
            where_detail=data.get("where_detail") or "",
            when_happened=data.get("when_happened") or "",
            what_happened=data["what_happened"],
            people_involved=data.get("people_involved") or "",
            reporter_identity=identity or "",
            # The language of the address the form was sent to (/cy/report/ -> "cy").
            interface_language=get_language() or "",
        )


class FollowUpSignInForm(forms.Form):
    """The receipt, typed back in. The words are hidden as typed unless the pupil ticks
    "Show my words": with JavaScript the box shows them at once; without it the page
    comes back (after a wrong or empty try) with the words in a plain text box. Only
    this never-cached page (no-store) ever holds them."""

    reference = forms.CharField(
        label=_("Your report number"),
        help_text=_("It looks like ABCD-2345."),
        max_length=40,
        error_messages={"required": _("Type your report number. It looks like ABCD-2345.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )
    passphrase = forms.CharField(
        label=_("Your secret words"),
        help_text=_("The five words you were given, with spaces between them."),
        max_length=200,
        error_messages={"required": _("Type the secret words you were given with your report.")},
        widget=forms.PasswordInput(attrs=PASSPHRASE_ATTRS, render_value=False),
    )
    show_words = forms.BooleanField(
        label=_("Show my words"),
        required=False,
        widget=forms.CheckboxInput(
            attrs={"data-show-words": "id_passphrase", "aria-controls": "id_passphrase"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.showing_words:
            self.fields["passphrase"].widget = forms.TextInput(attrs=PASSPHRASE_ATTRS)

    @property
    def showing_words(self) -> bool:
        if self.is_bound:
            return self.fields["show_words"].widget.value_from_datadict(
                self.data, self.files, self.add_prefix("show_words")
            )
        return bool(self.initial.get("show_words"))


class ReplyForm(forms.Form):
    message = ExactTextField(
        label=_("Write a message or add more information"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        required=False,
    )
