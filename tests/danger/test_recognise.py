"""upstander.danger: how children and parents write, each kind with its own help, and near-misses."""

import pytest

from upstander import danger
from upstander.danger.matching import PatternError, compile_pattern, matched_words, normalise


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("kms", "suicide_self_harm"),
        ("im gonna unalive myself", "suicide_self_harm"),
        ("i dont want to be alive anymore", "suicide_self_harm"),
        ("no point living", "suicide_self_harm"),
        ("sucide", "suicide_self_harm"),
        ("K1LL MYSELF!!!", "suicide_self_harm"),
        ("my friend says she's going to kill herself", "suicide_self_harm"),
        ("i make myself sick after i eat", "suicide_self_harm"),
        ("i took too many pills", "suicide_self_harm"),
        ("ppl keep telling me to kys", "told_to_die"),
        ("he's gonna stab me after school", "violence"),
        ("a boy brought a knife to school", "violence"),
        ("my stepdad hits me", "home"),
        ("scared to go home", "home"),
        ("he touched me down there", "sexual_abuse"),
        ("a man online keeps asking for pics", "grooming"),
        ("he told me not to tell my parents", "grooming"),
        ("someone i met on roblox wants to meet up", "grooming"),
        ("he threatened to share my nudes unless i pay", "image_abuse"),
    ],
)
def test_recognises_how_children_write(text, kind):
    assert kind in danger.recognise(text).kinds


@pytest.mark.parametrize(
    "text",
    [
        "killer whale",
        "deadline",
        "nude lipstick",
        "this game is killing me",
        "shoot a video",
        "cut the cake",
        "dying my hair",
        "skill",
        "dog grooming",
        "how to block someone on whatsapp",
    ],
)
def test_ordinary_words_that_contain_a_trigger_do_not_fire(text):
    assert not danger.recognise(text)
    # The same words beside a real signal still fire: nothing here silences the module.
    assert danger.recognise(f"{text} and i want to kill myself").kinds == ("suicide_self_harm",)


def test_nude_alone_shows_no_self_harm_help_to_a_parent():
    assert danger.help_for(danger.recognise("nude"), audience="adult") == []
    shared = danger.recognise("my daughter's nude pictures were shared")
    responses = danger.help_for(shared, audience="adult")
    assert [response.kind for response in responses] == ["image_abuse"]
    assert "suicide" not in responses[0].title.lower()


def test_each_kind_has_its_own_help_for_pupils_and_for_adults():
    kinds = danger.kinds()
    assert {
        "suicide_self_harm",
        "told_to_die",
        "violence",
        "home",
        "sexual_abuse",
        "grooming",
        "image_abuse",
    } <= set(kinds)
    firsts = set()
    for key in kinds:
        recognition = danger.Recognition(signals=(danger.Signal(kind=key, label="", words=()),))
        pupil, adult = (danger.help_for(recognition, audience=who)[0] for who in ("pupil", "adult"))
        firsts |= {pupil.first, adult.first}
        assert pupil.helplines and adult.helplines
    assert len(firsts) == 2 * len(kinds)


def test_the_helplines_each_kind_shows_first_fit_it():
    def helplines(text, audience):
        response = danger.help_for(danger.recognise(text), audience=audience)[0]
        return [line.key for line in response.helplines]

    assert "report_remove" in helplines("someone shared my nudes", "pupil")
    assert "ceop" in helplines("a man online asked me for pictures", "pupil")
    assert "nspcc" in helplines("my stepdad hits my son", "adult")
    assert "nspcc" not in helplines("my stepdad hits me", "pupil")
    assert helplines("i want to kill myself", "pupil")[:2] == ["emergency", "childline"]


def test_the_most_pressing_help_comes_first_when_several_kinds_are_found():
    recognition = danger.recognise("they told me to kill myself and my dad hits me")
    assert recognition.kinds[0] == "told_to_die"
    assert set(recognition.kinds) >= {"told_to_die", "home"}
    assert recognition.suggested_risk == "urgent"
    assert recognition.suggested_category == "nasty_messages"


def test_only_the_words_that_met_a_pattern_are_kept_never_the_words_between():
    recognition = danger.recognise("Jamie from 9B said he is going to really properly stab me")
    (signal,) = recognition.signals
    assert signal.kind == "violence"
    assert "stab" in signal.words
    assert not {"jamie", "9b", "properly"} & set(signal.words)
    assert recognition.as_data() == [
        {"kind": "violence", "label": signal.label, "words": list(signal.words)}
    ]


def test_normalising_resolves_text_speak_apostrophes_repeats_and_digits():
    lexicon = danger._catalogue().lexicon
    assert normalise("I DON'T wanna b here anymoreeee", lexicon=lexicon) == [
        "i", "do", "not", "want", "to", "b", "here", "any", "more",
    ]  # fmt: skip
    assert normalise("su1c1de", lexicon=lexicon) == ["suicide"]
    assert normalise("Ŵyn", lexicon=lexicon) == ["wyn"]


def test_the_pattern_language_alternatives_gaps_prefixes_and_options():
    pattern = compile_pattern("(going to|will) ~2 stab* (you|me)?", macros={})
    assert matched_words(pattern.search("he is going to really stabbing ")) == (
        "going",
        "to",
        "stabbing",
    )
    assert pattern.search("he will stab me ")
    assert not pattern.search("he will not ever ever stab ")
    assert not pattern.search("a stab ")
    with pytest.raises(PatternError):
        compile_pattern("(kill|hurt myself", macros={})
    with pytest.raises(PatternError):
        compile_pattern("{nothing} here", macros={})


def test_welsh_phrases_are_recognised_and_the_languages_are_named():
    assert "cy" in danger.languages() and "en" in danger.languages()
    assert "suicide_self_harm" in danger.recognise("Dw i eisiau lladd fy hun").kinds
    assert "home" in danger.recognise("Mae gen i ofn mynd adref").kinds


def test_skipping_patterns_by_their_first_words_never_changes_what_is_found(monkeypatch):
    from upstander.danger.evaluate import load_phrases

    texts = [phrase.text for phrase in load_phrases()]
    skipping = [danger.recognise(text) for text in texts]
    monkeypatch.setattr(danger, "could_start", lambda firsts, words: True)
    assert [danger.recognise(text) for text in texts] == skipping


def test_first_words_of_a_pattern():
    from upstander.danger.matching import could_start, first_words

    firsts = first_words("(going to|will)? stab* {who}", macros={"who": ["me"]})
    assert firsts == {"going", "will", "stab*"}
    assert could_start(firsts, {"he", "stabbed"}) and not could_start(firsts, {"he", "cut"})
    assert first_words("~2 die", macros={}) is None
