"""Every word of the Upstander demo site, read from the YAML files in ``content/demo/``.

The words live in data files so that a school's staff can edit them without touching Python:
one file per guide in ``content/demo/guides/`` (the number in the name sets the order), and one
file each for the taxonomy, helplines, mentors, home page and hubs, and the other pages.
``seed_demo`` builds pages from the names this module exposes; their shape is the project's
demo-content schema.

Conventions, so that the builder and the tests can rely on them:
- A page body is a list of blocks, each written as ``- <block type>: <value>``; here each becomes a
  ``(block type, value)`` pair, the shape the builder takes.
- Rich text values are small HTML strings using only <p>, <a href>, <strong>, <em>, <ul>, <ol>, <li>.
- Internal links are written href="/<slug>/" and only to slugs defined in these files; the builder
  resolves them to the page that owns the slug.
- Plain-text values (steps, tips, warnings, do/don't items) contain no HTML.
- A helpline with no phone number (CEOP, Report Remove) has ``phone: ""``; one with no website
  of its own (999, 101, 111) has ``url: ""``. Shout is text-only, so its ``phone`` is empty and
  ``text_number`` is 85258, which its description also says.
- UK English throughout. Pupils' pages use short sentences and "you"; adults' pages plain prose.
- Mentors are pseudonyms with a year group only: never a surname, never a photo.
"""

from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "demo"


def _read(name: str):
    with (DATA_DIR / name).open(encoding="utf-8") as data:
        return yaml.safe_load(data)


def _blocks(items: list[dict]) -> list[tuple]:
    """``[{"heading": "Hi"}]`` as written in a data file → ``[("heading", "Hi")]``."""
    blocks = []
    for item in items:
        if len(item) != 1:
            raise ValueError(f"a block is one 'type: value' pair, not {sorted(item)}")
        blocks.append(next(iter(item.items())))
    return blocks


def _guide(path: Path) -> dict:
    with path.open(encoding="utf-8") as data:
        guide = yaml.safe_load(data)
    guide["body"] = _blocks(guide["body"])
    return guide


def _podcast_captions(lines, words_per_second=2.6, gap=0.3):
    """Time each sentence by its length, so the generated audio matches a natural pace."""
    cues, start = [], 0.0
    for speaker, sentence in lines:
        length = round(max(2.0, len(sentence.split()) / words_per_second), 1)
        cues.append((round(start, 1), round(start + length, 1), f"{speaker}: {sentence}"))
        start += length + gap
    return cues


def _podcast_transcript(lines):
    """Join each speaker's consecutive sentences into one paragraph."""
    turns = []
    for speaker, sentence in lines:
        if turns and turns[-1][0] == speaker:
            turns[-1][1].append(sentence)
        else:
            turns.append((speaker, [sentence]))
    return "".join(
        f"<p><strong>{speaker}:</strong> {' '.join(sentences)}</p>" for speaker, sentences in turns
    )


_taxonomy = _read("taxonomy.yaml")
AUDIENCES = _taxonomy["audiences"]
AGE_BANDS = _taxonomy["age_bands"]
TOPICS = _taxonomy["topics"]
ALL_AGES = list(AGE_BANDS)
SECONDARY = ["11-16", "16+"]

HELPLINES = _read("helplines.yaml")["helplines"]
MENTORS = _read("mentors.yaml")["mentors"]

_home = _read("home.yaml")
HOME = _home["home"]
HUBS = _home["hubs"]
MENUS_CHANGE_TIP = _home["menus_change_tip"]

GUIDES = [_guide(path) for path in sorted((DATA_DIR / "guides").glob("*.yaml"))]

CODE_OF_CONDUCT = _read("code_of_conduct.yaml")

HELP_PAGE = _read("help_page.yaml")
HELP_PAGE["sections"] = _blocks(HELP_PAGE["sections"])

VIDEO = _read("video.yaml")
VIDEO["captions"] = [(cue["start"], cue["end"], cue["text"]) for cue in VIDEO["captions"]]

PODCAST = _read("podcast.yaml")
_PODCAST_LINES = [(line["speaker"], line["says"]) for line in PODCAST.pop("lines")]
PODCAST["captions"] = _podcast_captions(_PODCAST_LINES)
PODCAST["transcript"] = _podcast_transcript(_PODCAST_LINES)

SURVEY = _read("survey.yaml")
POLL = _read("poll.yaml")
