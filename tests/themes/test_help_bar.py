"""Every theme, and the minimal layout of error pages, shows the help bar first."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from themes.models import SchoolBranding
from themes.registry import all_themes

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.themes.urls")]


class Focusables(HTMLParser):
    """Links, buttons, form fields and summaries in document (= tab) order."""

    def __init__(self):
        super().__init__()
        self.items = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (
            tag in ("a", "button", "input", "select", "textarea", "summary")
            and attrs.get("tabindex") != "-1"
        ):
            if tag == "a" and "href" not in attrs:
                return
            self.items.append((tag, attrs))


def focusables(html: str):
    parser = Focusables()
    parser.feed(html)
    return parser.items


@pytest.mark.parametrize("theme", sorted(all_themes()))
@pytest.mark.parametrize("path", ["/__themes__/page/", "/cover-your-tracks/", "/no-such-page/"])
def test_quick_exit_comes_first_and_get_help_is_in_the_bar(client, northfield, theme, path):
    SchoolBranding.objects.filter(site=northfield.site).update(theme=theme)
    response = client.get(path, HTTP_HOST=northfield.host)
    html = response.content.decode()
    assert f'data-theme="{theme}"' in html
    items = focusables(html)
    first_tag, first = items[0]
    assert "data-quick-exit" in first, "quick exit must be first in the tab order"
    assert first["href"] == "/__test__/neutral/"
    assert items[1][1] == {"class": "skip-link", "href": "#main"}
    assert items[2][1].get("class") == "get-help"
    assert items[2][1]["href"] == "/get-help/"
    bar = re.search(r'<div class="help-bar".*?</div>', html, re.S).group(0)
    assert "Get help now" in bar and "Leave this site" in bar


def test_the_help_bar_stays_on_screen_above_everything_else():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("upstander/css/base.css")).read_text(encoding="utf-8")
    rule = re.search(r"\.help-bar \{(.*?)\}", css, re.S).group(1)
    assert "position: sticky" in rule and "top: 0" in rule
    z_indexes = [int(z) for z in re.findall(r"z-index:\s*(\d+)", css)]
    help_bar_z = int(re.search(r"z-index:\s*(\d+)", rule).group(1))
    # Only the skip link (shown while focused) sits above it.
    assert sorted(z_indexes)[-2:] == [help_bar_z, 1000]
    # No theme hides or moves the bar.
    for theme in all_themes().values():
        theme_css = (theme.static_dir / "theme.css").read_text()
        assert ".help-bar" not in theme_css and ".quick-exit" not in theme_css
