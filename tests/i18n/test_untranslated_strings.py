"""No English left on the pupil's path in Welsh: a string not marked for translation fails here.

The same pages are walked in English and in Welsh (tests/i18n/pupil_pages.py). Every
piece of text a pupil sees or hears (text between tags, the words of `aria-label`, `title`,
`alt` and `placeholder`, and the words the page gives its script) that is found unchanged
in the Welsh page is a string someone forgot to mark with {% translate %} or gettext, or
marked and left untranslated.
The few words that are the same in both languages are listed, with why.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.i18n.pupil_pages import ANSWERS, walk

pytestmark = pytest.mark.django_db

# The same in Welsh as in English: names of services and apps, the language names of
# the switcher (each written in its own language), and the name of the site.
SAME_IN_BOTH = {
    "Childline",
    "Shout",
    "Snapchat",
    "Instagram",
    "TikTok",
    "WhatsApp",
    "YouTube",
    "Roblox",
    "Fortnite",
    "Minecraft",
    "Discord",
    "X (Twitter)",
    "English",
    "Cymraeg",
    "Upstander",
    "Staff",  # "staff" is a Welsh word too
    "Report Remove",
    "childline.org.uk",
    "childline.org.uk Report Remove",
    # The trap for bots, hidden from people and from screen readers (aria-hidden).
    "Leave this empty",
}
# Read or heard by the pupil; the data- ones are the words report-form.js shows.
SPOKEN_ATTRIBUTES = (
    "aria-label",
    "title",
    "alt",
    "placeholder",
    "data-danger-note",
    "data-too-big",
)


class _Words(HTMLParser):
    def __init__(self):
        super().__init__()
        self.words: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skipping += 1
        for name, value in attrs:
            if name in SPOKEN_ATTRIBUTES and value:
                self.words.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.words.append(data)


def words_of(html: str) -> set[str]:
    parser = _Words()
    parser.feed(html)
    found = set()
    for piece in parser.words:
        text = " ".join(piece.split()).strip(" .:,;·—")
        # Only text with a word in it: not numbers, references or punctuation.
        if re.search(r"[a-z]{2}", text):
            found.add(text)
    return found


def typed_by_the_test(text: str, site_name: str) -> bool:
    return text in SAME_IN_BOTH or text == site_name or "zzq" in text or text in ANSWERS.values()


def test_the_pupils_path_in_welsh_has_no_english_left(client, school):
    english = walk(client, "")
    welsh = walk(client, "/cy")
    assert english.keys() == welsh.keys()
    left_in_english = {}
    for name, page in welsh.items():
        assert '<html lang="cy"' in page, name
        same = {
            text
            for text in words_of(english[name]) & words_of(page)
            if not typed_by_the_test(text, school.site_name)
        }
        if same:
            left_in_english[name] = sorted(same)
    assert left_in_english == {}, "\n".join(f"{k}: {v}" for k, v in left_in_english.items())


def test_the_check_sees_a_string_left_in_english():
    """The comparison itself: English text unchanged in the other page is found."""
    english = '<p>Get help now</p><a aria-label="Help and quick exit" href="/">x</a>'
    welsh = '<p>Cael help nawr</p><a aria-label="Help and quick exit" href="/cy/">x</a>'
    assert words_of(english) & words_of(welsh) == {"Help and quick exit"}
