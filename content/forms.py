"""Public forms of the knowledge site."""

from django import forms

HONEYPOT_FIELD = "website"


class FeedbackForm(forms.Form):
    helpful = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect)
    comment = forms.CharField(required=False, max_length=1000, widget=forms.Textarea)
    # People never see this field (hidden by CSS and from screen readers); bots fill it in.
    website = forms.CharField(required=False)

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))
