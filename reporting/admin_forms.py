"""Forms of the triage back office. They validate input; the services decide.

Field names are distinct across the forms on one case page, so every input has a
unique id and label there (and browser tests can address each one by name).
"""

import json

from django import forms
from django.contrib.auth import get_user_model
from django.utils.html import escape
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from .choices import ActionType, Agency, Category, Outcome, PersonRole, Platform, Risk, Status
from .labels import staff_name

YEAR_GROUPS = [("", "Not known")] + [(str(year), f"Year {year}") for year in range(1, 14)]


def _blank(choices, label="Choose…"):
    return [("", label), *choices]


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label="New status")
    outcome = forms.ChoiceField(
        label="Outcome (needed to close)", choices=_blank(Outcome.choices), required=False
    )
    status_reason = forms.CharField(
        label="Note about this change (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(value, Status(value).label) for value in allowed]

    def clean(self):
        data = super().clean()
        if data.get("to_status") == Status.CLOSED and not data.get("outcome"):
            self.add_error("outcome", "Choose an outcome to close the case.")
        return data


class RiskForm(forms.Form):
    risk = forms.ChoiceField(label="Risk", choices=Risk.choices)
    risk_reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class StaffChoiceField(forms.ModelChoiceField):
    """A member of staff by name, as colleagues know them, not by username."""

    def label_from_instance(self, obj):
        return staff_name(obj)


class AssignForm(forms.Form):
    assignee = StaffChoiceField(
        label="Assign to",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Nobody",
    )
    handover_note = forms.CharField(
        label="Handover note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the colleague taking the case on needs to know. It goes in the chronology.",
    )

    def __init__(self, *args, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = leads


class CategoriesForm(forms.Form):
    categories = forms.ModelMultipleChoiceField(
        label="Recorded under",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The school's own categories, for its records and the governors' report.",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = choices


class TaskForm(forms.Form):
    what = forms.CharField(
        label="What needs doing",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
    )
    assignee = StaffChoiceField(label="Who", queryset=None)
    due_at = forms.DateTimeField(
        label="By when",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members


class LinkForm(forms.Form):
    RELATED = "related"
    MERGE_THAT_HERE = "merge_that_here"
    MERGE_THIS_THERE = "merge_this_there"

    other_reference = forms.CharField(label="The other case's reference", max_length=20)
    how = forms.ChoiceField(
        label="How they are connected",
        choices=[
            (RELATED, "Related: keep both, show each on the other"),
            (MERGE_THAT_HERE, "That case is a duplicate of this one: merge it into this case"),
            (MERGE_THIS_THERE, "This case is a duplicate of that one: merge this case into it"),
        ],
        widget=forms.RadioSelect,
        initial=RELATED,
    )
    link_reason = forms.CharField(
        label="Why", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


# Paragraphs, lists, bold, italics and links: nothing a child's follow-up page could
# be made to look official or strange with.
FORMATTED_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


def paragraphs_of(text: str) -> str:
    """Plain text as escaped paragraphs: "<script>" reads as those words and never runs."""
    parts = [part.strip() for part in str(text).split("\n\n") if part.strip()]
    return "".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in parts)


class FormattedTextArea(DraftailRichTextArea):
    """Wagtail's own rich-text editor, limited to what a message to a child needs.

    The editor posts its content as JSON, turned here into HTML with real link
    addresses (a link to one of the school's pages is stored by Wagtail as a page id).
    Anything else (a client posting directly, a browser without the editor's script)
    is kept as written: as HTML where the field has always taken HTML (messages),
    otherwise as escaped paragraphs (notes). Either way the service cleans it to the
    lead-message allow-list before it is stored, so nothing typed is lost and nothing
    runs. admin-field-names.js names the editor by the field's label.
    """

    def __init__(self, *args, markup_fallback: bool = False, **kwargs):
        self.markup_fallback = markup_fallback
        kwargs.setdefault("features", FORMATTED_TEXT_FEATURES)
        super().__init__(*args, **kwargs)

    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        if raw is None:
            return None
        try:
            json.loads(raw)
        except (TypeError, ValueError):
            return str(raw) if self.markup_fallback else paragraphs_of(raw)
        return expand_db_html(super().value_from_datadict(data, files, name) or "")


class NoteForm(forms.Form):
    """An internal note, formatted like a message and cleaned the same way."""

    note = forms.CharField(
        label="Internal note (never shown to the reporter)",
        widget=FormattedTextArea(),
        max_length=20000,
    )


class MessageForm(forms.Form):
    message = forms.CharField(
        label="Message to the reporter",
        help_text=(
            "The reporter sees this on their follow-up page. Write simply, as you would "
            "speak to the child; you can use paragraphs, lists, bold, italics and links."
        ),
        widget=FormattedTextArea(markup_fallback=True),
        max_length=20000,
    )
    to = forms.ChoiceField(label="To", required=False)

    def __init__(self, *args, reporters=(), **kwargs):
        super().__init__(*args, **kwargs)
        # A case with merged duplicates has several reporters, each with their own receipt.
        self.fields["to"].choices = list(reporters)
        if len(self.fields["to"].choices) <= 1:
            self.fields["to"].widget = forms.HiddenInput()


class ActionForm(forms.Form):
    action_type = forms.ChoiceField(label="Action taken", choices=_blank(ActionType.choices))
    action_details = forms.CharField(
        label="Details",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )


class EscalationForm(forms.Form):
    agency = forms.ChoiceField(label="Agency", choices=_blank(Agency.choices))
    agency_reference = forms.CharField(
        label="Their reference number", max_length=100, required=False
    )
    escalation_details = forms.CharField(
        label="Details",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )


class PersonForm(forms.Form):
    person_role = forms.ChoiceField(label="Role", choices=PersonRole.choices)
    person_name = forms.CharField(label="Name", max_length=200)
    person_year_group = forms.TypedChoiceField(
        label="Year group", choices=YEAR_GROUPS, coerce=int, empty_value=None, required=False
    )
    person_verified = forms.BooleanField(label="I have confirmed this name myself", required=False)


def _offer_schools(form: forms.Form, schools) -> None:
    """Someone in one school sends to it, whatever was posted; someone in several chooses.

    The form never picks one of several schools for them: a worry sent to the wrong
    school's leads reaches strangers.
    """
    field = form.fields["school"]
    field.queryset = schools
    if len(schools) == 1:
        only = schools[0]
        field.initial = only
        # Disabled: whatever a forged form posts is ignored for the initial value.
        field.disabled = True
        field.widget = forms.HiddenInput()


class CaseLogForm(forms.Form):
    """A case logged by staff from a face-to-face disclosure or a named concern."""

    school = forms.ModelChoiceField(label="School", queryset=Site.objects.none(), empty_label=None)
    what_happened = forms.CharField(
        label="What was disclosed or seen",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
    )
    when_happened = forms.CharField(label="When it happened", max_length=200, required=False)
    category = forms.ChoiceField(label="Category", choices=Category.choices, initial=Category.OTHER)
    platform = forms.ChoiceField(
        label="App or platform",
        choices=_blank(Platform.choices, "None or not known"),
        required=False,
    )
    risk = forms.ChoiceField(label="Risk", choices=Risk.choices, initial=Risk.MEDIUM)
    danger_now = forms.BooleanField(label="Someone is in danger right now", required=False)
    person_name = forms.CharField(label="Pupil's name (optional)", max_length=200, required=False)
    person_role = forms.ChoiceField(
        label="Their role", choices=PersonRole.choices, initial=PersonRole.TARGET
    )
    person_year_group = forms.TypedChoiceField(
        label="Year group", choices=YEAR_GROUPS, coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_schools(self, schools)
        if len(schools) > 1:
            self.fields["school"].empty_label = "Choose a school…"
            self.fields["school"].error_messages["required"] = (
                "Choose the school whose safeguarding leads should see this case."
            )


class ConcernForm(forms.Form):
    """A peer mentor's worry about someone, in a few fields.

    It goes to the leads of the mentor's own school; someone in several schools says
    which one, rather than the form guessing.
    """

    school = forms.ModelChoiceField(
        label="Which school is this about?",
        help_text="You belong to more than one school: the concern goes to this school's safeguarding leads.",
        queryset=Site.objects.none(),
        empty_label="Choose a school…",
        error_messages={"required": "Choose the school whose safeguarding leads should see this."},
    )

    emergency_now = forms.BooleanField(
        label="Someone is in danger right now (this is an emergency)",
        help_text="If someone could get hurt right now, also call 999 or tell a member of staff straight away.",
        required=False,
    )
    what_worried_you = forms.CharField(
        label="What worried you?", widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )
    who = forms.CharField(
        label="Who are you worried about? (optional)", max_length=200, required=False
    )
    year_group = forms.TypedChoiceField(
        label="Their year group",
        choices=YEAR_GROUPS,
        coerce=int,
        empty_value=None,
        required=False,
    )
    category = forms.ChoiceField(
        label="What is it about?", choices=Category.choices, initial=Category.OTHER
    )
    where = forms.ChoiceField(
        label="Where did it happen?",
        choices=_blank(Platform.choices, "In person, or not known"),
        required=False,
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_schools(self, schools)
