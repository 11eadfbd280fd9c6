"""`make eval-danger`: how well the danger recogniser does on the labelled phrases.

    python -m upstander.danger.evaluate [--phrases tests/danger/phrases.tsv] [--split holdout] [--misses]

Prints recall per kind (a phrase counts when its own kind is among those found) and
the false-alarm rate on phrases that must not fire, per split and overall, against
the targets; exits 1 when a target is missed. tests/danger/test_evaluation.py runs
the same numbers, so a change that drops below a target fails the tests too.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from upstander import danger

RECALL_TARGET = 0.97
FALSE_ALARM_TARGET = 0.03
NEGATIVE_LABELS = ("ordinary", "near_miss")
DEFAULT_PHRASES = Path(__file__).resolve().parents[2] / "tests" / "danger" / "phrases.tsv"


@dataclass(frozen=True)
class Phrase:
    kind: str
    split: str
    text: str


@dataclass
class Tally:
    total: int = 0
    hits: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0


@dataclass
class Evaluation:
    recall: dict[str, Tally]
    false_alarms: dict[str, Tally]

    @property
    def overall_recall(self) -> Tally:
        return _sum(self.recall.values())

    @property
    def overall_false_alarms(self) -> Tally:
        return _sum(self.false_alarms.values())

    @property
    def meets_targets(self) -> bool:
        return (
            self.overall_recall.rate >= RECALL_TARGET
            and self.overall_false_alarms.rate <= FALSE_ALARM_TARGET
        )


def _sum(tallies) -> Tally:
    total = Tally()
    for tally in tallies:
        total.total += tally.total
        total.hits += tally.hits
        total.misses += tally.misses
    return total


def load_phrases(path: Path = DEFAULT_PHRASES) -> list[Phrase]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = (line for line in handle if line.strip() and not line.startswith("#"))
        return [
            Phrase(kind=row["kind"].strip(), split=row["split"].strip(), text=row["phrase"])
            for row in csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def evaluate(phrases: list[Phrase]) -> Evaluation:
    known = set(danger.kinds())
    recall: dict[str, Tally] = defaultdict(Tally)
    false_alarms: dict[str, Tally] = defaultdict(Tally)
    for phrase in phrases:
        found = danger.recognise(phrase.text).kinds
        if phrase.kind in NEGATIVE_LABELS:
            tally = false_alarms[phrase.kind]
            tally.total += 1
            if found:
                tally.hits += 1
                tally.misses.append(f"{phrase.text}  ->  {', '.join(found)}")
        elif phrase.kind in known:
            tally = recall[phrase.kind]
            tally.total += 1
            if phrase.kind in found:
                tally.hits += 1
            else:
                tally.misses.append(f"{phrase.text}  ->  {', '.join(found) or 'nothing'}")
        else:
            raise ValueError(f"unknown kind {phrase.kind!r} for {phrase.text!r}")
    return Evaluation(recall=dict(recall), false_alarms=dict(false_alarms))


def _row(name: str, tally: Tally, target: str) -> str:
    return f"  {name:<22} {tally.hits:>4}/{tally.total:<4} {tally.rate:>7.1%}   {target}"


def report(evaluation: Evaluation, *, title: str, show_misses: bool = False) -> str:
    lines = [title, f"  {'recall (must be urgent)':<22} {'found':>9} {'rate':>8}   target"]
    for kind, tally in sorted(evaluation.recall.items()):
        lines.append(_row(kind, tally, ""))
    overall = evaluation.overall_recall
    ok = "met" if overall.rate >= RECALL_TARGET else "MISSED"
    lines.append(_row("overall", overall, f">= {RECALL_TARGET:.0%} {ok}"))
    lines.append(f"  {'false alarms':<22} {'fired':>9} {'rate':>8}")
    for kind, tally in sorted(evaluation.false_alarms.items()):
        lines.append(_row(kind, tally, ""))
    alarms = evaluation.overall_false_alarms
    ok = "met" if alarms.rate <= FALSE_ALARM_TARGET else "MISSED"
    lines.append(_row("overall", alarms, f"<= {FALSE_ALARM_TARGET:.0%} {ok}"))
    if show_misses:
        for label, tally in (("missed", overall), ("fired wrongly", alarms)):
            lines.extend(f"  {label}: {text}" for text in tally.misses)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=Path, default=DEFAULT_PHRASES)
    parser.add_argument("--misses", action="store_true", help="list every phrase it got wrong")
    args = parser.parse_args(argv)
    phrases = load_phrases(args.phrases)
    print(f"Danger recognition on {len(phrases)} labelled phrases ({args.phrases.name})")
    print(
        "Languages covered: "
        + "; ".join(f"{code}: {note}" for code, note in danger.languages().items())
    )
    results = {}
    for split in sorted({phrase.split for phrase in phrases}):
        results[split] = evaluate([phrase for phrase in phrases if phrase.split == split])
        print(report(results[split], title=f"\n[{split}]", show_misses=args.misses))
    everything = evaluate(phrases)
    print(report(everything, title="\n[all]", show_misses=False))
    return 0 if everything.meets_targets else 1


if __name__ == "__main__":
    sys.exit(main())
