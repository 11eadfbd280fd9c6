"""User forms for the admin: mentor accounts (pupils) hold no surname, and need no email.

Wagtail's forms require first name, last name and email for everyone. A mentor is a
pupil, so for members of a mentors group (the global "Mentors", or a school's own
"<School> mentors", themes.schools) the surname must stay empty and the first name
and email are optional; staff keep Wagtail's requirements, since alerts of reports
reach the safeguarding team by email.
"""

from django import forms
from wagtail.admin.forms.account import NameEmailForm
from wagtail.users.forms import UserCreationForm, UserEditForm

MENTORS_GROUP = "Mentors"
SCHOOL_MENTORS_SUFFIX = " mentors"
NAME_FIELDS = ("first_name", "last_name", "email")


def is_mentor_group(name: str) -> bool:
    return name == MENTORS_GROUP or name.lower().endswith(SCHOOL_MENTORS_SUFFIX)


def is_mentor(user) -> bool:
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return False
    cached = getattr(user, "_upstander_is_mentor", None)
    if cached is None:
        cached = any(is_mentor_group(name) for name in user.groups.values_list("name", flat=True))
        user._upstander_is_mentor = cached
    return cached


class PupilSafeUserFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in NAME_FIELDS:
            if name in self.fields:
                self.fields[name].required = False
        if "first_name" in self.fields:
            self.fields[
                "first_name"
            ].help_text = "For a mentor (a pupil): their first name or a pseudonym, or leave empty."
        if "last_name" in self.fields:
            self.fields[
                "last_name"
            ].help_text = "Leave empty for mentors: no pupil's surname is stored."
        if "email" in self.fields:
            self.fields["email"].help_text = (
                "Needed for staff (alerts reach the safeguarding team by email); "
                "not needed for mentors."
            )

    def _chosen_groups(self):
        if "groups" in self.fields:
            return list(self.cleaned_data.get("groups") or [])
        return list(self.instance.groups.all()) if self.instance.pk else []

    def clean(self):
        cleaned = super().clean()
        mentor = not cleaned.get("is_superuser") and any(
            is_mentor_group(group.name) for group in self._chosen_groups()
        )
        if mentor:
            if (cleaned.get("last_name") or "").strip():
                self.add_error(
                    "last_name", "Mentor accounts are for pupils: do not store a surname."
                )
        else:
            for name in NAME_FIELDS:
                if name in self.fields and not cleaned.get(name):
                    self.add_error(
                        name, forms.ValidationError("This field is required.", code="required")
                    )
        return cleaned


class PupilSafeUserCreationForm(PupilSafeUserFormMixin, UserCreationForm):
    pass


class PupilSafeUserEditForm(PupilSafeUserFormMixin, UserEditForm):
    pass


class MentorNameForm(NameEmailForm):
    """A mentor's own account settings: no surname field, email optional."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["last_name"]
        self.fields["first_name"].required = False
        self.fields["first_name"].label = "Name (first name or pseudonym)"
        if "email" in self.fields:
            self.fields["email"].required = False

    class Meta(NameEmailForm.Meta):
        fields = ["first_name", "email"]
