"""The labelled phrases meet the targets, and the evaluation itself counts what it claims."""

from upstander.danger import evaluate as evaluation
from upstander.danger.evaluate import (
    FALSE_ALARM_TARGET,
    RECALL_TARGET,
    Phrase,
    evaluate,
    load_phrases,
)


def test_the_labelled_set_is_large_and_covers_every_kind():
    phrases = load_phrases()
    assert len(phrases) >= 400
    from upstander import danger

    kinds = {phrase.kind for phrase in phrases}
    assert set(danger.kinds()) <= kinds
    assert {"ordinary", "near_miss"} <= kinds


def test_recall_and_false_alarms_meet_the_targets_on_the_whole_set():
    result = evaluate(load_phrases())
    assert result.overall_recall.rate >= RECALL_TARGET, result.overall_recall.misses
    assert result.overall_false_alarms.rate <= FALSE_ALARM_TARGET, (
        result.overall_false_alarms.misses
    )


def test_every_kind_meets_the_recall_target_on_its_own():
    result = evaluate(load_phrases())
    below = {
        kind: tally.misses for kind, tally in result.recall.items() if tally.rate < RECALL_TARGET
    }
    assert not below


def test_the_held_out_phrases_meet_the_recall_target_and_ordinary_ones_never_fire():
    held_out = [phrase for phrase in load_phrases() if phrase.split == "holdout"]
    assert len(held_out) >= 60
    result = evaluate(held_out)
    assert result.overall_recall.rate >= RECALL_TARGET, result.overall_recall.misses
    ordinary = result.false_alarms["ordinary"]
    assert ordinary.rate <= FALSE_ALARM_TARGET, ordinary.misses


def test_a_phrase_found_as_another_kind_counts_as_missed():
    result = evaluate([Phrase(kind="violence", split="dev", text="i want to kill myself")])
    assert result.recall["violence"].hits == 0
    assert result.recall["violence"].misses


def test_the_command_prints_the_table_and_fails_below_target(tmp_path, capsys):
    good = tmp_path / "good.tsv"
    good.write_text(
        "kind\tsplit\tphrase\nsuicide_self_harm\tdev\tkms\nordinary\tdev\thow to block\n"
    )
    assert evaluation.main(["--phrases", str(good)]) == 0
    table = capsys.readouterr().out
    assert "suicide_self_harm" in table and "100.0%" in table and "met" in table
    bad = tmp_path / "bad.tsv"
    bad.write_text(
        "kind\tsplit\tphrase\nsuicide_self_harm\tdev\thow to block\nordinary\tdev\tkms\n"
    )
    assert evaluation.main(["--phrases", str(bad)]) == 1
    assert "MISSED" in capsys.readouterr().out
