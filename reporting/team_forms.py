"""Forms of the "Safeguarding team" screen. They validate input; reporting.services.team decides."""

from django import forms
from django.contrib.auth import get_user_model

from .choices import TeamRole


def _label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _label(obj)


class AppointForm(forms.Form):
    user = StaffChoiceField(
        label="Person",
        queryset=get_user_model().objects.none(),
        help_text="Staff accounts are made in Settings → Users. Peer mentors cannot be chosen.",
    )
    role = forms.ChoiceField(label="Role", choices=TeamRole.choices)
    receives_notifications = forms.BooleanField(
        label="Send them alerts of new reports (DSL, deputy and out-of-hours contact only)",
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .exclude(groups__name__iendswith="mentors")
            .order_by("username")
        )


class EvidenceAccessForm(forms.Form):
    user = forms.IntegerField(widget=forms.HiddenInput)
    allow = forms.TypedChoiceField(
        choices=[("1", "Allow"), ("0", "Stop")], coerce=lambda value: value == "1"
    )
