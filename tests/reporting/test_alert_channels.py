"""Alerts by text message (GOV.UK Notify) and Teams/Slack webhook, each against a fake on loopback.

And the attack: a unique marker typed into every field of a report appears in
no email, text message or webhook the report causes.
"""

import pytest
from django.core import mail

from reporting import alert_channels
from reporting.choices import NotificationStatus
from reporting.models import AlertProfile, Case, Notification
from reporting.notifications import deliver_notification

from .fake_alert_server import fake_alert_server

# A Notify key: name, then the service id and the secret (each a UUID).
NOTIFY_KEY = (
    "upstander_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
)
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
MARKER = "ZEBRA-MARKER-7731"


@pytest.fixture
def fake(settings, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with fake_alert_server() as server:
        settings.ALERT_SMS_PROVIDER = "notify"
        settings.GOVUK_NOTIFY_API_KEY = NOTIFY_KEY
        settings.GOVUK_NOTIFY_SMS_TEMPLATE_ID = TEMPLATE_ID
        settings.GOVUK_NOTIFY_BASE_URL = server.url
        yield server


def test_notify_adapter_sends_the_text_through_the_notify_client(fake):
    alert_channels.sms_provider().send(
        phone_number="07700900123",
        message="Urgent case ABCD-EFGH at Northfield",
        reference="ABCD-EFGH",
    )
    (request,) = fake.requests
    assert request["path"] == "/v2/notifications/sms"
    assert request["headers"]["Authorization"].startswith("Bearer ")  # the client's signed JWT
    assert request["json"] == {
        "phone_number": "07700900123",
        "template_id": TEMPLATE_ID,
        "personalisation": {"message": "Urgent case ABCD-EFGH at Northfield"},
        "reference": "ABCD-EFGH",
    }


def test_notify_refusing_the_text_raises_so_it_is_retried(fake):
    fake.status = 500
    with pytest.raises(Exception, match="500"):
        alert_channels.sms_provider().send(phone_number="07700900123", message="x", reference="r")


@pytest.mark.parametrize(
    ("path", "kind"), [("/teams/workflow", "teams"), ("/services/T0/B0/xyz", "slack")]
)
def test_webhook_adapter_posts_a_teams_card_or_slack_text(fake, monkeypatch, path, kind):
    if kind == "slack":
        monkeypatch.setattr(
            alert_channels, "urlsplit", lambda url: type("U", (), {"hostname": "hooks.slack.com"})()
        )
    alert_channels.webhook_send(
        url=fake.url + path, message="Urgent case ABCD-EFGH at Northfield", link="https://x/case"
    )
    (request,) = fake.requests
    assert request["path"] == path
    if kind == "slack":
        assert request["json"] == {
            "text": "Urgent case ABCD-EFGH at Northfield <https://x/case|Open Upstander>"
        }
    else:
        card = request["json"]["attachments"][0]["content"]
        assert card["body"][0]["text"] == "Urgent case ABCD-EFGH at Northfield"
        assert card["actions"][0]["url"] == "https://x/case"


def test_a_webhook_answering_an_error_raises(fake):
    fake.status = 404
    with pytest.raises(RuntimeError, match="404"):
        alert_channels.webhook_send(url=fake.url + "/gone", message="x", link="y")


def test_only_https_teams_and_slack_hosts_are_accepted_for_webhooks():
    allowed = alert_channels.webhook_host_allowed
    assert allowed("https://hooks.slack.com/services/T0/B0/xyz")
    assert allowed("https://trust.webhook.office.com/webhookb2/abc")
    assert not allowed("http://hooks.slack.com/services/T0/B0/xyz")
    assert not allowed("https://127.0.0.1/hook")
    assert not allowed("https://hooks.slack.com.evil.example/x")
    assert not allowed("https://evilwebhook.office.com/x")


def _everything_marked(post_report):
    return post_report(
        what_happened=f"{MARKER} said they will hurt me, kill myself {MARKER}",
        when_happened=f"{MARKER} yesterday",
        where_detail=f"{MARKER} group chat",
        people_involved=f"{MARKER} Jamie Example",
        say_who="yes",
        reporter_identity=f"{MARKER} Alex Pupil",
        danger_now="yes",
    )


def test_no_alert_on_any_channel_carries_what_the_pupil_wrote(fake, post_report, school, lead):
    AlertProfile.objects.create(
        user=lead,
        by_email=True,
        by_sms=True,
        mobile_number="07700900123",
        by_webhook=True,
        webhook_url=fake.url + "/teams/workflow",
    )
    assert _everything_marked(post_report).status_code == 200
    case = Case.objects.get()
    (notification,) = Notification.objects.filter(case=case)
    assert deliver_notification.call(str(notification.pk)) == "sent"

    assert sorted(r["path"] for r in fake.requests) == ["/teams/workflow", "/v2/notifications/sms"]
    assert len(mail.outbox) == 1
    bodies = [*fake.bodies(), mail.outbox[0].body]
    for body in bodies:
        assert case.reference in body
    for text in [*bodies, mail.outbox[0].subject]:
        assert MARKER not in text and "Jamie" not in text and "Alex" not in text
    text = next(r for r in fake.requests if r["path"].endswith("/sms"))["json"]
    assert text["personalisation"]["message"] == (
        f"Urgent case {case.reference} at {school.site_name or school.hostname}: open Upstander"
    )


def test_a_failed_channel_is_retried_without_resending_the_others(fake, post_report, school, lead):
    AlertProfile.objects.create(
        user=lead, by_email=True, by_webhook=True, webhook_url=fake.url + "/teams/workflow"
    )
    post_report()
    notification = Notification.objects.get()
    fake.status = 503
    assert deliver_notification.call(str(notification.pk)) == "failed"
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.delivered == ["email"] and "webhook" in notification.last_error
    assert len(mail.outbox) == 1

    fake.status = 200
    assert deliver_notification.call(str(notification.pk)) == "sent"
    notification.refresh_from_db()
    assert notification.delivered == ["email", f"webhook:{lead.safeguarding_roles.get().pk}"]
    assert len(mail.outbox) == 1  # the email was not sent twice
    assert len(fake.requests) == 2


def test_the_notifications_list_shows_whom_each_alert_is_for_and_what_went_out(
    fake, post_report, school, lead
):
    from tests.triage.conftest import login

    AlertProfile.objects.create(user=lead, by_email=True, by_sms=True, mobile_number="07700900123")
    post_report()
    deliver_notification.call(str(Notification.objects.get().pk))
    body = login(lead).get("/admin/safeguarding/notifications/").content.decode()
    assert "Designated safeguarding lead" in body and "email, 1 text message" in body
