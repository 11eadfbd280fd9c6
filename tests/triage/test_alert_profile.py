"""Each member of the safeguarding team chooses, in their own account settings, how alerts reach them."""

from django.db import connection
from django.urls import reverse

from reporting.alert_profile import AlertProfileForm
from reporting.choices import TeamRole
from reporting.models import AlertProfile, SafeguardingLead
from tests.builders import make_user

from .conftest import login

SLACK = "https://hooks.slack.com/services/T000/B000/secretpart"


def _form(user, **data):
    fields = {"by_email": "on", "mobile_number": "", "webhook_url": ""}
    fields.update(data)
    return AlertProfileForm(
        {f"safeguarding_alerts-{name}": value for name, value in fields.items()},
        instance=AlertProfile(user=user),
        prefix="safeguarding_alerts",
    )


def test_a_lead_sees_the_alerts_panel_in_their_account_settings(lead):
    body = login(lead).get(reverse("wagtailadmin_account")).content.decode()
    assert "Safeguarding alerts" in body and 'name="safeguarding_alerts-mobile_number"' in body


def test_staff_outside_the_escalation_order_do_not(school):
    governor = make_user(username="governor", email="g@school.example")
    SafeguardingLead.objects.create(user=governor, school=school, role=TeamRole.GOVERNOR)
    body = login(governor).get(reverse("wagtailadmin_account")).content.decode()
    assert "Safeguarding alerts" not in body


def test_the_number_and_webhook_are_kept_encrypted(lead, settings):
    settings.ALERT_SMS_PROVIDER = "console"
    form = _form(
        lead, by_sms="on", mobile_number="07700 900 123", by_webhook="on", webhook_url=SLACK
    )
    assert form.is_valid(), form.errors
    form.save()
    profile = AlertProfile.objects.get(user=lead)
    assert (profile.mobile_number, profile.webhook_url) == ("07700900123", SLACK)
    with connection.cursor() as cursor:
        cursor.execute("SELECT mobile_number, webhook_url FROM reporting_alertprofile")
        stored = " ".join(cursor.fetchone())
    assert "900123" not in stored and "secretpart" not in stored


def test_bad_choices_get_a_clear_message(lead, settings):
    settings.ALERT_SMS_PROVIDER = "console"
    assert "at least one way" in str(_form(lead, by_email="").errors)
    assert "like 07700 900123" in str(_form(lead, by_sms="on", mobile_number="12345").errors)
    refused = _form(lead, by_webhook="on", webhook_url="https://intranet.school.example/hook")
    assert "Microsoft Teams or Slack" in str(refused.errors)
    settings.ALERT_SMS_PROVIDER = ""
    assert "not set up" in str(_form(lead, by_sms="on", mobile_number="07700900123").errors)


def test_turning_a_channel_off_forgets_its_number(lead, settings):
    settings.ALERT_SMS_PROVIDER = "console"
    form = _form(lead, by_sms="on", mobile_number="07700900123")
    assert form.is_valid()
    form.save()
    form = AlertProfileForm(
        {"safeguarding_alerts-by_email": "on", "safeguarding_alerts-mobile_number": "07700900123"},
        instance=AlertProfile.objects.get(user=lead),
        prefix="safeguarding_alerts",
    )
    assert form.is_valid()
    form.save()
    assert AlertProfile.objects.get(user=lead).mobile_number == ""
