"""Sending one content-free alert by text message or to a Teams/Slack webhook.

Who uses this: reporting.notifications, for the people whose alert profile asks
for these channels. Every message is built by notifications.alert_text and
names only the case reference, the school and where to open it.

SMS goes through a provider chosen by ALERT_SMS_PROVIDER; GOV.UK Notify is the
real one (https://docs.notifications.service.gov.uk/python.html), used through
its own client library. Each raises on failure, so the notification is retried.
"""

from __future__ import annotations

import logging
from typing import Protocol
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)


class SmsProvider(Protocol):
    def send(self, *, phone_number: str, message: str, reference: str) -> None: ...


class GovukNotifySms:
    """GOV.UK Notify: the SMS template's body must be just ((message))."""

    def __init__(self, *, api_key: str, template_id: str, base_url: str, timeout: int = 10):
        if not (api_key and template_id):
            raise ImproperlyConfigured(
                "ALERT_SMS_PROVIDER=notify needs GOVUK_NOTIFY_API_KEY and "
                "GOVUK_NOTIFY_SMS_TEMPLATE_ID."
            )
        from notifications_python_client.notifications import NotificationsAPIClient

        self.template_id = template_id
        self.client = NotificationsAPIClient(api_key, base_url=base_url, timeout=timeout)

    def send(self, *, phone_number: str, message: str, reference: str) -> None:
        self.client.send_sms_notification(
            phone_number=phone_number,
            template_id=self.template_id,
            personalisation={"message": message},
            reference=reference,
        )


class LogSms:
    """For development: the text goes to the log, with the number masked."""

    def send(self, *, phone_number: str, message: str, reference: str) -> None:
        logger.info("SMS to …%s: %s", phone_number[-3:], message)


def sms_available() -> bool:
    return bool(settings.ALERT_SMS_PROVIDER)


def sms_provider() -> SmsProvider:
    name = settings.ALERT_SMS_PROVIDER
    if name == "notify":
        return GovukNotifySms(
            api_key=settings.GOVUK_NOTIFY_API_KEY,
            template_id=settings.GOVUK_NOTIFY_SMS_TEMPLATE_ID,
            base_url=settings.GOVUK_NOTIFY_BASE_URL,
            timeout=settings.ALERT_HTTP_TIMEOUT,
        )
    if name == "console":
        return LogSms()
    raise ImproperlyConfigured(
        f"ALERT_SMS_PROVIDER is {name!r}: use notify, console, or leave it empty."
    )


def webhook_host_allowed(url: str) -> bool:
    """Only https, and only to the Teams/Slack hosts in ALERT_WEBHOOK_HOSTS."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host:
        return False
    for allowed in settings.ALERT_WEBHOOK_HOSTS:
        allowed = allowed.lower()
        if allowed.startswith(".") and host.endswith(allowed):
            return True
        if host == allowed:
            return True
    return False


def webhook_payload(url: str, message: str, link: str) -> dict:
    """Slack's incoming-webhook text, or an Adaptive Card for a Teams workflow."""
    if (urlsplit(url).hostname or "").endswith("slack.com"):
        return {"text": f"{message} <{link}|Open Upstander>"}
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": [{"type": "TextBlock", "text": message, "wrap": True}],
                    "actions": [{"type": "Action.OpenUrl", "title": "Open Upstander", "url": link}],
                },
            }
        ],
    }


def webhook_send(*, url: str, message: str, link: str) -> None:
    # No redirects: a webhook host that answers with one is not followed elsewhere.
    response = requests.post(
        url,
        json=webhook_payload(url, message, link),
        timeout=settings.ALERT_HTTP_TIMEOUT,
        allow_redirects=False,
    )
    if response.status_code >= 300:
        raise RuntimeError(f"The webhook answered {response.status_code}.")
