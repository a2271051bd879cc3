"""Precision and recall of the STAR analyzer, per finding, on labelled stories.

    python benchmarks/star_analyzer.py [--split tune|held|blind|fresh|all] [--errors]

The stories in benchmarks/data/star_stories.toml were written for this benchmark and
labelled by hand, in four splits:
- "tune" (30): what the cue lists were first developed against;
- "held" (30): written after the first version was frozen and scored once; its errors
  then drove a second round of cue lists, so it is no longer blind;
- "blind" (30): written after the second round was frozen (12, then 18 more) and scored
  once; its trade-off and failure errors then drove a third round of those two word
  lists only, so for those two findings it is no longer blind;
- "fresh" (16): written after the third round and scored once.
Only "fresh", "blind" (for all but trade-off and failure) and "held" (for the first
version) say how the analyzer does on stories it was not fitted to. ``--errors`` lists
every disagreement (story id, finding, label, verdict). Also prints the mean time per
story.
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from mldrills.feedback.star import FINDINGS, analyze

DATA = Path(__file__).resolve().parent / "data" / "star_stories.toml"


def load(split: str) -> list[dict[str, Any]]:
    """The labelled stories of ``split`` ("all" for every one)."""
    stories: list[dict[str, Any]] = tomllib.loads(DATA.read_text(encoding="utf-8"))["story"]
    for story in stories:
        missing = set(FINDINGS) - set(story["labels"])
        if missing:
            sys.exit(f"{DATA}: story {story['id']} has no label for {sorted(missing)}")
    return [s for s in stories if split == "all" or s["split"] == split]


def score(stories: list[dict[str, Any]]) -> tuple[dict[str, list[int]], list[str], float]:
    """Per finding [tp, fp, fn, tn]; the disagreements; mean milliseconds per story."""
    counts = {f: [0, 0, 0, 0] for f in FINDINGS}
    errors = []
    start = time.perf_counter()
    verdicts = [analyze(s["text"]).present() for s in stories]
    ms = (time.perf_counter() - start) * 1000 / max(len(stories), 1)
    for story, got in zip(stories, verdicts, strict=True):
        for finding in FINDINGS:
            truth, said = bool(story["labels"][finding]), got[finding]
            cell = 0 if truth and said else 1 if said else 2 if truth else 3
            counts[finding][cell] += 1
            if truth != said:
                errors.append(f"{story['id']}: {finding} labelled {truth}, analyzer said {said}")
    return counts, errors, ms


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.2f}" if den else "n/a"


def table(split: str, stories: list[dict[str, Any]]) -> tuple[Table, list[str], float]:
    """The per-finding table for one split."""
    counts, errors, ms = score(stories)
    out = Table(title=f"split={split}: {len(stories)} stories", title_justify="left")
    for column in ("finding", "positives", "precision", "recall", "tp", "fp", "fn"):
        out.add_column(column, justify="left" if column == "finding" else "right")
    for finding, (tp, fp, fn, _tn) in counts.items():
        out.add_row(
            finding,
            str(tp + fn),
            _ratio(tp, tp + fp),
            _ratio(tp, tp + fn),
            str(tp),
            str(fp),
            str(fn),
        )
    return out, errors, ms


def main() -> None:
    """Print the table for the chosen splits."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    choices = ("tune", "held", "blind", "fresh", "all", "every")
    parser.add_argument("--split", choices=choices, default="every")
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    args = parser.parse_args()
    console = Console(highlight=False)
    splits = ("tune", "held", "blind", "fresh", "all") if args.split == "every" else (args.split,)
    for split in splits:
        stories = load(split)
        if not stories:
            console.print(f"split={split}: no stories")
            continue
        result, errors, ms = table(split, stories)
        console.print(result)
        console.print(f"analysis time: {ms:.2f} ms per story (mean)\n")
        if args.errors:
            for line in errors:
                console.print("  " + line, markup=False)


if __name__ == "__main__":
    main()
