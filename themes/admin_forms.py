"""The "Add a school" form. It validates input; themes.onboarding decides."""

from django import forms
from django.contrib.auth import get_user_model

from .registry import DEFAULT_THEME, theme_choices


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class SchoolAddForm(forms.Form):
    name = forms.CharField(
        label="School name", max_length=120, help_text="As pupils and parents know it."
    )
    hostname = forms.CharField(
        label="Site address",
        max_length=255,
        help_text="The host name pupils will type, without https://, e.g. oakfield.example.org.",
    )
    port = forms.IntegerField(
        label="Port",
        initial=80,
        min_value=1,
        max_value=65535,
        help_text="80 unless told otherwise.",
    )
    theme = forms.ChoiceField(label="Theme", choices=theme_choices, initial=DEFAULT_THEME)
    dsl = StaffChoiceField(
        label="Designated safeguarding lead",
        queryset=get_user_model().objects.none(),
        help_text=(
            "Their account must exist (Settings → Users → Add a user) and have an email "
            "address, for the alerts. Deputies and the rest of the team are appointed next."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dsl"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .exclude(groups__name__iendswith="mentors")
            .order_by("username")
        )

    def clean_hostname(self):
        value = self.cleaned_data["hostname"].strip().lower()
        for prefix in ("https://", "http://"):
            value = value.removeprefix(prefix)
        value = value.rstrip("/")
        if not value or "/" in value or " " in value:
            raise forms.ValidationError(
                "Write only the host name, for example oakfield.example.org."
            )
        return value
