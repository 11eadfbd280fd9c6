"""The School branding settings form refuses colour pairs pupils could not read."""

import pytest
from wagtail.contrib.settings.views import get_setting_edit_handler

from themes.models import SchoolBranding

pytestmark = pytest.mark.django_db


def settings_form(site, **data):
    """The form the admin's Settings → School branding page shows and validates."""
    instance = SchoolBranding.objects.filter(site=site).first() or SchoolBranding(site=site)
    form_class = get_setting_edit_handler(SchoolBranding).get_form_class()
    fields = {
        "theme": "secondary",
        "school_name": "Northfield Academy",
        "primary_text_colour": "",
        "primary_background_colour": "",
        "accent_text_colour": "",
        "accent_background_colour": "",
        "phone": "",
        "email": "",
        "address": "",
        "urgent_contact": "",
    }
    fields.update(data)
    return form_class(data=fields, instance=instance, for_user=None)


def test_a_failing_pair_is_refused_with_the_ratio_the_rule_the_reason_and_a_fix(northfield):
    form = settings_form(
        northfield.site, primary_text_colour="#777777", primary_background_colour="#ffffff"
    )
    assert not form.is_valid()
    message = " ".join(form.errors["primary_text_colour"])
    assert "4.47:1" in message  # the ratio found
    assert "4.5:1" in message  # the rule
    assert "WCAG 2.2 AA" in message
    assert "pupils" in message  # why it matters
    assert "#767676" in message  # a computed shade that passes
    assert not SchoolBranding.objects.filter(primary_text_colour="#777777").exists()


def test_a_failing_accent_pair_is_refused_on_its_own_field(northfield):
    form = settings_form(
        northfield.site, accent_text_colour="#ffffff", accent_background_colour="#ffcc00"
    )
    assert not form.is_valid()
    assert "accent_text_colour" in form.errors
    assert "buttons" in " ".join(form.errors["accent_text_colour"])


def test_a_passing_pair_is_saved(northfield):
    form = settings_form(
        northfield.site,
        primary_text_colour="#767676",
        primary_background_colour="#ffffff",
        accent_text_colour="#ffffff",
        accent_background_colour="#0b5394",
        theme="primary",
    )
    assert form.is_valid(), form.errors
    form.save()
    saved = SchoolBranding.objects.get(site=northfield.site)
    assert (saved.primary_text_colour, saved.theme) == ("#767676", "primary")


def test_half_a_pair_is_refused_because_contrast_depends_on_both(northfield):
    form = settings_form(northfield.site, primary_text_colour="#000000")
    assert not form.is_valid()
    assert "primary_background_colour" in form.errors


def test_colours_must_be_written_as_six_hex_digits(northfield):
    form = settings_form(
        northfield.site,
        primary_text_colour="black; background: url(https://evil.example/x)",
        primary_background_colour="#ffffff",
    )
    assert not form.is_valid()
    assert "primary_text_colour" in form.errors


def test_unknown_themes_are_not_offered(northfield):
    form = settings_form(northfield.site, theme="../../etc")
    assert not form.is_valid()
    assert "theme" in form.errors
