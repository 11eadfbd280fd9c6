"""Integrity of the demo words (content/demo/*.yaml, read by content/demo_content.py) that seed_demo
turns into pages.

The module is a contract with the page builder, so these tests check its shape and its
cross-references, and they check the safety promises the words make: every helpline number is
exact, the sensitive topic is marked, internal links point at pages that exist, and rich text
uses only the tags the builder accepts.
"""

import ast
import datetime
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

import content.demo_content as d

MODULE_PATH = Path(d.__file__)

ALLOWED_TAGS = {"p", "a", "strong", "em", "ul", "ol", "li"}
ALLOWED_HOSTS = {
    "www.childline.org.uk",
    "www.nspcc.org.uk",
    "www.ceop.police.uk",
    "www.iwf.org.uk",
    "www.samaritans.org",
    "giveusashout.org",
    "saferinternet.org.uk",
    "www.gov.uk",
    "www.internetmatters.org",
}
BLOCK_TYPES = {
    "heading",
    "paragraph",
    "steps",
    "do_dont",
    "tip",
    "warning",
    "quote",
    "faq",
    "related_links",
}
REQUIRED_TOPICS = {
    "cyberbullying",
    "privacy-and-digital-footprint",
    "social-media",
    "gaming",
    "sharing-images",
    "people-you-meet-online",
    "wellbeing",
    "self-harm-and-suicide",
    "reporting-and-keeping-evidence",
    "being-a-bystander",
}


# ----------------------------------------------------------------------------- helpers


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []  # (tag, attrs)
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse_html(html):
    parser = _TagCollector()
    parser.feed(html)
    parser.close()
    return parser


def html_to_text(html):
    return " ".join(parse_html(html).text)


def topic_slugs():
    return {t["slug"] for t in d.TOPICS}


def hub_slugs():
    return {h["slug"] for h in d.HUBS}


def mentor_names():
    return {m["display_name"] for m in d.MENTORS}


def page_slugs():
    """Every slug that becomes a page, in one list so duplicates show up."""
    return (
        [h["slug"] for h in d.HUBS]
        + [g["slug"] for g in d.GUIDES]
        + [d.CODE_OF_CONDUCT["slug"], d.HELP_PAGE["slug"], d.VIDEO["slug"], d.PODCAST["slug"]]
    )


def rich_text_values():
    """Every value the builder treats as rich text, with a label saying where it came from."""
    yield "HOME.intro", d.HOME["intro"]
    for hub in d.HUBS:
        yield f"hub {hub['slug']}", hub["intro"]
    for guide in d.GUIDES:
        for kind, value in guide["body"]:
            if kind == "paragraph":
                yield f"guide {guide['slug']}", value
            elif kind == "faq":
                for item in value:
                    yield f"guide {guide['slug']} faq", item["answer"]
    yield "code intro", d.CODE_OF_CONDUCT["intro"]
    yield "help intro", d.HELP_PAGE["intro"]
    for kind, value in d.HELP_PAGE["sections"]:
        if kind == "paragraph":
            yield "help section", value
    yield "video transcript", d.VIDEO["transcript"]
    yield "podcast transcript", d.PODCAST["transcript"]
    yield "podcast show notes", d.PODCAST["show_notes"]


def plain_text_values():
    """Every value the builder treats as plain text (escaped on output, never HTML)."""
    yield d.HOME["title"]
    yield d.HOME["hero_heading"]
    yield d.HOME["hero_text"]
    for guide in d.GUIDES:
        yield guide["title"]
        yield guide["summary"]
        for kind, value in guide["body"]:
            if kind in {"heading", "tip", "warning"}:
                yield value
            elif kind == "steps":
                yield value["title"]
                yield from value["items"]
            elif kind == "do_dont":
                yield from value["do"]
                yield from value["dont"]
            elif kind == "quote":
                yield value["text"]
                yield value["attribution"]
            elif kind == "faq":
                yield from (item["question"] for item in value)
            elif kind == "related_links":
                yield from (link["title"] for link in value)
    for version in d.CODE_OF_CONDUCT["versions"]:
        for commitment in version["commitments"]:
            yield commitment["title"]
            yield commitment["text"]
        yield from version["changes"]
    for _start, _end, text in d.VIDEO["captions"] + d.PODCAST["captions"]:
        yield text
    yield d.SURVEY["title"]
    yield d.SURVEY["intro"]
    for question in d.SURVEY["questions"]:
        yield question["text"]
        yield from question["choices"]
    yield d.POLL["question"]
    yield from d.POLL["choices"]


def all_hrefs():
    for where, html in rich_text_values():
        for tag, attrs in parse_html(html).tags:
            if tag == "a":
                yield where, attrs.get("href", "")


def external_urls():
    for where, href in all_hrefs():
        if not href.startswith("/"):
            yield where, href
    for guide in d.GUIDES:
        for kind, value in guide["body"]:
            if kind == "related_links":
                for link in value:
                    yield f"guide {guide['slug']} related", link["url"]
    for helpline in d.HELPLINES:
        if helpline["url"]:
            yield f"helpline {helpline['name']}", helpline["url"]


def guide_text(guide):
    parts = [guide["title"], guide["summary"]]
    for kind, value in guide["body"]:
        if kind == "paragraph":
            parts.append(html_to_text(value))
        elif kind in {"heading", "tip", "warning"}:
            parts.append(value)
        elif kind == "steps":
            parts.extend(value["items"])
        elif kind == "do_dont":
            parts.extend(value["do"] + value["dont"])
        elif kind == "faq":
            for item in value:
                parts.extend([item["question"], html_to_text(item["answer"])])
    return " ".join(parts)


def helpline(name_start):
    matches = [h for h in d.HELPLINES if h["name"].startswith(name_start)]
    assert len(matches) == 1, f"expected exactly one helpline named {name_start!r}"
    return matches[0]


# ----------------------------------------------------------------------------- the module


def test_the_words_live_in_data_files_not_in_python():
    """Staff edit the YAML in content/demo/; the module only reads it."""
    tree = ast.parse(MODULE_PATH.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    long_strings = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and len(node.value) > 60
        and id(node) not in docstrings
    ]
    assert long_strings == []
    guide_files = sorted(d.DATA_DIR.glob("guides/*.yaml"))
    assert [guide["slug"] for guide in d.GUIDES] == [path.stem[3:] for path in guide_files]


def test_fixed_keys_are_the_schema_ones():
    assert d.AUDIENCES == ["pupils", "parents", "staff"]
    assert d.AGE_BANDS == ["7-11", "11-16", "16+"]


def test_every_page_slug_is_unique_and_url_safe():
    slugs = page_slugs()
    assert len(slugs) == len(set(slugs)), "duplicate slugs"
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug


# ----------------------------------------------------------------------------- taxonomy


def test_required_topics_exist_and_topic_slugs_are_unique():
    slugs = [t["slug"] for t in d.TOPICS]
    assert len(slugs) == len(set(slugs))
    assert set(slugs) >= REQUIRED_TOPICS
    for topic in d.TOPICS:
        assert topic["name"] and topic["description"]
        assert isinstance(topic["sensitive"], bool)


def test_self_harm_and_suicide_is_the_sensitive_topic():
    sensitive = {t["slug"] for t in d.TOPICS if t["sensitive"]}
    assert sensitive == {"self-harm-and-suicide"}


def test_mentors_are_pseudonyms_with_a_year_group_and_no_surname_or_photo():
    assert 4 <= len(d.MENTORS) <= 6
    names = [m["display_name"] for m in d.MENTORS]
    assert len(names) == len(set(names))
    for mentor in d.MENTORS:
        assert set(mentor) == {"display_name", "year_group", "bio"}
        assert re.fullmatch(r"[A-Z][a-z]+", mentor["display_name"]), "one first name or nickname"
        assert mentor["year_group"] in range(3, 14)
        assert mentor["bio"]


def test_hubs_cover_each_audience_once():
    assert sorted(h["audience"] for h in d.HUBS) == sorted(d.AUDIENCES)
    assert {h["audience"]: h["slug"] for h in d.HUBS} == {
        "pupils": "pupils",
        "parents": "parents-and-carers",
        "staff": "staff",
    }


# ----------------------------------------------------------------------------- guides


def test_there_are_at_least_fourteen_guides():
    assert len(d.GUIDES) >= 14


@pytest.mark.parametrize("guide", d.GUIDES, ids=lambda g: g["slug"])
def test_guide_refers_only_to_defined_entries(guide):
    hubs = {h["slug"]: h["audience"] for h in d.HUBS}
    assert guide["hub"] in hubs
    assert hubs[guide["hub"]] in guide["audiences"], "a guide lives under a hub of its audience"
    assert guide["audiences"] and set(guide["audiences"]) <= set(d.AUDIENCES)
    assert guide["age_bands"] and set(guide["age_bands"]) <= set(d.AGE_BANDS)
    assert guide["topics"] and set(guide["topics"]) <= topic_slugs()
    assert guide["mentor"] is None or guide["mentor"] in mentor_names()
    assert isinstance(guide["review_months"], int) and 1 <= guide["review_months"] <= 24
    assert guide["title"] and guide["summary"]


@pytest.mark.parametrize("guide", d.GUIDES, ids=lambda g: g["slug"])
def test_guide_blocks_have_the_shapes_the_builder_expects(guide):
    assert len(guide["body"]) >= 4
    for kind, value in guide["body"]:
        assert kind in BLOCK_TYPES, kind
        if kind in {"heading", "tip", "warning", "paragraph"}:
            assert isinstance(value, str) and value.strip()
        elif kind == "steps":
            assert set(value) == {"title", "items"}
            assert value["items"] and all(isinstance(i, str) and i for i in value["items"])
        elif kind == "do_dont":
            assert set(value) == {"do", "dont"} and value["do"] and value["dont"]
        elif kind == "quote":
            assert set(value) == {"text", "attribution"}
        elif kind == "faq":
            assert value and all(set(item) == {"question", "answer"} for item in value)
        elif kind == "related_links":
            assert value and all(set(link) == {"title", "url"} for link in value)


@pytest.mark.parametrize("guide", d.GUIDES, ids=lambda g: g["slug"])
def test_quote_attribution_matches_the_credited_mentor(guide):
    for kind, value in guide["body"]:
        if kind == "quote":
            mentor = {m["display_name"]: m for m in d.MENTORS}.get(guide["mentor"])
            assert mentor is not None, "only mentor-written guides carry a mentor quote"
            assert (
                value["attribution"]
                == f"{mentor['display_name']}, Year {mentor['year_group']} mentor"
            )


def test_every_audience_has_guides_in_the_numbers_the_issue_asks_for():
    by_audience = {a: [g for g in d.GUIDES if a in g["audiences"]] for a in d.AUDIENCES}
    assert len(by_audience["pupils"]) >= 8
    assert len(by_audience["parents"]) >= 3
    assert len(by_audience["staff"]) >= 2


def test_every_age_band_has_a_pupil_guide():
    for band in d.AGE_BANDS:
        assert any(band in g["age_bands"] and "pupils" in g["audiences"] for g in d.GUIDES), band


def test_guides_are_both_mentor_written_and_staff_written():
    credited = {g["mentor"] for g in d.GUIDES if g["mentor"]}
    assert len(credited) >= 3
    assert any(g["mentor"] is None for g in d.GUIDES)


def test_every_required_topic_has_at_least_one_guide():
    used = {t for g in d.GUIDES for t in g["topics"]}
    assert used >= REQUIRED_TOPICS


def test_the_required_guides_exist():
    slugs = {g["slug"] for g in d.GUIDES}
    for slug in [
        "block-and-report-on-snapchat-instagram-tiktok",
        "block-and-report-on-whatsapp",
        "block-and-report-in-roblox-and-games",
        "keeping-evidence-with-screenshots",
        "privacy-settings-and-digital-footprint",
        "being-an-upstander",
        "gaming-safely",
        "sharing-images-and-nudes",
        "people-you-meet-online",
        "looking-after-your-wellbeing-online",
        "when-its-happening-to-a-friend",
        "self-harm-and-suicide-getting-help",
        "staying-safe-and-kind-online-ages-7-to-11",
        "talking-with-your-child-about-their-online-life",
        "parental-controls-and-settings",
        "if-your-child-is-being-bullied-online",
        "if-your-child-is-bullying-others-online",
        "staff-online-conduct-and-professional-boundaries",
        "responding-to-a-disclosure",
        "how-reports-reach-the-safeguarding-team",
    ]:
        assert slug in slugs, slug


def test_platform_guides_warn_that_menus_change():
    for guide in d.GUIDES:
        if guide["slug"].startswith("block-and-report"):
            tips = [v for k, v in guide["body"] if k == "tip"]
            assert d.MENUS_CHANGE_TIP in tips, guide["slug"]


# ----------------------------------------------------------------------------- safety of the words


def test_sensitive_guides_signpost_help_and_give_no_method_details():
    sensitive = [g for g in d.GUIDES if "self-harm-and-suicide" in g["topics"]]
    assert sensitive, "the sensitive topic needs a guide"
    for guide in sensitive:
        text = guide_text(guide)
        for must in ["999", "0800 1111", "116 123", "85258"]:
            assert must in text, (guide["slug"], must)
        assert '/get-help/"' in " ".join(v for k, v in guide["body"] if k == "paragraph")
        for word in ["overdose", "pills", "tablets", "rope", "blade", "razor", "method", "how to"]:
            assert word not in text.lower(), (guide["slug"], word)


def test_advice_about_nude_images_never_suggests_keeping_them_as_evidence():
    for slug in [
        "keeping-evidence-with-screenshots",
        "sharing-images-and-nudes",
        "block-and-report-on-whatsapp",
        "responding-to-a-disclosure",
    ]:
        guide = next(g for g in d.GUIDES if g["slug"] == slug)
        warnings = " ".join(v for k, v in guide["body"] if k == "warning").lower()
        assert "nude" in warnings and ("forward" in warnings or "screenshot" in warnings), slug


def test_sharing_images_guide_explains_the_law_and_report_remove():
    guide = next(g for g in d.GUIDES if g["slug"] == "sharing-images-and-nudes")
    text = guide_text(guide)
    assert "under 18" in text
    assert "against the law" in text
    assert "Report Remove" in text
    assert "Internet Watch Foundation" in text


def test_disclosure_guide_carries_the_four_rules():
    guide = next(g for g in d.GUIDES if g["slug"] == "responding-to-a-disclosure")
    text = guide_text(guide).lower()
    for phrase in ["listen", "do not promise to keep it secret", "record", "dsl the same day"]:
        assert phrase in text, phrase


def test_helplines_have_exact_numbers():
    assert helpline("Childline")["phone"] == "0800 1111"
    assert helpline("NSPCC")["phone"] == "0808 800 5000"
    assert helpline("Police")["phone"] == "101"
    assert helpline("Samaritans")["phone"] == "116 123"
    shout = helpline("Shout")
    assert (shout["phone"], shout["text_number"]) == ("", "85258"), "Shout is text-only"
    assert "Text the word SHOUT to 85258" in helpline("Shout")["description"]
    emergency = [h for h in d.HELPLINES if h["emergency"]]
    assert [h["phone"] for h in emergency] == ["999"]


def test_ceop_and_report_remove_are_listed_honestly():
    ceop = helpline("CEOP")
    assert ceop["url"] == "https://www.ceop.police.uk/Safety-Centre/"
    assert "not anonymous" in ceop["description"]
    report_remove = helpline("Report Remove")
    assert "Internet Watch Foundation" in report_remove["name"]
    assert "under 18" in report_remove["description"]


def test_helplines_have_the_schema_keys_and_known_audiences():
    for h in d.HELPLINES:
        assert set(h) == {
            "name",
            "phone",
            "text_number",
            "url",
            "hours",
            "description",
            "for",
            "emergency",
        }
        assert h["for"] and set(h["for"]) <= set(d.AUDIENCES)
        assert h["phone"] or h["url"], h["name"]


def test_help_page_names_every_route_to_help():
    text = html_to_text(d.HELP_PAGE["intro"]) + " ".join(
        html_to_text(v) if k == "paragraph" else v for k, v in d.HELP_PAGE["sections"]
    )
    for must in [
        "999",
        "0800 1111",
        "0808 800 5000",
        "101",
        "116 123",
        "SHOUT",
        "85258",
        "CEOP",
        "not anonymous",
        "Report Remove",
        "school",
    ]:
        assert must in text, must
    assert {k for k, _ in d.HELP_PAGE["sections"]} <= {"heading", "paragraph"}
    assert d.HELP_PAGE["slug"] == "get-help"


# ----------------------------------------------------------------------------- links and markup


def test_internal_links_point_at_defined_slugs():
    defined = set(page_slugs())
    for where, href in all_hrefs():
        if href.startswith("/"):
            match = re.fullmatch(r"/([a-z0-9-]+)/", href)
            assert match, (where, href)
            assert match.group(1) in defined, (where, href)


def test_external_links_go_only_to_official_sites_over_https():
    urls = list(external_urls())
    assert urls
    for where, url in urls:
        parsed = urlparse(url)
        assert parsed.scheme == "https", (where, url)
        assert parsed.netloc in ALLOWED_HOSTS, (where, url)


@pytest.mark.parametrize("where_html", list(rich_text_values()), ids=lambda wh: wh[0])
def test_rich_text_uses_only_the_allowed_tags(where_html):
    where, html = where_html
    parsed = parse_html(html)
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED_TAGS, (where, tag)
        allowed_attrs = {"href"} if tag == "a" else set()
        assert set(attrs) <= allowed_attrs, (where, tag, attrs)
    assert re.search(r"&(?![a-z]+;|#\d+;)", html) is None, (where, "bare ampersand")


def test_plain_text_values_contain_no_markup():
    for value in plain_text_values():
        assert isinstance(value, str) and value.strip()
        assert "<" not in value and ">" not in value, value


def test_words_are_uk_english():
    text = " ".join(
        path.read_text(encoding="utf-8") for path in sorted(d.DATA_DIR.rglob("*.yaml"))
    ).lower()
    for us in [
        r"\bcolor",
        r"\bfavorite",
        r"\bbehavior",
        r"\bmom\b",
        r"\bcell phone",
        r"\borganiz",
        r"\brealiz",
        r"\bapologiz",
        r"\bcenter\b",
    ]:
        assert re.search(us, text) is None, us


def guide_chunks(guide):
    """The guide's readable text as separate chunks: a heading or list item is its own sentence."""
    chunks = [guide["title"], guide["summary"]]
    for kind, value in guide["body"]:
        if kind == "paragraph":
            chunks.extend(parse_html(value).text)
        elif kind in {"heading", "tip", "warning"}:
            chunks.append(value)
        elif kind == "steps":
            chunks.extend(value["items"])
        elif kind == "do_dont":
            chunks.extend(value["do"] + value["dont"])
        elif kind == "faq":
            for item in value:
                chunks.append(item["question"])
                chunks.extend(parse_html(item["answer"]).text)
    return chunks


def mean_sentence_words(chunks):
    sentences = [s for chunk in chunks for s in re.split(r"[.!?:]\s+", chunk) if s.split()]
    return sum(len(s.split()) for s in sentences) / len(sentences)


def test_pupil_guides_use_short_sentences():
    """A rough plain-language check: long sentences are the first thing that loses a young reader."""
    for guide in d.GUIDES:
        if guide["audiences"] == ["pupils"]:
            limit = 8 if guide["age_bands"] == ["7-11"] else 12
            assert mean_sentence_words(guide_chunks(guide)) <= limit, guide["slug"]


def test_values_fit_the_length_limits_of_the_fields_they_seed():
    """The builder would fail validation (or truncate) on text longer than its field allows."""
    limits = []
    limits += [(t["description"], 500) for t in d.TOPICS]
    limits += [(h["description"], 500) for h in d.HELPLINES]
    limits += [(h["hours"], 100) for h in d.HELPLINES]
    limits += [(m["bio"], 400) for m in d.MENTORS]
    limits += [(d.HOME["hero_heading"], 120), (d.HOME["hero_text"], 400)]
    for item in [*d.GUIDES, d.VIDEO, d.PODCAST]:
        limits += [(item["title"], 255), (item["summary"], 300)]
    for guide in d.GUIDES:
        for kind, value in guide["body"]:
            if kind == "steps":
                limits.append((value["title"], 120))
            elif kind == "quote":
                limits.append((value["attribution"], 120))
            elif kind == "faq":
                limits += [(item["question"], 200) for item in value]
            elif kind == "related_links":
                limits += [(link["title"], 120) for link in value]
    for version in d.CODE_OF_CONDUCT["versions"]:
        limits += [(c["title"], 150) for c in version["commitments"]]
    for value, limit in limits:
        assert len(value) <= limit, (limit, value)


# ----------------------------------------------------------------------------- code, media, survey


def test_code_of_conduct_versions_are_ordered_and_say_what_changed():
    code = d.CODE_OF_CONDUCT
    assert code["audience"] in d.AUDIENCES
    versions = code["versions"]
    assert len(versions) >= 2
    dates = [datetime.date.fromisoformat(v["effective"]) for v in versions]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    assert versions[0]["changes"] == []
    for older, newer in zip(versions, versions[1:], strict=False):
        assert newer["changes"], "each later version lists what changed"
        old_titles = {c["title"] for c in older["commitments"]}
        new_titles = {c["title"] for c in newer["commitments"]}
        for added in new_titles - old_titles:
            assert any(added in change for change in newer["changes"]), added
    for version in versions:
        assert version["commitments"]
        for commitment in version["commitments"]:
            assert set(commitment) == {"title", "text"}


@pytest.mark.parametrize("media", [d.VIDEO, d.PODCAST], ids=["video", "podcast"])
def test_media_refers_to_defined_entries(media):
    assert media["hub"] in hub_slugs()
    assert media["mentor"] in mentor_names()
    assert set(media["topics"]) <= topic_slugs()
    assert set(media["audiences"]) <= set(d.AUDIENCES)
    assert set(media["age_bands"]) <= set(d.AGE_BANDS)


@pytest.mark.parametrize("media", [d.VIDEO, d.PODCAST], ids=["video", "podcast"])
def test_captions_are_ordered_and_do_not_overlap(media):
    previous_end = 0.0
    for start, end, text in media["captions"]:
        assert start >= previous_end and end > start, (start, end)
        assert text.strip()
        previous_end = end


def test_video_is_twenty_to_thirty_seconds_with_six_to_ten_cues():
    captions = d.VIDEO["captions"]
    assert 6 <= len(captions) <= 10
    assert 20 <= captions[-1][1] <= 30


def test_podcast_runs_two_to_three_minutes_between_two_mentors():
    assert 120 <= d.PODCAST["captions"][-1][1] <= 180
    speakers = set(re.findall(r"<strong>(\w+):</strong>", d.PODCAST["transcript"]))
    assert len(speakers) == 2 and speakers <= mentor_names()
    assert d.PODCAST["show_notes"]


@pytest.mark.parametrize("media", [d.VIDEO, d.PODCAST], ids=["video", "podcast"])
def test_transcript_contains_every_caption(media):
    transcript = html_to_text(media["transcript"])
    for _start, _end, text in media["captions"]:
        spoken = text.split(": ", 1)[1] if media is d.PODCAST else text
        assert spoken in transcript, spoken


def test_survey_has_each_question_kind_and_an_optional_free_text():
    questions = d.SURVEY["questions"]
    assert {q["kind"] for q in questions} == {"single", "multiple", "scale", "text"}
    for question in questions:
        assert set(question) == {"kind", "text", "choices", "required"}
        if question["kind"] == "text":
            assert question["choices"] == [] and question["required"] is False
        else:
            assert len(question["choices"]) >= 2
            assert len(set(question["choices"])) == len(question["choices"])
    scale = next(q for q in questions if q["kind"] == "scale")
    assert scale["choices"] == ["1", "2", "3", "4", "5"]
    where = next(q for q in questions if q["kind"] == "multiple")
    assert {"Snapchat", "Roblox"} <= set(where["choices"])
    assert "anonymous" in d.SURVEY["intro"]


def test_poll_has_a_question_and_choices():
    assert set(d.POLL) == {"title", "question", "choices"}
    assert d.POLL["question"].endswith("?")
    assert len(d.POLL["choices"]) >= 3


TELL_THE_SCHOOL = re.compile(
    r"tell(ing)? (the|your) school|tell the (school's )?safeguarding", re.I
)


@pytest.mark.parametrize("guide", d.GUIDES, ids=lambda g: g["slug"])
def test_every_guide_asks_its_reader_to_tell_the_school(guide):
    assert TELL_THE_SCHOOL.search(guide_text(guide)), guide["slug"]


def test_parents_have_guidance_on_nude_images_and_sextortion():
    guides = [
        g for g in d.GUIDES if "parents" in g["audiences"] and "sharing-images" in g["topics"]
    ]
    assert guides
    text = " ".join(guide_text(g) for g in guides)
    for must in ["Report Remove", "CEOP", "0808 800 5000", "sextortion", "Do not view, copy"]:
        assert must in text, must
