"""The "Safeguarding alerts" panel of a member of staff's own account settings.

Wagtail's account settings (Account → Notifications) are where each person says
how they want to be told: the escalation order about new and urgent cases, and
everyone given tasks (pastoral staff too) about tasks that come due. Governors,
who see figures only, are never alerted and do not see it.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab

from .alert_channels import sms_available, webhook_host_allowed
from .choices import TeamRole
from .models import AlertProfile, SafeguardingLead
from .services.alerts import alert_profile_update

# A UK mobile (07…, +447…) or any number in international form.
PHONE_NUMBER = re.compile(r"^(?:07\d{9}|\+447\d{9}|\+[1-9]\d{7,14})$")


class AlertProfileForm(forms.ModelForm):
    mobile_number = forms.CharField(
        label="Mobile number",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text="Texts say only that an urgent case is waiting, its reference and the school.",
    )
    webhook_url = forms.URLField(
        label="Teams or Slack webhook address",
        required=False,
        assume_scheme="https",
        max_length=1000,
        help_text=(
            "From a Teams workflow (“Post to a channel when a webhook request is received”) or a "
            "Slack incoming webhook. Use a private channel only you and the team can read."
        ),
    )

    class Meta:
        model = AlertProfile
        fields = ["by_email", "by_sms", "mobile_number", "by_webhook", "webhook_url"]

    def clean_mobile_number(self):
        number = re.sub(r"[\s()-]", "", self.cleaned_data.get("mobile_number") or "")
        if number and not PHONE_NUMBER.match(number):
            raise ValidationError(
                "Enter a mobile number like 07700 900123, or +44 7700 900123 from abroad."
            )
        return number

    def clean(self):
        data = super().clean()
        if not (data.get("by_email") or data.get("by_sms") or data.get("by_webhook")):
            raise ValidationError("Choose at least one way to be alerted.")
        if data.get("by_sms"):
            if not sms_available():
                self.add_error("by_sms", "Text messages are not set up on this site yet.")
            elif not data.get("mobile_number"):
                self.add_error("mobile_number", "Enter the mobile number to text.")
        if data.get("by_webhook"):
            url = data.get("webhook_url") or ""
            if not url:
                self.add_error("webhook_url", "Enter the webhook address.")
            elif not webhook_host_allowed(url):
                self.add_error(
                    "webhook_url",
                    "Use an https address from Microsoft Teams or Slack (ask your admin "
                    "if your organisation uses another).",
                )
        return data

    def save(self, commit=True):
        return alert_profile_update(
            user=self.instance.user,
            **{name: self.cleaned_data[name] for name in self.Meta.fields},
        )


class AlertProfileSettingsPanel(BaseSettingsPanel):
    name = "safeguarding_alerts"
    title = "Safeguarding alerts"
    tab = notifications_tab
    order = 200
    form_class = AlertProfileForm
    help_text = "How you are told about new and urgent safeguarding cases, and tasks that are due."

    def is_active(self):
        return (
            SafeguardingLead.objects.filter(user=self.user).exclude(role=TeamRole.GOVERNOR).exists()
        )

    def get_form(self):
        instance = AlertProfile.objects.filter(user=self.user).first() or AlertProfile(
            user=self.user
        )
        kwargs = {"instance": instance, "prefix": self.name}
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)
