"""Theme folders are read only for registered themes and only inside their folder."""

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, select_template


def test_a_theme_override_is_found_by_its_themed_name():
    template = get_template("themes/primary/base.html")
    assert template.origin.name.endswith("themes/catalogue/primary/templates/base.html")


def test_a_theme_without_an_override_falls_back_to_the_shared_template():
    template = select_template(["themes/secondary/base.html", "base.html"])
    assert template.origin.name.endswith("themes/templates/base.html")


@pytest.mark.parametrize(
    "name",
    [
        "themes/primary/../../../site/settings/base.py",
        "themes/primary/../theme.toml",
        "themes/no-such-theme/base.html",
        "themes/primary/",
    ],
)
def test_names_outside_a_theme_folder_are_not_found(name):
    with pytest.raises(TemplateDoesNotExist):
        get_template(name)
