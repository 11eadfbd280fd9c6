"""Danger in a report's words: suggested urgent with the reason kept, and the right help first."""

import pytest

from reporting.choices import Category, Risk
from reporting.models import Case, CaseEvent, Notification
from reporting.services.cases import concern_raise

from .test_followup import sign_in, submit, token_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("what_happened", "kind", "first_help"),
    [
        ("someone will hurt me after school and i dont want to be alive", "violence", "999"),
        ("i dont want to be alive any more", "suicide_self_harm", "0800 068 4141"),
        ("ppl in the group chat keep telling me to kys", "told_to_die", "0800 1111"),
        ("my stepdad hits me and im scared to go home", "home", "0800 1111"),
        ("a man on roblox keeps asking for pics and said dont tell ur mum", "grooming", "CEOP"),
        ("he says he will send my nudes to everyone unless i pay", "image_abuse", "Report Remove"),
    ],
)
def test_words_that_show_danger_make_the_case_urgent_with_the_reason_and_help_first(
    post_report, school, what_happened, kind, first_help
):
    body = post_report(categories=["nasty_messages"], what_happened=what_happened).content.decode()
    case = Case.objects.get()
    assert case.risk == Risk.URGENT and case.suggested_risk == Risk.URGENT
    assert kind in [signal["kind"] for signal in case.danger_signals]
    assert all(signal["words"] for signal in case.danger_signals)
    # Help comes before everything else the receipt says: first whether anyone will read
    # it tonight with 999 and Childline, then the help for that kind of danger.
    act_now_at = body.find('data-testid="act-now-first"')
    help_at = body.find(f'data-danger-kind="{kind}"')
    heading_at = body.find("Thank you for telling us")
    assert -1 < act_now_at < help_at < heading_at < body.find("receipt-reference")
    assert first_help in body[help_at:heading_at]
    # Alerted as urgent: the notification goes out for an urgent case.
    assert Notification.objects.filter(case=case, kind="new_report").exists()


def test_the_report_that_was_filed_as_medium_is_now_urgent_with_both_reasons(post_report, school):
    post_report(
        categories=["nasty_messages"],
        what_happened="They said someone will hurt me after school and I don't want to be alive",
    )
    case = Case.objects.get()
    assert case.risk == Risk.URGENT
    assert {signal["kind"] for signal in case.danger_signals} == {"violence", "suicide_self_harm"}
    event = CaseEvent.objects.get(case=case, kind="report")
    assert set(event.data["danger_kinds"]) == {"violence", "suicide_self_harm"}


def test_ordinary_words_keep_the_category_risk_and_show_no_danger_help(post_report, school):
    body = post_report(
        categories=["left_out"], what_happened="They cut me out of the group chat, it's killing me"
    ).content.decode()
    case = Case.objects.get()
    assert case.risk == Risk.LOW and case.danger_signals == []
    assert "data-danger-kind" not in body
    assert "Your report has been sent" in body


def test_a_parent_reporting_sees_the_advice_for_adults(post_report, school):
    body = post_report(
        reporter_role="parent",
        categories=["other"],
        what_happened="My son's nude pictures were shared around his year",
    ).content.decode()
    assert 'data-danger-kind="image_abuse"' in body
    assert "0808 800 5000" in body
    assert "If someone has a nude picture of you" not in body


def test_a_reply_that_shows_danger_adds_its_reasons_and_shows_help_at_once(client, school):
    case, words = submit(client, categories=["left_out"], what_happened="my dad hits me")
    assert Case.objects.get(pk=case.pk).risk == Risk.URGENT
    page = sign_in(client, case.reference, words).content.decode()
    reply = client.post(
        "/report/follow-up/",
        {"followup_token": token_of(page), "nav": "reply", "message": "i want to kms tonight"},
    ).content.decode()
    assert 'data-danger-kind="suicide_self_harm"' in reply
    assert "0800 068 4141" in reply
    case.refresh_from_db()
    assert [signal["kind"] for signal in case.danger_signals] == ["suicide_self_harm", "home"]
    event = CaseEvent.objects.get(case=case, kind="message_from_reporter")
    assert event.data["suggests_urgent"] and event.data["danger_kinds"] == ["suicide_self_harm"]


def test_an_ordinary_reply_changes_no_risk_and_shows_no_danger_help(client, school):
    case, words = submit(client, categories=["left_out"])
    page = sign_in(client, case.reference, words).content.decode()
    reply = client.post(
        "/report/follow-up/",
        {"followup_token": token_of(page), "nav": "reply", "message": "thanks, it stopped"},
    ).content.decode()
    case.refresh_from_db()
    assert case.risk == Risk.LOW and case.danger_signals == []
    assert "Sent." in reply and "data-danger-kind" not in reply


def test_a_mentors_concern_with_danger_words_is_urgent_with_the_reason(school, mentor):
    case = concern_raise(
        actor=mentor,
        school=school,
        what_worried_you="a year 8 says an older guy online wants to meet her and keep it secret",
        category=Category.OTHER,
    )
    assert case.risk == Risk.URGENT
    assert [signal["kind"] for signal in case.danger_signals] == ["grooming"]
